// A JSON ResourceList read in process (parseResourceList): bad JSON is one
// line naming where it broke (line and column, counted as an editor does),
// never the text; a number JSON cannot hold and a functionConfig that is no
// object are refused by name; JSON that YAML would read otherwise is printed
// on one line, the rest written back as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonText, parseResourceList } from '../../src/krm/resourcelist.ts';
import { refusal } from '../lib/refusal.ts';

const message = (text: string): string => refusal(() => parseResourceList(text)) ?? 'accepted';
const HEAD = '"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList"';
const ITEM = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}';

test('bad JSON: the line and column where it broke (several digits, a text starting with a newline, a newline in a string), or no place when it just ends', () => {
  const cases: Array<[string, string]> = [
    // V8 says "at position 41": every digit of the position counts.
    [`\n\n{"apiVersion": "config.kubernetes.io/v1" x}`, 'input is not valid JSON (line 3, column 42)'],
    // A newline at offset 0 starts line 2.
    ['\n{"a" x}', 'input is not valid JSON (line 2, column 6)'],
    // The error is at the newline itself (a control character in a string): still line 1.
    ['{"a\nb": 1}', 'input is not valid JSON (line 1, column 4)'],
    // Leading blanks before the brace: still read as JSON.
    [`  \n {${HEAD}, "items": [1,]}`, 'input is not valid JSON'],
    ['{"a":', 'input is not valid JSON'],
  ];
  for (const [text, expected] of cases) assert.equal(message(text), expected, JSON.stringify(text));
});

test('a number JSON cannot hold (1e400 is Infinity to JSON.parse) is refused, wherever it is', () => {
  const expected = 'input is not plain data: a number that JSON cannot hold (.nan, .inf)';
  assert.equal(message(`{${HEAD}, "items": [], "x": 1e400}`), expected);
  assert.equal(message(`{${HEAD}, "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"n": -1e999}}]}`), expected);
});

test('JSON functionConfig: null is none; a number, a string or a list is not an object', () => {
  const rl = parseResourceList(`{${HEAD}, "items": [${ITEM}], "functionConfig": null}`);
  assert.deepEqual([rl.items.length, rl.functionConfig, rl.functionConfigText], [1, undefined, undefined]);
  assert.equal(message(`{${HEAD}, "functionConfig": 3}`), 'ResourceList.functionConfig is a number, not an object');
  assert.equal(message(`{${HEAD}, "functionConfig": "x"}`), 'ResourceList.functionConfig is a string, not an object');
  assert.equal(message(`{${HEAD}, "functionConfig": []}`), 'ResourceList.functionConfig is a list, not an object');
  const fc = parseResourceList(`{${HEAD}, "functionConfig": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}}`);
  assert.equal(fc.functionConfigText, '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}\n');
});

test('JSON with leading blanks is read as JSON: a repeated key keeps the last (YAML would refuse it)', () => {
  const rl = parseResourceList(`\n  {${HEAD}, "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "k": 1, "k": 2}]}`);
  assert.deepEqual(rl.items[0].obj, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, k: 2 });
  assert.equal(rl.items[0].entry, '- {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"k":2}\n');
});

test('jsonText: a line indented with a tab (after any number of spaces, none included) is printed on one line; other text is kept', () => {
  const value = { a: 1 };
  for (const slice of ['{\n\t"a": 1}', '{\n \t"a": 1}', '{\n   \t"a": 1}', '{"a":\r1}']) assert.equal(jsonText(slice, value), '{"a":1}\n', JSON.stringify(slice));
  for (const slice of ['{\n  "a": 1}', '{"a":\t1}', '{\n  "a":\t1}', '{\n"a":\t1}']) assert.equal(jsonText(slice, value), `${slice}\n`, JSON.stringify(slice));
});
