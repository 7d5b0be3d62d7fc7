// An item's text is cut from the input only when nothing but blanks, a
// sequence dash, a flow list's `[` or `,` and comments lie between where its
// region starts and its map's first key. A tag or an anchor there is not the
// map's own (the map starts after it): on the first key it belongs to the
// item, and a cut from the key would drop it; on the list it is refused as
// well. Such an item is left to the printer (nothing registered).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, type YAMLMap, type YAMLSeq, type Pair } from 'yaml';
import { afterKey, rememberText, verbatimText } from '../../src/krm/verbatim.ts';

/** The text registered for the only item of `items`, its region starting after `items:`. */
function cut(text: string): string | undefined {
  const doc = parseDocument(text);
  assert.deepEqual(doc.errors, []);
  const root = doc.contents as YAMLMap;
  const item = (root.get('items', true) as unknown as YAMLSeq).items[0] as YAMLMap;
  rememberText(item, text, afterKey(text, (root.items[0] as Pair).key) as number);
  return verbatimText(item);
}

test('comments before the first key come with the text; the text is kept as written', () => {
  assert.equal(cut('items:\n# top\n-   # dash\n  a:   1 # c\n'), '# top\n# dash\na:   1 # c\n');
});

test('a tag or an anchor on the first key: not cut (a cut from the key would drop it)', () => {
  assert.equal(cut('items:\n- &k   a:   1 # c\n'), undefined);
  assert.equal(cut('items:\n- !!str   a:   1 # c\n'), undefined);
});

test("a tag on the list itself, even the one-character '!': not cut", () => {
  assert.equal(cut('items: !\n- a:   1 # c\n'), undefined);
  assert.equal(cut('items: !!seq\n- a:   1 # c\n'), undefined);
});
