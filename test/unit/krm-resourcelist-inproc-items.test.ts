// A YAML ResourceList's items read in process, cut into items (split.ts) or
// read whole (parseWholeList, the reference): each item written back as the
// user laid it out, moved so that its map sits two columns right of the
// dash; a repeated key and a nesting one level too deep are refused, in the
// head as in an item; comments go with the item they are above.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResourceList, parseResourceList, parseWholeList, piecesOf } from '../../src/krm/resourcelist.ts';
import { splitSequence } from '../../src/krm/split.ts';
import { refusal } from '../lib/refusal.ts';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const item = (name: string) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n`;
const message = (read: (text: string) => unknown, text: string): string => refusal(() => read(text)) ?? 'accepted';

test('an item laid out otherwise than `- ` and two columns is written moved into that layout, the same whether the list is cut or read whole', () => {
  const cases: Array<[string, string, string]> = [
    ['a line of exactly two spaces becomes empty', '- apiVersion: v1\n  kind: ConfigMap\n  \n  metadata:\n    name: a\n', '- apiVersion: v1\n  kind: ConfigMap\n\n  metadata:\n    name: a\n'],
    ['a line of two spaces after an empty line too', '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n\n  \n  data: {}\n', '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n\n\n  data: {}\n'],
    ['a comment at column 0 inside the item moves right with it', '- apiVersion: v1\n  kind: ConfigMap\n# at column 0\n  metadata:\n    name: a\n', '- apiVersion: v1\n  kind: ConfigMap\n  # at column 0\n  metadata:\n    name: a\n'],
    ['a comment at column 1 after an empty line', '- apiVersion: v1\n  kind: ConfigMap\n\n # at column 1\n  metadata:\n    name: a\n', '- apiVersion: v1\n  kind: ConfigMap\n\n  # at column 1\n  metadata:\n    name: a\n'],
    ['a map three columns right of the dash moves left', '-  apiVersion: v1\n   kind: ConfigMap\n   metadata:\n     name: a\n', '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n'],
    ['the last item without a final newline gets one', '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a', '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n'],
    ['a comment at column 0 after the last item (a flow map) moves right with it', '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n# c\n', '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n  # c\n'],
    ['a line of exactly two spaces after the last item becomes empty', '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n  \n', '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n\n'],
    ['already laid out: as is', '- apiVersion: v1\n  kind: ConfigMap\n\n  metadata:\n    name: a\n', '- apiVersion: v1\n  kind: ConfigMap\n\n  metadata:\n    name: a\n'],
  ];
  for (const [what, written, entry] of cases) {
    const text = `${HEAD}items:\n${item('b')}${written}`;
    assert.ok(splitSequence(text, 'items'), `${what}: the list is cut into items`);
    for (const read of [parseResourceList, parseWholeList]) {
      const rl = read(text);
      assert.deepEqual(rl.items.map((i) => i.entry), [item('b'), entry], `${what} (${read.name})`);
      // Written out with a generated object after it: each on its own lines.
      assert.equal(formatResourceList(rl, rl.items.slice(1), [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'g' } }], []), `${HEAD}items:\n${entry}- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: g\n`, `${what} (${read.name})`);
    }
  }
});

test('`items: []` is written only when no item is kept and none added', () => {
  const rl = parseResourceList(`${HEAD}items:\n${item('a')}`);
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'g' } };
  assert.equal(formatResourceList(rl, [], [], []), `${HEAD}items: []\n`);
  assert.equal(formatResourceList(rl, rl.items, [], []), `${HEAD}items:\n${item('a')}`);
  assert.equal(formatResourceList(rl, [], [ns], []), `${HEAD}items:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: g\n`);
  assert.equal(formatResourceList(rl, rl.items, [ns], []), `${HEAD}items:\n${item('a')}- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: g\n`);
});

test('piecesOf: the cut\'s pieces only when there is one per node and each node starts inside its own piece', () => {
  const split = { start: 0, end: 20, pieces: [[0, 10], [10, 20]] as Array<[number, number]> };
  const node = (at: number) => ({ range: [at, at + 5, at + 5] });
  assert.deepEqual(piecesOf(split, [node(0), node(10)]), split.pieces, 'each node at its piece\'s start');
  assert.deepEqual(piecesOf(split, [node(9), node(19)]), split.pieces, 'each node at its piece\'s last offset');
  assert.equal(piecesOf(undefined, [node(0), node(10)]), undefined, 'no cut');
  assert.equal(piecesOf(split, [node(0)]), undefined, 'fewer nodes than pieces');
  assert.equal(piecesOf(split, [node(0), node(10), node(15)]), undefined, 'more nodes than pieces');
  assert.equal(piecesOf(split, [node(0), node(20)]), undefined, 'the second node at its piece\'s end');
  assert.equal(piecesOf(split, [node(10), node(10)]), undefined, 'the first node at its piece\'s end');
  assert.equal(piecesOf(split, [node(0), { range: undefined }]), undefined, 'a node without a range');
  assert.equal(piecesOf(split, [null, node(10)]), undefined, 'a null node');
  assert.equal(piecesOf(split, [node(0), node(5)]), undefined, 'the second node inside the first piece');
});

test('read whole: items null is no item; a comment deeper than the dash stays with the item above; a head comment goes to the first item only', () => {
  for (const items of ['items:\n', 'items: ~\n', 'items: null\n']) assert.deepEqual(parseWholeList(HEAD + items).items, [], items);
  const text = `${HEAD}items:\n${item('a')}  # under a\n${item('b')}`;
  const rl = parseWholeList(text);
  assert.deepEqual(rl.items.map((i) => i.entry), [`${item('a')}  # under a\n`, item('b')]);
  // Tagged maps cannot be cut: printed, with the comment above the list on the first item, each item's own kept.
  const tagged = (name: string) => `- !!map\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n`;
  const printed = (name: string, comment = '') => `- ${comment}!!map\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n`;
  assert.deepEqual(parseWholeList(`${HEAD}items:\n# above all\n${tagged('a')}${tagged('b')}`).items.map((i) => i.entry), [printed('a', '# above all\n  '), printed('b')]);
  assert.deepEqual(parseWholeList(`${HEAD}items:\n# above all\n${tagged('a')}# own b\n${tagged('b')}`).items.map((i) => i.entry), [printed('a', '# above all\n  '), printed('b', '# own b\n  ')]);
  assert.deepEqual(parseWholeList(`${HEAD}items:\n${tagged('a')}${tagged('b')}`).items.map((i) => i.entry), [printed('a'), printed('b')]);
});

test('a repeated key is refused in the head and in an item of a list that is cut into items', () => {
  const inHead = `${HEAD}kind: ResourceList\nitems:\n${item('a')}`;
  const inItem = `${HEAD}items:\n${item('a')}${item('b')}  kind: Secret\n`;
  for (const [text, expected] of [
    [inHead, 'input is not valid YAML: the key "kind" appears twice in one map (line 3, column 1)'],
    [inItem, 'input is not valid YAML: the key "kind" appears twice in one map (line 12, column 3)'],
  ]) {
    assert.ok(splitSequence(text, 'items'), 'the list is cut into items');
    assert.equal(message(parseResourceList, text), expected);
  }
});

test('an item nested 197 levels under its map is taken, one more level is too deep, when the list is cut into items', () => {
  const deep = (n: number) => `${HEAD}items:\n${item('a')}  k: ${'['.repeat(n)}${']'.repeat(n)}\n${item('b')}`;
  assert.ok(splitSequence(deep(198), 'items'), 'the list is cut into items');
  assert.deepEqual(parseResourceList(deep(197)).items.map((i) => i.obj.metadata?.name), ['a', 'b']);
  assert.equal(message(parseResourceList, deep(198)), 'input is not accepted: maps and lists are nested more than 200 levels deep');
  assert.equal(message(parseWholeList, deep(198)), 'input is not accepted: maps and lists are nested more than 200 levels deep');
});
