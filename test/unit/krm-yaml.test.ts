// YAML errors in words that quote no input (keys are named, shortened).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YAMLParseError, type ErrorCode } from 'yaml';
import { InputError } from '../../src/krm/resourcelist.ts';
import { parseStream } from '../../src/krm/stream.ts';
import { yamlProblem } from '../../src/krm/yaml.ts';

test('a YAML error of a kind the table does not know: a generic sentence quoting no input', () => {
  const e = new YAMLParseError([0, 6], 'SOMETHING_NEW' as ErrorCode, 'Unexpected s3cret here');
  assert.equal(yamlProblem(e, 's3cret: x\n'), 'the text cannot be read as YAML');
});

test('a repeated key is named, cut to 40 characters with an ellipsis when longer', () => {
  const message = (key: string) => {
    try {
      parseStream(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ${key}: 1\n  ${key}: 2\n`, 'f.yaml');
    } catch (e) {
      assert.ok(e instanceof InputError);
      return e.message;
    }
    assert.fail('a repeated key was accepted');
  };
  const forty = 'k'.repeat(40);
  assert.equal(message(forty), `f.yaml: not valid YAML: the key "${forty}" appears twice in one map (line 6, column 3)`);
  assert.equal(message(`${forty}x`), `f.yaml: not valid YAML: the key "${'k'.repeat(39)}…" appears twice in one map (line 6, column 3)`);
});

test('a repeated key is named as written without its quotes; a bad block scalar header is explained', () => {
  const message = (body: string) => {
    try {
      parseStream(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n${body}`, 'f');
    } catch (e) {
      assert.ok(e instanceof InputError);
      return e.message;
    }
    return 'accepted';
  };
  assert.equal(message('  "a b": 1\n  "a b": 2\n'), 'f: not valid YAML: the key "a b" appears twice in one map (line 6, column 3)');
  assert.equal(message("  'it''s': 1\n  'it''s': 2\n"), 'f: not valid YAML: the key "it\'\'s" appears twice in one map (line 6, column 3)');
  assert.equal(message('  k: 1 # a comment\n  k: 2\n'), 'f: not valid YAML: the key "k" appears twice in one map (line 6, column 3)');
  assert.equal(message('  k : 1\n  k : 2\n'), 'f: not valid YAML: the key "k" appears twice in one map (line 6, column 3)');
  assert.equal(message(']\n'), 'f: not valid YAML: unexpected text (a colon, dash, quote or indentation out of place?) (line 5, column 1)');
  assert.equal(message('  k: >x\n'), 'f: not valid YAML: a value starting with > or | starts a block of text on the next lines; quote it (line 5, column 7)');
});
