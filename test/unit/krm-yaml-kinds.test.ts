// Every kind of YAML error gets its own sentence, with its line and column,
// quoting no input (the parser's own messages quote it: a password can be
// in them). Real input for each kind the reader can meet; the kinds it never
// produces with its options (one document per parse, keys of any type) from
// an error made by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YAMLParseError, type ErrorCode } from 'yaml';
import { parseDocuments, yamlProblem } from '../../src/krm/yaml.ts';

/** The sentences of the errors (and warnings) of the text, read as the function reads input. */
function problems(text: string): string[] {
  return parseDocuments(text, { uniqueKeys: true }).flatMap((d) => [...d.errors, ...d.warnings].map((e) => yamlProblem(e, text)));
}

test('each kind of YAML error in input is told in its own words, where it is, quoting nothing', () => {
  for (const [text, want] of [
    ['a: &a *b\n', 'an alias cannot have a tag or an anchor (line 1, column 7)'],
    ['a: *\n', 'an alias (*name) is not valid here (line 1, column 4)'],
    ['%YAML 9.9\n---\na: 1\n', 'a % directive is not valid (line 1, column 7)'],
    ['a: "s3cret\\q"\n', 'a double-quoted string has an invalid escape sequence (line 1, column 11)'],
    ['a: @s3cret\n', 'a plain value starts with a reserved character (@ or `); quote it (line 1, column 4)'],
    ['a: b: s3cret\n', 'a map cannot start on the line of its key (`a: b: c`); quote the value or break the line (line 1, column 4)'],
    ['[a:\n  - s3cret]\n', 'a block collection inside a flow collection (line 2, column 3)'],
    [`${'k'.repeat(1025)}: 1\n`, 'a key is longer than 1024 characters (line 1, column 1)'],
    ['a: "s3cret\n', 'a closing quote or bracket is missing (line 2, column 1)'],
    ['"a\nb": 1\n', 'a key runs over several lines (line 1, column 1)'],
    ['a: &x &y 1\n', 'a value has two anchors (line 1, column 7)'],
    ['a:\n\tb: 1\n', 'a tab is used for indentation (use spaces) (line 2, column 1)'],
    ['a: !!int s3cret\n', 'a tagged value does not fit its tag (line 1, column 4)'],
  ]) {
    assert.deepEqual(problems(text), [want], JSON.stringify(text));
  }
  // An unknown tag is a warning besides.
  assert.deepEqual(problems('a: !a !b 1\n'), ['a value has two tags (line 1, column 7)', 'a tagged value does not fit its tag (line 1, column 7)']);
});

test('the kinds the reader does not meet with its options have their own words too', () => {
  for (const [code, want] of [
    ['BAD_PROP_ORDER', 'a tag or anchor is out of place'],
    ['BAD_COLLECTION_TYPE', 'a tag does not fit its collection'],
    ['DUPLICATE_KEY', 'a map has the same key twice'],
    ['IMPOSSIBLE', 'the text cannot be read as YAML'],
    ['MULTIPLE_DOCS', 'several documents where one is expected'],
    ['NON_STRING_KEY', 'a key is not a string'],
  ] as Array<[ErrorCode, string]>) {
    // Without the text a repeated key cannot be named: the general sentence.
    const e = new YAMLParseError([0, 1], code, 'Parser text quoting s3cret');
    e.linePos = [{ line: 3, col: 5 }];
    assert.equal(yamlProblem(e), `${want} (line 3, column 5)`, code);
  }
});
