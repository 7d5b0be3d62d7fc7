// Where an object's text is cut from: after a document's `---` marker (and
// the directives, blank lines and comments before it), after the `:` of the
// key whose value it is. A region found wrong makes the object printed from
// the document model instead, which rewrites what the user wrote (`x:   0x1F`
// comes back as `x: 0x1f`). The whole-text readers are checked as well as
// the ones that read in parts (a `%` directive makes the stream read whole).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResourceList, parseWholeList } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream, parseStreamWhole } from '../../src/krm/stream.ts';
import { afterKey } from '../../src/krm/verbatim.ts';

const OBJ = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx:   0x1F\n';

test('a document is written back as written after what may come before its marker: directives, blank lines, comments', () => {
  for (const [text, want] of [
    [`%YAML 1.2\n---\n${OBJ}`, OBJ],
    [`%YAML 1.2\n\n \t\n# the first\n# and more\n---\n${OBJ}`, OBJ],
    [`\n---\n${OBJ}`, OBJ],
    [` \t\n---\n${OBJ}`, OBJ],
    [`# the first\n# and more\n---\n${OBJ}`, OBJ],
    [`---\n# about a\n${OBJ}`, `# about a\n${OBJ}`],
    // A comment that holds a marker is no marker: the comment stays with the object.
    [`# see --- here\n${OBJ}`, `# see --- here\n${OBJ}`],
  ]) {
    for (const parse of [parseStream, parseStreamWhole]) {
      assert.equal(formatStream(parse(text, 's.yaml').map((o) => o.obj)), want, `${parse.name} ${JSON.stringify(text)}`);
    }
  }
});

test('functionConfig is written back as written, cut after the colon of its key', () => {
  const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig';
  const block = '\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {x:   0x1F}\n';
  const flow = '{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {x:   0x1F}}';
  // A blank between the key and its colon (`functionConfig :`, valid YAML): the region still starts after the colon.
  for (const [after, want] of [
    [` :${block}`, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x:   0x1F}\n'],
    [`:${block}`, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x:   0x1F}\n'],
    [`: # the settings${block}`, '# the settings\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x:   0x1F}\n'],
    [`: ${flow}\n`, `${flow}\n`],
  ]) {
    for (const parse of [parseResourceList, parseWholeList]) assert.equal(parse(head + after).functionConfigText, want, `${parse.name} ${JSON.stringify(after)}`);
  }
});

test('a key with no position in the text has no region after it', () => {
  assert.equal(afterKey('a: 1\n', undefined), undefined);
  assert.equal(afterKey('a: 1\n', null), undefined);
  assert.equal(afterKey('a: 1\n', {}), undefined);
  assert.equal(afterKey('ab: 1\n', { range: [0, 2, 2] }), 3);
});
