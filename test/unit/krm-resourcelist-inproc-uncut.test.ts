// A ResourceList the reader cannot cut into items by lines (a `---` marker
// in front, say) is read whole, and its items are still written back as the
// user wrote them: the first one too, with the comments between `items:`
// and it, its quoting, its number spellings and its trailing comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResourceList, parseResourceList } from '../../src/krm/resourcelist.ts';
import { splitSequence } from '../../src/krm/split.ts';

test('read whole: every item written back byte for byte, the first one included', () => {
  const a = "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: 'a'}  # a's name\n  data:\n    n: 0x1F\n";
  const b = "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: 'b'}\n";
  const text = `---\napiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: # the items\n# above a\n${a}# above b\n${b}`;
  assert.equal(splitSequence(text, 'items'), undefined, 'the list is not cut into items');
  const rl = parseResourceList(text);
  const entries = [`- # the items\n  # above a\n  ${a.slice(2)}`, `- # above b\n  ${b.slice(2)}`];
  assert.deepEqual(rl.items.map((i) => i.entry), entries);
  assert.equal(formatResourceList(rl, rl.items, [], []), `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${entries.join('')}`);
});
