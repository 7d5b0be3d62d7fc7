// dist/metallb-frr: starts dist/cli.cjs (the bundle of fn/main.ts) with V8's
// code cache (dist/cli.cjs.cache, written by `npm run build` after a run of
// the seed example). Compiling the bundle's functions is most of a cold
// start; with the cache the function starts within a few tens of
// milliseconds of bare Node. A cache made by another Node version is rejected
// by V8 and the bundle is simply compiled as usual.
//
// METALLB_FRR_WRITE_CODE_CACHE=1 makes this run write the cache at exit (the
// build does that; nothing else should).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

const file = join(__dirname, 'cli.cjs');
const cacheFile = `${file}.cache`;
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache: compile as usual
}
const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
if (process.env.METALLB_FRR_WRITE_CODE_CACHE === '1') {
  process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}
const mod = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, createRequire(file), mod, file, __dirname);
