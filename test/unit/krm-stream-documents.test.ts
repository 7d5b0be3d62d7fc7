// How a stream is cut into documents: comments and blank lines before the
// first marker are no document (the documents are numbered from the first
// real one), anything else before it is; and each document must have a
// non-empty apiVersion, kind and metadata.name, said in one line. Deciding
// whether the text before the first marker is a document takes time linear
// in it (many blank lines before a document once took exponential time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStream, parseStreamWhole } from '../../src/krm/stream.ts';
import { refusal } from '../lib/refusal.ts';

const d = (n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}}\n`;
function message(text: string): string | undefined {
  return refusal(() => parseStream(text, 's.yaml'));
}

const sources = (text: string) => parseStream(text, 's.yaml').map((o) => [o.source, o.obj.metadata?.name]);

test('comments and blank lines before the first marker are no document', () => {
  for (const before of ['', '\n\n', '# c\n', '  # indented\n\t\n\r\n', '# c\n\n# d\n', '\u00a0\n']) {
    assert.deepEqual(sources(`${before}---\n${d('a')}`), [['s.yaml', 'a']], JSON.stringify(before));
    assert.deepEqual(sources(`${before}---\n${d('a')}---\n${d('b')}`), [['s.yaml (document 1)', 'a'], ['s.yaml (document 2)', 'b']], JSON.stringify(before));
  }
  assert.deepEqual(sources('# only a comment\n'), []);
  assert.deepEqual(sources('# only a comment'), []);
  assert.deepEqual(sources('\n\n'), []);
});

test('a document before the first marker is one', () => {
  assert.deepEqual(sources(`${d('a')}---\n${d('b')}`), [['s.yaml (document 1)', 'a'], ['s.yaml (document 2)', 'b']]);
  assert.deepEqual(sources(`# about a\n${d('a')}---\n${d('b')}`), [['s.yaml (document 1)', 'a'], ['s.yaml (document 2)', 'b']]);
  assert.equal(message(`x: 1 # not only a comment\n---\n${d('b')}`), 's.yaml (document 1): not a Kubernetes object (no apiVersion, kind, metadata.name)');
});

test('an empty apiVersion, kind or metadata.name is none, in YAML and JSON, read in parts or whole', () => {
  const want: Array<[string, string]> = [
    ['apiVersion: ""\nkind: ConfigMap\nmetadata: {name: a}\n', 's.yaml: not a Kubernetes object (no apiVersion)'],
    ['apiVersion: v1\nkind: ""\nmetadata: {name: a}\n', 's.yaml: not a Kubernetes object (no kind)'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ""}\n', 's.yaml: not a Kubernetes object (no metadata.name)'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 3}\n', 's.yaml: not a Kubernetes object (no metadata.name)'],
    ['{"apiVersion": "v1", "kind": "", "metadata": {"name": ""}}', 's.yaml: not a Kubernetes object (no kind, metadata.name)'],
  ];
  for (const [text, line] of want) {
    assert.equal(message(text), line, text);
    assert.throws(() => parseStreamWhole(text, 's.yaml'), { message: line }, text);
  }
  const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: ""}\n';
  assert.equal(message(list), 's.yaml items[0]: not a Kubernetes object (no metadata.name)');
});

// The timeout only bounds a regression to exponential time (2^60 steps); the test itself takes milliseconds.
test('many blank lines before the first document, a marker after it: read at once', { timeout: 60_000 }, () => {
  assert.deepEqual(sources(`${'\n'.repeat(60)}${d('a')}---\n${d('b')}`), [['s.yaml (document 1)', 'a'], ['s.yaml (document 2)', 'b']]);
  assert.equal(message(`${'  \n# c\n'.repeat(30)}x: 1\n---\n${d('b')}`), 's.yaml (document 1): not a Kubernetes object (no apiVersion, kind, metadata.name)');
});
