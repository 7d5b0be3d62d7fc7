// What a stream's document is: only a *List with items is unwrapped; a
// document with an alias anywhere is written out from its data; JSON follows
// JSON's rules. The same whichever way the stream is read (cut into parts
// where its lines allow, or whole).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream } from '../../src/krm/stream.ts';

const ITEMS = 'items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a # a comment\n';
const read = (text: string) => {
  const objs = parseStream(text, 's.yaml');
  return { sources: objs.map((o) => o.source), text: formatStream(objs.map((o) => o.obj)) };
};

test('a document with items that is no List is one object, written as it is', () => {
  const bundle = `apiVersion: example.com/v1\nkind: Bundle\nmetadata:\n  name: b\n${ITEMS}`;
  assert.deepEqual(read(bundle), { sources: ['s.yaml'], text: bundle });
  assert.deepEqual(read(`apiVersion: v1\nkind: List\nmetadata: {}\n${ITEMS}`), { sources: ['s.yaml items[0]'], text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a # a comment\n' });
});

test('a kind that is no string: not a Kubernetes object, even with items', () => {
  assert.throws(() => parseStream(`apiVersion: v1\nkind: 1\nmetadata:\n  name: b\n${ITEMS}`, 's.yaml'), (e: unknown) => e instanceof InputError && e.message === 's.yaml: not a Kubernetes object (no kind)');
});

test('a List whose head holds an alias: its items are written from their data, as any document with an alias', () => {
  assert.deepEqual(read(`apiVersion: v1\nkind: List\nmetadata: &m {}\nx: *m\n${ITEMS}`), { sources: ['s.yaml items[0]'], text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
});

test('a JSON object with a repeated key keeps the last, as JSON.parse does (YAML would refuse it)', () => {
  assert.deepEqual(read('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "1", "k": "2"}}'), {
    sources: ['s.yaml'],
    text: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"2"}}\n',
  });
});
