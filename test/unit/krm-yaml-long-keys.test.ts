// A repeated key too long to be read to its end (200 characters are looked
// at) is named by what was read, its opening quote kept: never by a piece of
// it that a doubled quote ('') made look like a whole quoted key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/krm/resourcelist.ts';
import { parseStream } from '../../src/krm/stream.ts';

const message = (key: string) => {
  try {
    parseStream(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ${key}: 1\n  ${key}: 2\n`, 'f');
  } catch (e) {
    assert.ok(e instanceof InputError);
    return e.message;
  }
  return 'accepted';
};

test("a long single-quoted repeated key with a doubled quote is named by its start, not by the part before ''", () => {
  const key = `'ab''${'c'.repeat(250)}'`;
  assert.equal(message(key), `f: not valid YAML: the key ${JSON.stringify(`'ab''${'c'.repeat(34)}…`)} appears twice in one map (line 6, column 3)`);
});

test("a short single-quoted repeated key with doubled quotes is named whole", () => {
  assert.equal(message("'a''b'''"), `f: not valid YAML: the key "a''b''" appears twice in one map (line 6, column 3)`);
});
