// Items written back as they were written, or printed from the document
// where their text cannot be cut: a tag or an anchor on the item itself is
// kept, and a comment under an item's last key stays with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResourceList, parseResourceList } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream } from '../../src/krm/stream.ts';

const stream = (text: string) => formatStream(parseStream(text, 's.yaml').map((o) => o.obj));
const resourceList = (text: string) => {
  const rl = parseResourceList(text);
  return formatResourceList(rl, rl.items, [], []);
};

test('a tag or an anchor on an item itself is kept (the item is printed from the document, not cut)', () => {
  const items = '- !!map\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- &x\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n';
  assert.equal(stream(`apiVersion: v1\nkind: List\nitems:\n${items}`), '!!map\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n&x\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
  const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
  assert.equal(resourceList(head + items), head + items);
});

test('a comment under the last key of an item stays with that item, in a List and in a ResourceList', () => {
  const items = '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  # about a\n\n  # more about a, after a blank line\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n  # about b\n';
  assert.equal(stream(`apiVersion: v1\nkind: List\nitems:\n${items}`), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n# about a\n\n# more about a, after a blank line\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n# about b\n');
  const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
  assert.equal(resourceList(head + items), head + items);
});

test('an item ending in a block scalar that keeps its trailing blank lines (|+) keeps them', () => {
  const items = '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    k: |+\n      x\n\n\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n';
  const objs = parseStream(`apiVersion: v1\nkind: List\nitems:\n${items}`, 's.yaml');
  assert.equal((objs[0].obj.data as Record<string, string>).k, 'x\n\n\n');
  const again = parseStream(formatStream(objs.map((o) => o.obj)), 'again.yaml');
  assert.deepEqual(again.map((o) => o.obj), objs.map((o) => o.obj));
  const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
  assert.equal(resourceList(head + items), head + items);
});

test('a comment after a document\'s last key, before the next ---, stays with that document', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n# the end of a\n\n# still a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n';
  assert.equal(stream(text), text);
});
