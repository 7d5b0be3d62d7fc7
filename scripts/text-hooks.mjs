// Module hooks (registered by register.mjs): `import text from './x.sh'`
// gives the file's text, as esbuild's text loader does in the bundle.
import { readFile } from 'node:fs/promises';

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.sh')) return next(url, context);
  const text = await readFile(new URL(url), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
