// The layout splitSequence (src/krm/split.ts) cuts, entry by entry, and what
// it leaves uncut. Its two callers rely on both halves: a list written the
// way tools write it is cut (else a 40 MB list is parsed whole, in
// gigabytes), and a text with document markers, directives or tabs at a line
// start is never cut (the callers read the rest as ONE document: a second one
// would be dropped). A cut must also be the real one: each entry's text from
// its first line (comments right above its dash included) to the next's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSequence } from '../../src/krm/split.ts';
import { InputError, parseResourceList } from '../../src/krm/resourcelist.ts';

/** The cut as texts: what is left around the sequence, and each entry's text; undefined for no cut. */
function cut(text: string): { rest: string; entries: string[] } | undefined {
  const s = splitSequence(text, 'items');
  return s && { rest: `${text.slice(0, s.start)}|${text.slice(s.end)}`, entries: s.pieces.map(([a, b]) => text.slice(a, b)) };
}

test('a blank line between entries is part of the sequence: each entry is still cut on its own', () => {
  assert.deepEqual(cut('items:\n\n- a\n\n- b\n  \n- c\nkind: List\n'), { rest: 'items:|kind: List\n', entries: ['\n\n- a\n\n', '- b\n  \n', '- c\n'] });
  // CRLF line ends: a blank line is "\r".
  assert.deepEqual(cut('items:\r\n- a\r\n\r\n- b\r\n'), { rest: 'items:|', entries: ['\r\n- a\r\n\r\n', '- b\r\n'] });
});

test('a blank line ends a run of comments: comments above a blank line stay with the entry above', () => {
  assert.deepEqual(cut('items:\n- a\n# about a\n\n- b\n'), { rest: 'items:|', entries: ['\n- a\n# about a\n\n', '- b\n'] });
  assert.deepEqual(cut('items:\n- a\n# about a\n\n# about b\n- b\n'), { rest: 'items:|', entries: ['\n- a\n# about a\n\n', '# about b\n- b\n'] });
});

test('the last line without a newline after it: a bare dash is an entry, a key ends the sequence', () => {
  assert.deepEqual(cut('items:\n- a\n-'), { rest: 'items:|', entries: ['\n- a\n', '-'] });
  assert.deepEqual(cut('items:\n- a\n- b'), { rest: 'items:|', entries: ['\n- a\n', '- b'] });
  assert.deepEqual(cut('items:\n- a\nk: v'), { rest: 'items:|k: v', entries: ['\n- a\n'] });
});

test('a line at the dash\'s column that is no dash ends the sequence, a dash inside it or at its end notwithstanding', () => {
  assert.deepEqual(cut('items:\n- a\nnote: a - b\nkind: List\n'), { rest: 'items:|note: a - b\nkind: List\n', entries: ['\n- a\n'] });
  assert.deepEqual(cut('items:\n- a\nnote: a -\n'), { rest: 'items:|note: a -\n', entries: ['\n- a\n'] });
});

test('an entry whose dash stands alone on its line, its map on the lines below, is cut', () => {
  const text = 'items:\n-\n  apiVersion: v1\n  kind: ConfigMap\n- # b\n  apiVersion: v1\n';
  assert.deepEqual(cut(text), { rest: 'items:|', entries: ['\n-\n  apiVersion: v1\n  kind: ConfigMap\n', '- # b\n  apiVersion: v1\n'] });
});

test('markers, % and tabs inside a line are text, not structure: the list is still cut', () => {
  const text = 'items:\n- description: wait...\n  note: a --- b ... c\n  x: "\\t"\n  ratio: 50%\n- # a\ttab in a comment\n  y: z\t# and after a value\n';
  assert.deepEqual(cut(text), { rest: 'items:|', entries: ['\n- description: wait...\n  note: a --- b ... c\n  x: "\\t"\n  ratio: 50%\n', '- # a\ttab in a comment\n  y: z\t# and after a value\n'] });
});

test('no cut where `items:` does not hold a block sequence: a map, nothing, a scalar', () => {
  assert.equal(cut('items:\n  name: a - b\n'), undefined);
  assert.equal(cut('items:\n  a: 1\n'), undefined);
  assert.equal(cut('items:\nkind: List\n'), undefined);
  assert.equal(cut('items:\n# nothing\nkind: List\n'), undefined);
  assert.equal(cut('items:\n  -1\n'), undefined);
  assert.equal(cut('items:\n'), undefined);
  assert.equal(cut('items:'), undefined);
});

test('no cut with a document marker or directive at a line start, anywhere, the last line included', () => {
  for (const text of ['---\nitems:\n- a\n', 'kind: List\n--- # b\nitems:\n- a\n', '%YAML 1.2\n---\nitems:\n- a\n', 'items:\n- a\n...\n', 'items:\n- a\n...', 'items:\n- a\n...\r\n', 'items:\n- a\n--- |\n  x\n']) {
    assert.equal(cut(text), undefined, JSON.stringify(text));
  }
});

test('no cut with a tab at a line start, alone or after spaces: lines do not show the indentation', () => {
  for (const text of ['items:\n- a\n\t# c\n- b\n', 'items:\n- a: 1\n  \tb: 2\n', 'items:\n  - a\n \t- b\n', 'items:\n- a\n   \t\n- b\n']) {
    assert.equal(cut(text), undefined, JSON.stringify(text));
  }
});

test('a ResourceList followed by a second document is refused, never read as its first document alone', () => {
  const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n';
  const message = 'input has 2 YAML documents: expected a single config.kubernetes.io/v1 ResourceList (for a plain stream of manifests use "metallb-frr build -")';
  for (const text of [`${head}...\n---\nfoo: 1\n`, `${head}...\nfoo: 1\n`, `foo: 1\n---\n${head}`]) {
    assert.throws(() => parseResourceList(text), (e: unknown) => e instanceof InputError && e.message === message, text);
  }
});
