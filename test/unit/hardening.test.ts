// Regression tests for issue 9 (adversarial and careless inputs): each
// describe block is one numbered defect, reproduced first, then fixed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runBuild } from '../../fn/build.ts';
import { runFunction } from '../../fn/function.ts';
import { renderCommand } from '../../fn/render.ts';

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
