// `node --import ./scripts/register.mjs`: runs the sources as the bundle
// does. tsx compiles TypeScript; text-hooks.mjs gives shell scripts (.sh) as
// text modules, as esbuild's text loader does in scripts/build.mjs.
import 'tsx';
import { register } from 'node:module';

register('./text-hooks.mjs', import.meta.url);
