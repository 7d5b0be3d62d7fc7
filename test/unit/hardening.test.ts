// Regression tests for issue 9 (adversarial and careless inputs): each
// describe block is one numbered defect, reproduced first, then fixed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBuild } from '../../fn/build.ts';
import { runFunction } from '../../fn/function.ts';
import { renderCommand } from '../../fn/render.ts';
import { DirSource } from '../../src/agent/dirsource.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import { tempDir } from '../lib/fixtures.ts';
import { RAW_SECRETS } from '../lib/secrets.ts';

const list = (items: string) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}`;
const stdin = (text: string) => () => text;

describe('1. an FRRConfiguration without spec', () => {
  const doc = 'apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: custom, namespace: frr-k8s-system}\n';

  it('is an empty configuration for the function and build, as for render (no crash)', async () => {
    const fn = runFunction(list(`- ${doc.replace(/\n(?=.)/g, '\n  ')}`));
    assert.equal(fn.code, 0, fn.stderr);
    assert.equal(fn.stderr, '');
    const build = runBuild(['-'], stdin(doc), {});
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stdout, /name: custom/);
    const render = await renderCommand(['--node', 'n1'], doc);
    assert.equal(render.code, 0, render.stderr);
  });

  it('meets generated configurations like one that selects every node', () => {
    const peer = 'apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65000, peerAddress: 10.0.0.1}\n';
    const r = runBuild(['-'], stdin(`${peer}---\n${doc}`), {});
    assert.equal(r.code, 0, r.stderr);
  });
});

describe('2. deeply nested input', () => {
  const nested = (levels: number): unknown => {
    let v: unknown = 'x';
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
    return v;
  };
  // A ConfigMap whose data nests `levels` deep below the document (ResourceList → items → item → data: 3 more).
  const item = (levels: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep', annotations: { note: 'x' } }, data: { k: nested(levels) } });
  const resourceList = (levels: number) => ({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [item(levels)] });
  const oneLine = (stderr: string) => {
    assert.equal(stderr.split('\n').filter(Boolean).length, 1, stderr);
    assert.match(stderr, /^error: .*nested more than 200 levels deep\n$/);
  };

  for (const levels of [900, 3000]) {
    it(`${levels} levels: one clean error line from the function (JSON and YAML), build and render`, async () => {
      const json = JSON.stringify(resourceList(levels));
      const fnJSON = runFunction(json);
      assert.equal(fnJSON.code, 1);
      oneLine(fnJSON.stderr);
      const flow = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [${JSON.stringify(item(levels))}]\n`;
      const fnYAML = runFunction(flow);
      assert.equal(fnYAML.code, 1);
      oneLine(fnYAML.stderr);
      const build = runBuild(['-'], stdin(JSON.stringify(item(levels))), {});
      assert.equal(build.code, 1);
      oneLine(build.stderr);
      const render = await renderCommand(['--node', 'n1'], JSON.stringify(item(levels)));
      assert.equal(render.code, 2);
      oneLine(render.stderr);
    });
  }

  it('the agent reading files: a conversion problem, not a crash', () => {
    const t = tempDir('deep');
    try {
      writeFileSync(join(t.dir, 'deep.yaml'), JSON.stringify(item(3000)));
      const src = new DirSource(t.dir, 'frr-k8s-system', { name: 'n1', labels: {} }, 1000, memoryLogger(), () => undefined);
      src.poll();
      assert.deepEqual(src.snapshot()?.problems, ['deep.yaml: not valid YAML (document 1): maps and lists are nested more than 200 levels deep']);
    } finally {
      t.cleanup();
    }
  });

  it('up to the limit the input passes through whole', () => {
    const r = runFunction(JSON.stringify(resourceList(196)));
    assert.equal(r.code, 0, r.stderr);
    const y = runFunction(r.stdout);
    assert.equal(y.code, 0, y.stderr);
    assert.equal(y.stdout, r.stdout);
    assert.equal(runBuild(['-'], stdin(JSON.stringify(item(197))), {}).code, 0);
  });
});

describe('3. a router with 130,000 prefixes', () => {
  it('render prints every network (no stack overflow from a spread)', async () => {
    const prefixes = Array.from({ length: 130_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`);
    const cfg = {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRConfiguration',
      metadata: { name: 'huge', namespace: 'frr-k8s-system' },
      spec: { bgp: { routers: [{ asn: 64512, prefixes, neighbors: [{ address: '10.255.0.1', asn: 65000, toAdvertise: { allowed: { mode: 'all' } } }] }] } },
    };
    const r = await renderCommand(['--node', 'n1'], JSON.stringify(cfg));
    assert.equal(r.code, 0, r.stderr.slice(0, 300));
    assert.equal(r.stdout.match(/^  network /gm)?.length, 130_000);
  });
});

describe('4. secrets in raw configuration', () => {
  const rawConfig = RAW_SECRETS.map(([l]) => l).join('\n');
  const cfg = `apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: raw, namespace: frr-k8s-system}\nspec:\n  raw:\n    rawConfig: ${JSON.stringify(rawConfig)}\n`;

  it('render without --secrets redacts every secret keyword FRR has; with --secrets they are there', async () => {
    const r = await renderCommand(['--node', 'n1'], cfg);
    assert.equal(r.code, 0, r.stderr);
    for (const [, secret] of RAW_SECRETS) assert.ok(!r.stdout.includes(secret), `${secret} leaked:\n${r.stdout}`);
    // Each line keeps its command up to the secret keyword.
    assert.equal(r.stdout.match(/<redacted>$/gm)?.length, RAW_SECRETS.length, r.stdout);
    const shown = await renderCommand(['--node', 'n1', '--secrets'], cfg);
    for (const [, secret] of RAW_SECRETS) assert.ok(shown.stdout.includes(secret));
  });
});
