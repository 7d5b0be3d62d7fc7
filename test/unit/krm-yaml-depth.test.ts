// The depth guard of the YAML reader: a document nested deeper than the limit
// is not built (building recurses once per level) and comes back as an empty
// document with one error at its start, in its place among the others; keys
// count as much as values (a flow list can be a key).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocuments, yamlProblem } from '../../src/krm/yaml.ts';
import { DEPTH_PROBLEM } from '../../src/krm/limits.ts';

/** Whether the one document of the text is refused as too deep at depth 3. */
function tooDeep(text: string): boolean {
  const [doc] = parseDocuments(text, {}, 3);
  return doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION');
}

test('a key nested deeper than the limit makes its document too deep, as a value does', () => {
  assert.equal(tooDeep('? [[1]]\n: v\n'), false);
  assert.equal(tooDeep('? [[[1]]]\n: v\n'), true);
  assert.equal(tooDeep('k: [[1]]\n'), false);
  assert.equal(tooDeep('k: [[[1]]]\n'), true);
});

test('a document too deep comes back empty in its place, with one error on its first character (its marker) and no line', () => {
  const text = 'a: 1\n---\nb: [[[s3cret]]]\n---\nc: 3\n';
  const docs = parseDocuments(text, {}, 3);
  assert.deepEqual(docs.map((d) => d.toJS()), [{ a: 1 }, null, { c: 3 }]);
  const start = text.indexOf('---'); // the document starts at its marker
  assert.deepEqual(docs.map((d) => d.errors.map((e) => [e.code, e.pos, yamlProblem(e, text)])), [[], [['RESOURCE_EXHAUSTION', [start, start + 1], DEPTH_PROBLEM]], []]);
});
