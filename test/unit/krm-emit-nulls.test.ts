// The writer of generated objects writes null as `null` wherever it stands
// (a document, a map value, a list entry), and an undefined list entry as
// null too, as JSON.stringify does (a map member that is undefined is left
// out, as JSON.stringify does): never an empty value or `undefined`, which
// YAML readers would take for null or for the string "undefined".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { emitYAML } from '../../src/krm/emit.ts';

test('null is written as null in a document, a map and a list; undefined in a list as null', () => {
  assert.equal(emitYAML(null), 'null\n');
  assert.equal(emitYAML(undefined), 'null\n');
  const value = { a: null, b: [1, undefined, null], c: undefined };
  const text = emitYAML(value);
  assert.equal(text, 'a: null\nb:\n- 1\n- null\n- null\n');
  assert.deepEqual(parse(text), JSON.parse(JSON.stringify(value)));
});
