// A JSON List on a stream (build, render, the kustomize plugin) whose item is
// no object: one line naming the stream and the item, the line a YAML List
// gets, and nothing read. JSON after blank lines is still read as JSON (a
// repeated key keeps the last; YAML would refuse it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStream, parseStream } from '../../src/krm/stream.ts';
import { InputError } from '../../src/krm/resourcelist.ts';

const OK = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}';

function message(text: string): string | undefined {
  try {
    parseStream(text, 'in.json');
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  return undefined;
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
