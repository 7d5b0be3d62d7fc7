// A List in a stream read whole (parseStreamWhole, the reference the parts
// are checked against, and any stream with a directive): `kind` ending in
// List unwraps it, and each item's text is as written: comments above the
// first item with it, a comment below an item's last line with that item,
// odd spacing and blank lines kept. A document with an alias is written from
// its data (its aliases resolved), never as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStream, parseStream, parseStreamWhole } from '../../src/krm/stream.ts';

const LIST = 'apiVersion: v1\nkind: List\nitems:\n# about a\n- apiVersion: v1\n  kind:   ConfigMap\n  metadata: {name: a}\n  # tail of a\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n';
const WRITTEN = '# about a\napiVersion: v1\nkind:   ConfigMap\nmetadata: {name: a}\n# tail of a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n';

test('a List read whole, or after a directive: items as written, comments with the item they are next to', () => {
  for (const objs of [parseStreamWhole(LIST, 's.yaml'), parseStream(`%YAML 1.2\n---\n${LIST}`, 's.yaml'), parseStreamWhole(`%YAML 1.2\n---\n${LIST}`, 's.yaml')]) {
    assert.deepEqual(objs.map((o) => o.source), ['s.yaml items[0]', 's.yaml items[1]']);
    assert.equal(formatStream(objs.map((o) => o.obj)), WRITTEN);
  }
});

test('any kind ending in List is unwrapped, read whole too', () => {
  const text = 'apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n';
  for (const objs of [parseStreamWhole(text, 's.yaml'), parseStream(text, 's.yaml')]) {
    assert.deepEqual(objs.map((o) => [o.source, o.obj.metadata?.name]), [['s.yaml items[0]', 'a']]);
  }
});

test('blank lines between items read whole stay with the item above, as written', () => {
  const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n\n\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n';
  assert.equal(formatStream(parseStreamWhole(text, 's.yaml').map((o) => o.obj)), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
});

test('a document with an alias is written from its data, the alias resolved', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: &v hello\n  y: *v\n';
  for (const objs of [parseStream(text, 's.yaml'), parseStreamWhole(text, 's.yaml')]) {
    assert.equal(formatStream(objs.map((o) => o.obj)), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: hello\n  "y": hello\n');
  }
});

test('blank lines between a List\'s items are kept after a directive too (the document runs to the text\'s end)', () => {
  const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n\n\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n';
  const written = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n';
  assert.equal(formatStream(parseStream(list, 's.yaml').map((o) => o.obj)), written);
  assert.equal(formatStream(parseStream(`%YAML 1.2\n---\n${list}`, 's.yaml').map((o) => o.obj)), written);
});
