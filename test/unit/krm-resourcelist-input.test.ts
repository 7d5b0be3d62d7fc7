// Reading a ResourceList from stdin, edge by edge: what counts as no input,
// the JSON reader's messages (where the error is, or nothing when V8 gives no
// position), JSON's functionConfig and items text, a YAML `items:` left
// empty, a comment above a first item whose text cannot be cut (a tag or an
// anchor on it), a key repeated beside a list read in parts. Each bad input
// gets its one whole line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, parseResourceList } from '../../src/krm/resourcelist.ts';
import { refusal } from '../lib/refusal.ts';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const JSON_HEAD = '"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList"';
const ITEM = '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n';

function message(text: string): string | undefined {
  return refusal(() => parseResourceList(text));
}

test('an error without details prints as its one line', () => {
  const e = new InputError('input is wrong');
  assert.deepEqual(e.details, []);
  assert.equal(e.lines(), 'error: input is wrong\n');
});

test('no input: nothing, blank lines, or only Unicode spaces (a no-break space, a byte order mark, an ideographic space)', () => {
  for (const text of ['', '  \n\n', '\u00a0', '\ufeff\n', '\u3000\n', '\u2028']) {
    assert.equal(message(text), 'no input: expected a config.kubernetes.io/v1 ResourceList on stdin', JSON.stringify(text));
  }
});

test('JSON after leading blank lines is read as JSON; its error is placed by line and column, or not at all where V8 gives no position', () => {
  assert.equal(message(' \n[1'), 'input is not valid JSON (line 2, column 3)');
  assert.equal(message(`\n\n{${JSON_HEAD},\n "items": []}x`), 'input is not valid JSON (line 4, column 14)');
  assert.equal(message('{"apiVersion": "v1",\n "kind": ,}'), 'input is not valid JSON');
});

test('a JSON number too large for a double is refused as not plain data', () => {
  assert.equal(message(`{${JSON_HEAD}, "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"x": 1e999}}]}`), 'input is not plain data: a number that JSON cannot hold (.nan, .inf)');
});

test('a JSON functionConfig: null is none; a number or a string is named as no object', () => {
  assert.deepEqual(parseResourceList(`{${JSON_HEAD}, "items": [], "functionConfig": null}`), { items: [] });
  assert.equal(message(`{${JSON_HEAD}, "items": [], "functionConfig": 3}`), 'ResourceList.functionConfig is a number, not an object');
  assert.equal(message(`{${JSON_HEAD}, "items": [], "functionConfig": "x"}`), 'ResourceList.functionConfig is a string, not an object');
});

test('a JSON item with a line indented by spaces then a tab is written on one line (YAML would refuse it); a tab after text is kept as written', () => {
  const text = `{${JSON_HEAD}, "items": [{\n  \t"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}, {\n"apiVersion":\t"v1", "kind": "ConfigMap", "metadata": {"name": "b"}}]}`;
  assert.deepEqual(parseResourceList(text).items.map((i) => i.entry), [
    '- {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n',
    '- {\n  "apiVersion":\t"v1", "kind": "ConfigMap", "metadata": {"name": "b"}}\n',
  ]);
});

test('a YAML items: left empty, ~ or null holds no items', () => {
  for (const items of ['items:\n', 'items: ~\n', 'items: null\n', 'items: # none\n']) {
    assert.deepEqual(parseResourceList(`${HEAD}${items}`), { items: [] }, items);
  }
  for (const items of ['items: 3\n', 'items: ""\n', 'items: {a: 1}\n']) {
    assert.equal(message(`${HEAD}${items}`), 'ResourceList.items must be a list', items);
  }
});

test('a comment above the first item is kept with it where its text is printed (a tag or anchor on it), and with no other item, read in parts or whole', () => {
  const tagged = (name: string, mark: string) => `- ${mark}\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: ${name}}\n`;
  // A leading document marker: the list is not cut, the whole text is read.
  for (const start of ['', '---\n']) {
    const rl = parseResourceList(`${start}${HEAD}items:\n# about a\n${tagged('a', '!!map')}${tagged('b', '&b')}`);
    assert.deepEqual(rl.items.map((i) => i.entry), ['- # about a\n  !!map\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n', tagged('b', '&b')], start);
    const own = parseResourceList(`${start}${HEAD}items: # on items\n${tagged('a', '&a')}# about b\n${tagged('b', '!!map')}`);
    assert.deepEqual(own.items.map((i) => i.entry), ['- # on items\n  &a\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n', '- # about b\n  !!map\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n'], start);
  }
});

test('a top-level key repeated beside a list read in parts is refused, named with its place', () => {
  assert.equal(message(`${HEAD}items:\n${ITEM}kind: ResourceList\n`), 'input is not valid YAML: the key "kind" appears twice in one map (line 7, column 1)');
  assert.equal(message(`${HEAD}items:\n${ITEM}functionConfig: {a: 1}\nfunctionConfig: {b: 1}\n`), 'input is not valid YAML: the key "functionConfig" appears twice in one map (line 8, column 1)');
});
