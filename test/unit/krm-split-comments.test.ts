// A list cut into its items (split.ts): a comment above an item at the dash's
// column or left of it goes with that item, one deeper with the item above;
// a list nested in an item is part of it. Checked on the text written back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResourceList, parseResourceList } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream } from '../../src/krm/stream.ts';
import { splitSequence } from '../../src/krm/split.ts';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const item = (name: string, indent = '') => `${indent}- apiVersion: v1\n${indent}  kind: ConfigMap\n${indent}  metadata:\n${indent}    name: ${name}\n`;

test('a run of comments above an item goes with it whole; a deeper comment stays with the item above', () => {
  const text = `${HEAD}items:\n${item('a')}  # under a\n# above b, first line\n# above b, second line\n${item('b')}`;
  assert.ok(splitSequence(text, 'items'));
  const rl = parseResourceList(text);
  // Comments above an item are written after its dash; each item on its own shows whose they are.
  const b = `- # above b, first line\n  # above b, second line\n${'  ' + item('b').slice(2)}`;
  assert.equal(formatResourceList(rl, rl.items, [], []), `${HEAD}items:\n${item('a')}  # under a\n${b}`);
  assert.equal(formatResourceList(rl, rl.items.slice(1), [], []), `${HEAD}items:\n${b}`);
  assert.equal(formatResourceList(rl, rl.items.slice(0, 1), [], []), `${HEAD}items:\n${item('a')}  # under a\n`);
});

test('in a list indented under items:, a comment at the dash\'s column goes with the item below', () => {
  const text = `${HEAD}items:\n${item('a', '  ')}  # above b\n${item('b', '  ')}`;
  assert.ok(splitSequence(text, 'items'));
  const rl = parseResourceList(text);
  assert.equal(formatResourceList(rl, rl.items.slice(1), [], []), `${HEAD}items:\n- # above b\n${'  ' + item('b').slice(2)}`);
});

test('a block list nested in an item is part of the item, in a ResourceList and in a List', () => {
  const nested = (name: string) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n    finalizers:\n    - x\n    - y\n  list:\n  - 1\n`;
  const text = `${HEAD}items:\n${nested('a')}${nested('b')}`;
  assert.ok(splitSequence(text, 'items'));
  const rl = parseResourceList(text);
  assert.deepEqual(rl.items.map((i) => [i.obj.metadata?.name, i.obj.metadata?.finalizers, i.obj.list]), [['a', ['x', 'y'], [1]], ['b', ['x', 'y'], [1]]]);
  const objs = parseStream(`apiVersion: v1\nkind: List\nitems:\n${nested('a')}${nested('b')}`, 's.yaml');
  assert.deepEqual(objs.map((o) => o.source), ['s.yaml items[0]', 's.yaml items[1]']);
  assert.equal(formatStream(objs.map((o) => o.obj)), nested('a').replace(/^- /, '').replace(/\n {2}/g, '\n') + '---\n' + nested('b').replace(/^- /, '').replace(/\n {2}/g, '\n'));
});
