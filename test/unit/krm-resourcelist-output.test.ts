// The output ResourceList's items: the kept input items, then the added
// objects; `items: []` only when there are none of either (as many kept as
// added is still a list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResourceList, parseResourceList } from '../../src/krm/resourcelist.ts';

const IN = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n';

test('one item kept and one added: both listed, the kept one as written, then the added', () => {
  const rl = parseResourceList(IN);
  const added = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } };
  assert.equal(
    formatResourceList(rl, rl.items, [added], []),
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n',
  );
  assert.equal(formatResourceList(rl, [], [], []), 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
});
