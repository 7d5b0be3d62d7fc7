// Bundles the project with esbuild:
//   dist/metallb-frr  the executable (KRM function, build, render, kustomize plugin)
//   dist/agent.cjs    the node agent and its dependencies, loaded only by `metallb-frr agent`
// Keeping the agent out of the main file keeps the function's cold start close
// to bare Node (see bench/).
import { build } from 'esbuild';
import { chmodSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
// The bundles are CommonJS; the repository's package.json says "module".
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['fn/main.ts'],
  outfile: 'dist/metallb-frr',
  banner: { js: '#!/usr/bin/env node' },
  define: { AGENT_BUNDLE: '"./agent.cjs"' },
});
chmodSync('dist/metallb-frr', 0o755);

if (existsSync('src/agent/main.ts')) {
  await build({ ...common, entryPoints: ['src/agent/main.ts'], outfile: 'dist/agent.cjs' });
}
console.log('build: dist/metallb-frr' + (existsSync('dist/agent.cjs') ? ', dist/agent.cjs' : ''));
