// Big inputs are read in parts (src/krm/split.ts: a list cut into its items,
// a stream into its documents) so that memory stays linear; the parts must
// read exactly as the whole text does: the same objects, the same texts
// written back, the same error. Random layouts: items at column 0 or
// indented, comments above, after and between dashes, blank lines, block
// scalars (kept, folded), flow items, CRLF line ends, `items:` before or
// after the functionConfig, Lists in streams, empty documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatResourceList, InputError, parseResourceList, parseWholeList } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream, parseStreamWhole } from '../../src/krm/stream.ts';
import { fcParams } from '../lib/property.ts';

const comment = fc.constantFrom('# a comment', '#', '# with: colon - and dash', '#\tx');
const scalar = fc.constantFrom('plain', '"double quoted"', "'single'", '1e3', '0x1F', '!!str 12', 'null', '~', '"a\\nb"', 'true', '""');

/** One object's lines at column 0 (its first line is the one the dash goes in front of). */
const objectLines = fc
  .record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
    extra: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), scalar), { maxLength: 3 }),
    block: fc.option(fc.constantFrom('|', '|+', '>-', '|2'), { nil: undefined }),
    trailing: fc.option(comment, { nil: undefined }),
    inner: fc.option(comment, { nil: undefined }),
    seq: fc.boolean(),
    flow: fc.boolean(),
    // Now and then something the reader refuses: the parts must refuse it with the same words.
    bad: fc.option(fc.constantFrom('noName', 'string', 'tag', 'alias', 'nan', 'deep198', 'deep199', 'deep200'), { nil: undefined, freq: 8 }),
  })
  .map((o) => {
    if (o.bad === 'string') return ['"just a string"'];
    if (o.bad === 'noName') return ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {}'];
    if (o.bad?.startsWith('deep')) {
      const levels = Number(o.bad.slice(4));
      return ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${o.name}}`, `data: {x: ${'['.repeat(levels - 4)}1${']'.repeat(levels - 4)}}`];
    }
    if (o.bad === 'tag') return ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${o.name}}`, 'data: {x: !!int 1.5}'];
    if (o.bad === 'alias') return ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${o.name}}`, 'data: {x: *nowhere}'];
    if (o.bad === 'nan') return ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${o.name}}`, 'data: {x: .nan}'];
    if (o.flow) return [`{apiVersion: v1, kind: ConfigMap, metadata: {name: ${o.name}}}`];
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${o.name}${o.trailing ? ` ${o.trailing}` : ''}`];
    if (o.inner) lines.push(`  ${o.inner}`);
    const seen = new Set<string>();
    const data = o.extra.filter(([k]) => !seen.has(k) && seen.add(k));
    if (data.length || o.block || o.seq) lines.push('data:');
    for (const [k, v] of data) lines.push(`  ${k}: ${v}`);
    if (o.block) lines.push(`  script: ${o.block}`, '    line one', '', ' ', '      indented', '    last', '');
    if (o.seq) lines.push('  list:', '  - x', '  -   y');
    return lines;
  });

const entry = (col: number) =>
  fc.record({ before: fc.array(fc.oneof(comment, fc.constant(''), fc.constant('<spaces>')), { maxLength: 2 }), afterDash: fc.option(comment, { nil: undefined }), lines: objectLines }).map(({ before, afterDash, lines }) => {
    const pad = ' '.repeat(col);
    // '<spaces>': a line of exactly the entry's indentation and nothing else.
    const out = before.map((b) => (b === '' ? '' : b === '<spaces>' ? `${pad}  ` : pad + b));
    if (afterDash) out.push(`${pad}- ${afterDash}`, ...lines.map((l) => `${pad}  ${l}`));
    else out.push(`${pad}- ${lines[0]}`, ...lines.slice(1).map((l) => (l === '' ? '' : `${pad}  ${l}`)));
    return out;
  });

const resourceList = fc
  .record({ col: fc.constantFrom(0, 2), n: fc.integer({ min: 1, max: 4 }), fcFirst: fc.boolean(), itemsComment: fc.option(comment, { nil: undefined }), crlf: fc.boolean(), endComment: fc.option(comment, { nil: undefined }), fcBad: fc.constantFrom(undefined, undefined, undefined, '!!bool yes', '*x', '.inf') })
  .chain((p) => fc.tuple(fc.constant(p), fc.array(entry(p.col), { minLength: p.n, maxLength: p.n })))
  .map(([p, entries]) => {
    const fcLines = ['functionConfig:', '  apiVersion: v1', '  kind: ConfigMap', '  metadata: {name: cfg}', ...(p.fcBad ? [`  data: {x: ${p.fcBad}}`] : [])];
    const items = [`items:${p.itemsComment ? ` ${p.itemsComment}` : ''}`, ...entries.flat(), ...(p.endComment ? [p.endComment] : [])];
    const lines = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', ...(p.fcFirst ? [...fcLines, ...items] : [...items, ...fcLines])];
    return lines.join(p.crlf ? '\r\n' : '\n') + (p.crlf ? '\r\n' : '\n');
  });

function outcome<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError) return { error: e.message };
    throw e;
  }
}

test('a ResourceList read in parts reads as the whole text: objects, texts written back, errors', () => {
  fc.assert(
    fc.property(resourceList, fc.option(fc.nat(2000), { nil: undefined }), (text, cut) => {
      // Sometimes break it somewhere: the same error either way.
      const input = cut === undefined ? text : text.slice(0, cut % text.length) + ':\n' + text.slice(cut % text.length);
      const parts = outcome(() => parseResourceList(input));
      const whole = outcome(() => parseWholeList(input));
      assert.deepEqual(parts, whole, input);
      if ('items' in parts && 'items' in whole) assert.equal(formatResourceList(parts, parts.items, [], []), formatResourceList(whole, whole.items, [], []));
    }),
    fcParams({ numRuns: 400 }),
  );
});

const stream = fc
  .array(
    fc.oneof(
      objectLines.map((l) => l.join('\n')),
      fc.tuple(fc.constantFrom(0, 2), fc.array(entry(0), { minLength: 1, maxLength: 3 })).map(([, es]) => ['apiVersion: v1', 'kind: List', 'items:', ...es.flat(), 'metadata: {}'].join('\n')),
      fc.constant(''),
      comment,
    ),
    { minLength: 1, maxLength: 4 },
  )
  .chain((docs) => fc.tuple(fc.constant(docs), fc.boolean(), fc.option(comment, { nil: undefined })))
  .map(([docs, leadingMarker, markerComment]) => (leadingMarker ? '---\n' : '') + docs.join(`\n---${markerComment ? ` ${markerComment}` : ''}\n`) + '\n');

test('a stream read in parts reads as the whole text: objects, texts written back, errors', () => {
  fc.assert(
    fc.property(stream, fc.option(fc.nat(2000), { nil: undefined }), (text, cut) => {
      const input = cut === undefined ? text : text.slice(0, cut % text.length) + ': [\n' + text.slice(cut % text.length);
      const parts = outcome(() => parseStream(input, 'in.yaml'));
      const whole = outcome(() => parseStreamWhole(input, 'in.yaml'));
      assert.deepEqual(parts, whole, input);
      if (Array.isArray(parts) && Array.isArray(whole)) assert.equal(formatStream(parts.map((o) => o.obj)), formatStream(whole.map((o) => o.obj)), input);
    }),
    fcParams({ numRuns: 400 }),
  );
});
