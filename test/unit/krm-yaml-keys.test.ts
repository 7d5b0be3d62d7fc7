// A repeated key is named as the user wrote it, without its quotes: a quoted
// key holding a colon or a hash is named whole, a plain key holding quotes
// keeps them, and a quoted key too long to be seen to its end keeps its
// opening quote (and its doubled quotes) rather than losing characters. Only
// the block scalar header error the library reports for extra characters
// (UNEXPECTED_TOKEN) is explained as a block scalar. A long key is never
// named by a piece of it that a doubled quote ('') made look like a whole
// quoted key (it was: a bug).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YAMLParseError } from 'yaml';
import { InputError } from '../../src/krm/resourcelist.ts';
import { parseStream } from '../../src/krm/stream.ts';
import { yamlProblem } from '../../src/krm/yaml.ts';

const message = (key: string) => {
  try {
    parseStream(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ${key}: 1\n  ${key}: 2\n`, 'f');
  } catch (e) {
    assert.ok(e instanceof InputError);
    return e.message;
  }
  return 'accepted';
};
const twice = (name: string) => `f: not valid YAML: the key ${name} appears twice in one map (line 6, column 3)`;

test('a repeated quoted key holding a colon or a hash is named whole, without its quotes', () => {
  assert.equal(message('"a:b"'), twice('"a:b"'));
  assert.equal(message('"x#y"'), twice('"x#y"'));
  assert.equal(message("'a:b'"), twice('"a:b"'));
  assert.equal(message("'it''s:x'"), twice(`"it''s:x"`));
});

test('a repeated plain key holding quotes keeps them', () => {
  assert.equal(message('a"b"'), twice('"a\\"b\\""'));
  assert.equal(message("x'y'"), twice(`"x'y'"`));
});

test('a repeated quoted key longer than what is read of it keeps its opening quote and its escaped quote', () => {
  const key = `"ab\\"${'c'.repeat(250)}"`;
  assert.equal(message(key), twice(JSON.stringify(`"ab\\"${'c'.repeat(34)}…`)));
});

test("only the library's block scalar header error for extra characters is explained as a block scalar", () => {
  assert.equal(yamlProblem(new YAMLParseError([0, 1], 'IMPOSSIBLE', 'Block scalar header not found')), 'the text cannot be read as YAML');
  assert.equal(yamlProblem(new YAMLParseError([0, 1], 'UNEXPECTED_TOKEN', 'Block scalar header includes extra characters: >x')), 'a value starting with > or | starts a block of text on the next lines; quote it');
});

test("a long single-quoted repeated key with a doubled quote is named by its start, not by the part before ''", () => {
  const key = `'ab''${'c'.repeat(250)}'`;
  assert.equal(message(key), `f: not valid YAML: the key ${JSON.stringify(`'ab''${'c'.repeat(34)}…`)} appears twice in one map (line 6, column 3)`);
});

test("a short single-quoted repeated key with doubled quotes is named whole", () => {
  assert.equal(message("'a''b'''"), `f: not valid YAML: the key "a''b''" appears twice in one map (line 6, column 3)`);
});
