// A JSON List on a stream (build, render, the kustomize plugin) whose item is
// no object: one line naming the stream and the item, the line a YAML List
// gets, and nothing read. JSON after blank lines is still read as JSON (a
// repeated key keeps the last; YAML would refuse it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStream, parseStream } from '../../src/krm/stream.ts';
import { refusal } from '../lib/refusal.ts';

const OK = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}';

function message(text: string): string | undefined {
  return refusal(() => parseStream(text, 'in.json'));
}

test('a JSON List item that is no object (a number, a string, null, a list) is named, as in a YAML List', () => {
  for (const bad of ['3', '"x"', 'null', '[]', '[{"apiVersion": "v1"}]']) {
    const json = `{"apiVersion": "v1", "kind": "List", "items": [${OK}, ${bad}]}`;
    assert.equal(message(json), 'in.json: items[1] is not an object', json);
    const yaml = `apiVersion: v1\nkind: List\nitems:\n- ${OK}\n- ${bad}\n`;
    assert.equal(message(yaml), 'in.json: items[1] is not an object', yaml);
  }
  assert.equal(message(`{"apiVersion": "v1", "kind": "List", "items": [1, ${OK}]}`), 'in.json: items[0] is not an object');
});

test('JSON after leading blank lines is read as JSON: a repeated key keeps the last', () => {
  const objs = parseStream('\n  \n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "1", "k": "2"}}\n', 'in.json');
  assert.deepEqual(objs.map((o) => o.obj.data), [{ k: '2' }]);
  assert.equal(formatStream(objs.map((o) => o.obj)), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"2"}}\n');
});

test('JSON on a stream: a list or a number JSON cannot hold gets the YAML reader\'s line; a YAML flow map is read as YAML', () => {
  assert.equal(message('[1]'), 'in.json: expected a Kubernetes object, found a list');
  assert.equal(message('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"x": 1e999}}'), 'in.json: not plain data: a number that JSON cannot hold (.nan, .inf) (line 1, column 84)');
  assert.equal(message('{a: 1}'), 'in.json: not a Kubernetes object (no apiVersion, kind, metadata.name)');
  assert.deepEqual(parseStream('{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}', 'in.json').map((o) => o.obj.metadata?.name), ['a']);
});

test('a JSON object is unwrapped only when its kind ends in List; items without a kind are no List', () => {
  const item = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}';
  assert.deepEqual(parseStream(`{"apiVersion": "v1", "kind": "ConfigMapList", "items": [${item}]}`, 'in.json').map((o) => o.source), ['in.json items[0]']);
  const notList = `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "items": [${item}]}`;
  assert.deepEqual(parseStream(notList, 'in.json').map((o) => [o.source, o.obj.metadata?.name]), [['in.json', 'c']]);
  assert.equal(message(`{"apiVersion": "v1", "metadata": {"name": "x"}, "items": [${item}]}`), 'in.json: not a Kubernetes object (no kind)');
});

test('a JSON object is written back as written, without the blank lines around it', () => {
  const objs = parseStream('\n\n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}\n\n', 'in.json');
  assert.equal(formatStream(objs.map((o) => o.obj)), '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}\n');
});
