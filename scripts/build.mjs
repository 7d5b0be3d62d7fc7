// Bundles the project with esbuild:
//   dist/metallb-frr     the executable: a small launcher (fn/launch.ts) that runs
//   dist/cli.cjs         the KRM function, build, render and kustomize-plugin modes,
//   dist/cli.cjs.cache   with this V8 code cache, made here from a run of the seed;
//   dist/agent.cjs       the node agent and its dependencies, loaded only by `metallb-frr agent`;
//   dist/review.cjs      diff and explain, loaded only by those commands.
// Keeping the agent out of cli.cjs and starting from the code cache keep the
// function's cold start close to bare Node (see bench/).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

mkdirSync('dist', { recursive: true });
// The bundles are CommonJS; the repository's package.json says "module".
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');

// Shell scripts are text modules (scripts/text-hooks.mjs does the same from source).
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning', loader: { '.sh': 'text' } };

await build({ ...common, entryPoints: ['fn/launch.ts'], outfile: 'dist/metallb-frr', banner: { js: '#!/usr/bin/env node' } });
chmodSync('dist/metallb-frr', 0o755);
await build({ ...common, entryPoints: ['fn/main.ts'], outfile: 'dist/cli.cjs', define: { AGENT_BUNDLE: '"agent.cjs"', REVIEW_BUNDLE: '"review.cjs"' } });
await build({ ...common, entryPoints: ['fn/review.ts'], outfile: 'dist/review.cjs' });
if (existsSync('src/agent/main.ts')) {
  await build({ ...common, entryPoints: ['src/agent/main.ts'], outfile: 'dist/agent.cjs' });
}

// The code cache: run the function once on the seed example, as kpt would
// send it, and keep what V8 compiled.
rmSync('dist/cli.cjs.cache', { force: true });
const seed = 'examples/seed';
const items = readdirSync(seed)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'fn-config.yaml')
  .map((f) => readFileSync(join(seed, f), 'utf8'))
  .map((text) => '- ' + text.replace(/^#.*\n/gm, '').trimEnd().replace(/\n/g, '\n  ') + '\n');
const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('')}`;
execFileSync(process.execPath, ['dist/metallb-frr'], { input: list, env: { ...process.env, METALLB_FRR_WRITE_CODE_CACHE: '1' }, stdio: ['pipe', 'ignore', 'inherit'] });

console.log(`build: ${readdirSync('dist').sort().join(', ')} in dist/`);
