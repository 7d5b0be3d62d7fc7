// A ResourceList read in parts (each item on its own, split.ts) must refuse
// what the whole text refuses, with the whole text's line: a key repeated
// inside an item, and nesting one level past the limit counted from the
// ResourceList's root (an item alone is one level shallower).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResourceList, parseWholeList } from '../../src/krm/resourcelist.ts';
import { splitSequence } from '../../src/krm/split.ts';
import { refusal } from '../lib/refusal.ts';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';

function message(read: (text: string) => unknown, text: string): string | undefined {
  return refusal(() => read(text));
}

test('a key repeated inside an item read in parts is refused, named with its place', () => {
  const text = `${HEAD}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {x: 1, x: 2}\n`;
  assert.ok(splitSequence(text, 'items'));
  assert.equal(message(parseResourceList, text), 'input is not valid YAML: the key "x" appears twice in one map (line 7, column 16)');
});

test('nesting counted from the root: an item making the whole 200 levels deep is read, 201 refused, in parts as whole', () => {
  // Root map, items list, the item, data: 4 levels; then lists.
  const deep = (levels: number) => `${HEAD}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {x: ${'['.repeat(levels - 4)}1${']'.repeat(levels - 4)}}\n`;
  assert.ok(splitSequence(deep(201), 'items'));
  assert.equal(parseResourceList(deep(200)).items.length, 1);
  for (const levels of [201, 202]) {
    assert.equal(message(parseResourceList, deep(levels)), 'input is not accepted: maps and lists are nested more than 200 levels deep', String(levels));
    assert.equal(message(parseWholeList, deep(levels)), 'input is not accepted: maps and lists are nested more than 200 levels deep', String(levels));
  }
});
