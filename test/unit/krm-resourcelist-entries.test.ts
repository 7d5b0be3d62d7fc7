// An item's entry (its text in the output's `items:`) read in parts is the
// whole parse's, whatever follows the dash: a piece is written as it is only
// when it already is an entry as written (`- ` then the map's first key, the
// rest indented by two, a newline at the end); any other is cut and
// indented, as the whole parse does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResourceList, parseWholeList } from '../../src/krm/resourcelist.ts';
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
