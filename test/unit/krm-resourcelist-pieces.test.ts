// piecesOf: a split's pieces are the list's texts only when they are its
// nodes' — as many pieces as nodes, and each node starting inside its own
// piece (from its first character, before its end). Otherwise none: the
// items' texts are then found from their nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, isMap, isSeq } from 'yaml';
import { piecesOf } from '../../src/krm/resourcelist.ts';
import { splitSequence } from '../../src/krm/split.ts';

const node = (start: number | undefined) => (start === undefined ? {} : { range: [start, start + 1, start + 1] });
const split = (pieces: Array<[number, number]>) => ({ start: pieces[0][0], end: pieces[pieces.length - 1][1], pieces });

test('the pieces of a real list are its nodes\'', () => {
  const text = 'items:\n- a: 1\n# about b\n- b: 2\nkind: List\n';
  const s = splitSequence(text, 'items');
  const root = parseDocument(text).contents;
  assert.ok(s && isMap(root));
  const items = root.get('items', true);
  assert.ok(isSeq(items));
  assert.deepEqual(piecesOf(s, items.items), [[6, 14], [14, 31]]);
});

test('each node must start inside its own piece: from its first character, before its end', () => {
  const s = split([[10, 20], [20, 30]]);
  assert.deepEqual(piecesOf(s, [node(10), node(29)]), [[10, 20], [20, 30]]);
  assert.equal(piecesOf(s, [node(9), node(20)]), undefined);
  assert.equal(piecesOf(s, [node(10), node(30)]), undefined);
  assert.equal(piecesOf(s, [node(20), node(25)]), undefined);
  assert.equal(piecesOf(s, [node(12), node(15)]), undefined);
  assert.equal(piecesOf(s, [node(12), node(undefined)]), undefined);
  assert.equal(piecesOf(s, [null, node(25)]), undefined);
});

test('as many pieces as nodes, or none', () => {
  assert.equal(piecesOf(split([[10, 20], [20, 30]]), [node(10)]), undefined);
  assert.equal(piecesOf(split([[10, 20]]), [node(10), node(15)]), undefined);
  assert.equal(piecesOf(undefined, [node(10)]), undefined);
});
