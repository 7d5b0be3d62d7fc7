// explain on every compile golden case: for each prefix each node announces
// (the golden FRRConfigurations, with the case's hand-written ones, merged
// for the node as the agent does), explain says "announced" to the same
// neighbours with the same localPref and communities, and its chain of
// MetalLB's rules predicts exactly what the generated configurations say.
// Without Node objects, a node is made for each node selector of the output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExplain } from '../../fn/explain.ts';
import type { GeneratedFRRConfiguration } from '../../src/api/frrk8s.ts';
import type { KubeObject, LabelSelector } from '../../src/api/k8s.ts';
import { noSecrets } from '../../src/frr/index.ts';
import { emitYAML } from '../../src/krm/emit.ts';
import { parseStream } from '../../src/krm/stream.ts';
import { nodeModel } from '../../src/review/model.ts';
import { nodeViews } from '../../src/frr/views.ts';
import { tempDir } from '../lib/fixtures.ts';

const root = join(import.meta.dirname, 'compile');
const noStdin = () => '';

/** Labels a node needs to be selected by a selector (one value per In, any value for Exists). */
function labelsFor(sel: LabelSelector): Record<string, string> {
  const out: Record<string, string> = { ...(sel.matchLabels ?? {}) };
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') out[e.key] = e.values![0];
    if (e.operator === 'Exists') out[e.key] = 'x';
  }
  return out;
}

for (const name of readdirSync(root).sort()) {
  const dir = join(root, name);
  if (/^error/m.test(readFileSync(join(dir, 'diagnostics.txt'), 'utf8'))) continue;
  test(`explain golden: ${name}`, () => {
    const objs = parseStream(readFileSync(join(dir, 'input.yaml'), 'utf8'), 'input.yaml').map((s) => s.obj);
    const output = parseStream(readFileSync(join(dir, 'output.yaml'), 'utf8'), 'output.yaml').map((s) => s.obj) as unknown as GeneratedFRRConfiguration[];
    const handWritten = objs.filter((o) => o.kind === 'FRRConfiguration' && o.metadata?.namespace === 'frr-k8s-system') as unknown as GeneratedFRRConfiguration[];
    const nodes = objs.filter((o) => o.kind === 'Node');
    const t = tempDir('explain-golden');
    try {
      // The case's objects as a package; a ConfigMap configuration goes to --config.
      const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata?.annotations?.['config.kubernetes.io/local-config'] === 'true');
      writeFileSync(join(t.dir, 'input.yaml'), objs.filter((o) => o !== cm).map((o) => emitYAML(o as KubeObject)).join('---\n'));
      const config = cm ? ['--config', join(t.dir, 'config.yaml')] : [];
      if (cm) writeFileSync(join(t.dir, 'config.yaml'), emitYAML(cm));
      const cases = nodes.length
        ? nodes.map((n) => ({ name: n.metadata!.name!, labels: { 'kubernetes.io/hostname': n.metadata!.name!, ...(n.metadata?.labels ?? {}) }, args: [] as string[] }))
        : [...new Map(output.map((c) => [JSON.stringify(c.spec.nodeSelector ?? {}), labelsFor(c.spec.nodeSelector ?? {})])).values()].map((labels) => {
            // A selector on the hostname label (a Local service's endpoints) names the node.
            const name = labels['kubernetes.io/hostname'] ?? 'explained';
            const rest = Object.entries(labels).filter(([k]) => k !== 'kubernetes.io/hostname');
            return { name, labels: { 'kubernetes.io/hostname': name, ...labels }, args: rest.length ? ['--labels', rest.map(([k, v]) => `${k}=${v}`).join(',')] : [] };
          });
      let checked = 0;
      for (const node of cases) {
        const [view] = nodeViews([...output, ...handWritten], [{ name: node.name, labels: node.labels }]);
        assert.ok(view.merged, `${node.name} does not merge`);
        const model = nodeModel(view.merged, noSecrets);
        const expected = new Map<string, Array<{ neighbor: string; vrf: string; localPref?: number; communities: string[]; largeCommunities: string[] }>>();
        for (const r of model.routers) {
          for (const n of r.neighbors) {
            for (const p of n.prefixes) {
              const list = expected.get(p.prefix) ?? [];
              list.push({ neighbor: n.peer, vrf: r.vrf, ...(p.localPref !== undefined ? { localPref: p.localPref } : {}), communities: p.communities, largeCommunities: p.largeCommunities });
              expected.set(p.prefix, list);
            }
          }
        }
        for (const [prefix, to] of expected) {
          const r = runExplain([t.dir, '--node', node.name, ...node.args, ...config, '--prefix', prefix, '-o', 'json'], noStdin);
          assert.equal(r.code, 0, r.stderr);
          const e = JSON.parse(r.stdout);
          const where = `${name}, node ${node.name} ${JSON.stringify(node.labels)}, ${prefix}`;
          assert.equal(e.verdict.announced, true, `${where}: ${e.verdict.text}`);
          assert.equal(e.consistent, true, `${where}: ${JSON.stringify(e.steps)}`);
          const got = e.verdict.to.filter((a: { prefix: string }) => a.prefix === prefix).map(({ prefix: _p, asn: _a, ...rest }: Record<string, unknown>) => rest);
          assert.deepEqual(sortBy(got), sortBy(to), where);
          assert.match(r.stdout, /"file": "input\.yaml \(document \d+\)"/, `${where}: steps name the file`);
          checked++;
        }
      }
      assert.ok(checked > 0, 'every golden case announces something to check');
    } finally {
      t.cleanup();
    }
  });
}

function sortBy<T extends { neighbor: string; vrf: string }>(xs: T[]): T[] {
  return [...xs].sort((a, b) => `${a.vrf}|${a.neighbor}`.localeCompare(`${b.vrf}|${b.neighbor}`));
}
