#!/usr/bin/env node
// Writes image references into the manifests' defaults, for the release
// workflow (.github/workflows/release.yaml) once it has pushed the images:
//
//   node scripts/pin-images.mjs --agent ghcr.io/o/metallb-frr-agent:0.2.0@sha256:<64 hex> \
//                               --frr quay.io/frrouting/frr:10.4.3@sha256:<64 hex> [--root DIR]
//   node scripts/pin-images.mjs --print          the current defaults, one per line: agent, frr
//
// Each given reference must carry a digest. The script replaces the current
// default (DEFAULT_AGENT_IMAGE, DEFAULT_FRR_IMAGE in src/compile/options.ts)
// with it there and wherever the old reference appears whole in the
// repository's text files (golden files, the rendered example, the READMEs),
// so that the tests agree with the new defaults. Exit 0 done, 2 bad usage.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const MANIFESTS = 'src/compile/options.ts';
const CONSTANTS = { agent: 'DEFAULT_AGENT_IMAGE', frr: 'DEFAULT_FRR_IMAGE' };
/** registry/name[:tag]@sha256:digest */
const PINNED = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+(:[\w][\w.-]{0,127})?@sha256:[a-f0-9]{64}$/;
const SKIP_DIRS = new Set(['.git', 'node_modules', 'dist']);
const TEXT = /\.(ts|mjs|js|md|ya?ml|json|sh|txt)$|^Dockerfile$/;

function fail(message) {
  process.stderr.write(`error: ${message}\nusage: node scripts/pin-images.mjs --agent REF@sha256:DIGEST --frr REF@sha256:DIGEST [--root DIR] | --print\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { agent: { type: 'string' }, frr: { type: 'string' }, root: { type: 'string' }, print: { type: 'boolean' } } }));
} catch (e) {
  fail(e.message);
}
const root = values.root ?? join(import.meta.dirname, '..');
const manifestsFile = join(root, MANIFESTS);
const source = readFileSync(manifestsFile, 'utf8');
const current = {};
for (const [k, name] of Object.entries(CONSTANTS)) {
  const m = new RegExp(`^export const ${name} = '([^']+)';$`, 'm').exec(source);
  if (!m) fail(`${MANIFESTS} has no "export const ${name} = '...';"`);
  current[k] = m[1];
}
if (values.print) {
  process.stdout.write(`${current.agent}\n${current.frr}\n`);
  process.exit(0);
}
const wanted = {};
for (const k of Object.keys(CONSTANTS)) {
  const ref = values[k];
  if (ref === undefined) fail(`--${k} is required`);
  if (!PINNED.test(ref)) fail(`--${k}: "${ref}" is not an image reference with a digest (registry/name:tag@sha256:<64 hex digits>)`);
  wanted[k] = ref;
}

/** `old` wherever it stands whole: not followed by more of a reference (a tag, a digest). */
const whole = (old) => new RegExp(`${old.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\w.:@/-])`, 'g');

const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir).sort()) {
    if (SKIP_DIRS.has(e)) continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (TEXT.test(e)) files.push(p);
  }
})(root);

for (const file of files) {
  const before = readFileSync(file, 'utf8');
  let after = before;
  for (const k of Object.keys(CONSTANTS)) if (current[k] !== wanted[k]) after = after.replace(whole(current[k]), wanted[k]);
  if (after !== before) {
    writeFileSync(file, after);
    process.stdout.write(`pinned: ${relative(root, file)}\n`);
  }
}
