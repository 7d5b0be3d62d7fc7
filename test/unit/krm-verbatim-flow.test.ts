// Items of a list written in flow style (`items: [...]`, as JSON-minded
// users write YAML) are written back as written, like items of a block
// list: printing them from the document model rewrote the user's text
// (`x:   0x1F` came back as `x: 0x1f`), in a List on a stream and in a
// ResourceList alike, with the comments between the items kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResourceList, parseResourceList, parseWholeList } from '../../src/krm/resourcelist.ts';
import { formatStream, parseStream, parseStreamWhole } from '../../src/krm/stream.ts';

const A = '{apiVersion: v1, kind: ConfigMap, metadata: {name: a}, x:   0x1F}';
const B = '{apiVersion: v1, kind: ConfigMap, metadata: {name: b}, x:   0X2a}';

const LAYOUTS: Array<[string, string[]]> = [
  [`[${A}, ${B}]`, [A, B]],
  [`[\n  ${A},\n  ${B}\n]`, [A, B]],
  [`[ # the first\n  ${A}, # the second\n  ${B}]`, [`# the first\n${A}`, `# the second\n${B}`]],
  // An item over two lines moves left with its first line; a comma after the last item.
  [`[\n  ${A},\n  {apiVersion: v1, kind: ConfigMap,\n   metadata: {name: b}, x:   0X2a},\n]`, [A, '{apiVersion: v1, kind: ConfigMap,\n metadata: {name: b}, x:   0X2a}']],
];

test('the items of a flow list in a List are written back as written', () => {
  for (const [items, want] of LAYOUTS) {
    for (const parse of [parseStream, parseStreamWhole]) {
      const objs = parse(`apiVersion: v1\nkind: List\nitems: ${items}\n`, 's.yaml');
      const out = formatStream(objs.map((o) => o.obj));
      assert.equal(out, want.map((t) => `${t}\n`).join('---\n'), `${parse.name} ${JSON.stringify(items)}`);
      assert.deepEqual(parseStream(out, 'out.yaml').map((o) => o.obj), objs.map((o) => o.obj));
    }
  }
});

test('the items of a flow list in a ResourceList are written back as written', () => {
  const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
  for (const [items, want] of LAYOUTS) {
    for (const parse of [parseResourceList, parseWholeList]) {
      const rl = parse(`${head}items: ${items}\n`);
      const out = formatResourceList(rl, rl.items, [], []);
      assert.equal(out, `${head}items:\n${want.map((t) => `- ${t.replace(/\n/g, '\n  ')}\n`).join('')}`, `${parse.name} ${JSON.stringify(items)}`);
      assert.deepEqual(parseResourceList(out).items.map((i) => i.obj), rl.items.map((i) => i.obj));
    }
  }
});
