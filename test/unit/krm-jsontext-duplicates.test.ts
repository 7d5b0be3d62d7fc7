// A JSON item is written back as written unless YAML would read its text
// differently: a key repeated in one object (JSON.parse keeps the last, YAML
// refuses the text). Only a key counts: a value that equals a key, a string
// in a list, and the same key in two different objects (nested, or side by
// side in a list) are no repetition; an object after a list or a nested
// object still notices its own repeated key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasDuplicateKeys } from '../../src/krm/jsontext.ts';
import { formatResourceList, parseResourceList } from '../../src/krm/resourcelist.ts';

test('a key repeated in one object is a repetition, at any depth and after a list or an object', () => {
  for (const text of [
    '{"a": 1, "a": 2}',
    '{"a": [1], "a": 2}',
    '{"a": ["x"], "b": {"c": 1}, "a": 2}',
    '{"o": {"b": 1, "b": 2}}',
    '[{"a": 1}, {"b": 1, "b": 2}]',
  ]) assert.equal(hasDuplicateKeys(text), true, text);
});

test('a value equal to a key, a string in a list, or one key in two objects is no repetition', () => {
  for (const text of [
    '{"a": "a"}',
    '{"a":"a","b":"b"}',
    '{"k": [1, "k"]}',
    '{"k": ["k", "k"]}',
    '{"a": {"b": 1}, "b": 2}',
    '{"a": [{"b": 1}], "b": 2}',
    '[{"a": 1}, {"a": 1}]',
    '{"a": "x\\"a", "b": "\\\\", "c": "a"}',
  ]) assert.equal(hasDuplicateKeys(text), false, text);
});

test('a JSON item whose values equal its keys is written back as written; one with a repeated key on one line', () => {
  const kept = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "name"}, "data": {"kind": "kind", "x": ["x", "data"]}}';
  const repeated = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "y"}, "data": {"a": ["1"], "a": "2"}}';
  const rl = parseResourceList(`{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [${kept}, ${repeated}]}`);
  assert.equal(
    formatResourceList(rl, rl.items, [], []),
    `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ${kept}\n- {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"y"},"data":{"a":"2"}}\n`,
  );
});
