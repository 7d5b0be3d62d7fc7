// An item's entry (its text in the output's `items:`) read in parts is the
// whole parse's, whatever follows the dash: a piece is written as it is only
// when it already is an entry as written (`- ` then the map's first key, the
// rest indented by two, a newline at the end); any other is cut and
// indented, as the whole parse does. A piece already in entry form is the
// entry itself, not a copy (10^5 items): asEntry says which are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asEntry, parseResourceList, parseWholeList } from '../../src/krm/resourcelist.ts';
import { splitSequence } from '../../src/krm/split.ts';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: first}\n';

test('entries read in parts are those of the whole parse: extra spaces after the dash, a tag with a comment, a flow map after a tag, no final newline', () => {
  const want: Array<[string, string]> = [
    ['-  apiVersion: v1\n   kind: ConfigMap\n   metadata: {name: a}\n', '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n'],
    ['- !!map # c\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n', '- # c\n  !!map\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n'],
    ['- ! {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n', '- !!map {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n'],
    ['- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}', '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n'],
    ["- 'apiVersion': v1\n  kind: ConfigMap\n  metadata: {name: a}\n", "- 'apiVersion': v1\n  kind: ConfigMap\n  metadata: {name: a}\n"],
  ];
  for (const [item, entry] of want) {
    const text = HEAD + item;
    assert.ok(splitSequence(text, 'items'), item);
    const parts = parseResourceList(text);
    assert.equal(parts.items[1].entry, entry, item);
    assert.deepEqual(parts, parseWholeList(text), item);
  }
});

test('a piece already in entry form is its own entry; any other is not', () => {
  const own = [
    '- a: 1\n',
    '- apiVersion: v1\n  kind: ConfigMap\n',
    '- a: 1\n\n  b: 2\n\n',
    '- a:\n    b: 1\n  c: |\n     x\n',
    '- "a": 1\n  b: 2\n',
    "- 'a': 1\n",
    '- {a: 1,\n  b: 2}\n',
  ];
  for (const piece of own) assert.equal(asEntry(piece), piece, JSON.stringify(piece));
  const other = [
    '-  a: 1\n   b: 2\n', // the map not right after the dash
    '- # c\n  a: 1\n',
    '- !!map\n  a: 1\n',
    '- &x\n  a: 1\n',
    '-\n  a: 1\n',
    '\n- a: 1\n', // the first piece starts after `items:`
    '- a: 1\n  b: 2', // no newline at the end
    '- a: 1', // no newline at all
    '- a: 1\n# c\n  b: 2\n', // a line not indented by two
    '- a: 1\n b: 2\n',
    '- a: 1\n  \n  b: 2\n', // a line of exactly two spaces
    '- a: 1\n\n# c\n  b: 2\n',
  ];
  for (const piece of other) assert.equal(asEntry(piece), undefined, JSON.stringify(piece));
});

test('read whole (a leading document marker: no cut), the first item is written as written too', () => {
  const text = '---\napiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n# about a\n- apiVersion: v1\n  kind:   ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind:   ConfigMap\n  metadata: {name: b}\n';
  assert.equal(splitSequence(text, 'items'), undefined);
  assert.deepEqual(parseResourceList(text).items.map((i) => i.entry), ['- # about a\n  apiVersion: v1\n  kind:   ConfigMap\n  metadata: {name: a}\n', '- apiVersion: v1\n  kind:   ConfigMap\n  metadata: {name: b}\n']);
});

test('a value tagged !!str is a string whatever it looks like', () => {
  const rl = parseResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {x: !!str 12, y: !!str true, z: !!str}\n');
  assert.deepEqual(rl.items[0].obj.data, { x: '12', y: 'true', z: '' });
});
