// A List in a stream read in parts (each item on its own) refuses what the
// whole document refuses, with its line: a key repeated in the List or in
// an item, nesting past the limit counted from the document's root; and
// only a kind ending in List is unwrapped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStream } from '../../src/krm/stream.ts';
import { splitSequence } from '../../src/krm/split.ts';
import { refusal } from '../lib/refusal.ts';

const ITEM = (name: string, extra = '') => `- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: ${name}}\n${extra}`;

function message(text: string): string | undefined {
  return refusal(() => parseStream(text, 's.yaml'));
}

test('a key repeated in the List or in one of its items is refused, named with its place', () => {
  const head = `apiVersion: v1\nkind: List\nitems:\n${ITEM('a')}kind: List\n`;
  assert.ok(splitSequence(head, 'items'));
  assert.equal(message(head), 's.yaml: not valid YAML: the key "kind" appears twice in one map (line 7, column 1)');
  assert.equal(message(`apiVersion: v1\nkind: List\nitems:\n${ITEM('a', '  data: {x: 1, x: 2}\n')}`), 's.yaml: not valid YAML: the key "x" appears twice in one map (line 7, column 16)');
});

test('an item making the document 200 levels deep is read, 201 refused', () => {
  // Root map, items list, the item, data: 4 levels; then lists.
  const deep = (levels: number) => `apiVersion: v1\nkind: List\nitems:\n${ITEM('a', `  data: {x: ${'['.repeat(levels - 4)}1${']'.repeat(levels - 4)}}\n`)}`;
  assert.equal(parseStream(deep(200), 's.yaml').length, 1);
  assert.equal(message(deep(201)), 's.yaml: not accepted: maps and lists are nested more than 200 levels deep');
});

test('a kind that only starts with List is no List: the document is one object', () => {
  const objs = parseStream(`apiVersion: v1\nkind: ListOfThings\nmetadata: {name: l}\nitems:\n${ITEM('a')}`, 's.yaml');
  assert.deepEqual(objs.map((o) => [o.source, o.obj.kind, o.obj.metadata?.name]), [['s.yaml', 'ListOfThings', 'l']]);
});
