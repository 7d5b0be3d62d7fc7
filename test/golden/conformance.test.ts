// Conformance with MetalLB's own documented configurations: every case of
// ../shared/reference/metallb-examples (MetalLB's website, configsamples,
// dev-env, migration tool and Operator samples, as users copy them) must end
// as its expect.txt says, with advertise: pools unless config.txt says more:
//   accept            exit 0
//   reject: TEXT      exit 1, TEXT in an error
//   explain: TEXT     TEXT in a result, whatever the exit
// An accepted case with render.txt must also render that node's frr.conf.
// The folder is read at run time, never copied: found at METALLB_FRR_SHARED
// or ../shared beside the repository; without it every case is skipped.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { runConvert } from '../../fn/convert.ts';
import { runFunction } from '../../fn/function.ts';
import { renderCommand } from '../../fn/render.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { formatStream } from '../../src/krm/stream.ts';
import { ROOT } from '../lib/fixtures.ts';

const SHARED = process.env.METALLB_FRR_SHARED ?? join(ROOT, '..', 'shared');
const EXAMPLES = join(SHARED, 'reference', 'metallb-examples');
const present = existsSync(EXAMPLES);
const skip = present ? false : `MetalLB's examples are not at ${EXAMPLES} (set METALLB_FRR_SHARED to the shared folder)`;

interface Result {
  severity: string;
  message: string;
}

/** config.txt: functionConfig keys, one `key: value` or `key=value` a line (# comments). */
function configOf(dir: string): Record<string, string> {
  const file = join(dir, 'config.txt');
  if (!existsSync(file)) return {};
  const data: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const l = line.trim();
    if (l === '' || l.startsWith('#')) continue;
    const m = /^([A-Za-z0-9]+)\s*[:=]\s*(.*)$/.exec(l);
    assert.ok(m, `${file}: cannot read "${l}"`);
    data[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return data;
}

function runCase(dir: string) {
  const items = parseAllDocuments(readFileSync(join(dir, 'input.yaml'), 'utf8'))
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
  const functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conformance' }, data: { advertise: 'pools', ...configOf(dir) } };
  const r = runFunction(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }));
  const out = r.stdout ? (parse(r.stdout) as { items: KubeObject[]; results?: Result[] }) : { items: [] };
  return { code: r.code, stderr: r.stderr, items: out.items, results: out.results ?? [] };
}

describe("MetalLB's documented configurations (../shared/reference/metallb-examples)", () => {
  const cases = present ? readdirSync(EXAMPLES).filter((c) => existsSync(join(EXAMPLES, c, 'expect.txt'))).sort() : ['(none)'];
  for (const name of cases) {
    test(name, { skip }, async () => {
      const dir = join(EXAMPLES, name);
      const expect = readFileSync(join(dir, 'expect.txt'), 'utf8').split('\n')[0].trim();
      const r = runCase(dir);
      const said = r.results.map((x) => `${x.severity}: ${x.message}`).join('\n');
      const m = /^(accept|reject|explain)(?::\s*(.*))?$/.exec(expect);
      assert.ok(m, `${name}/expect.txt: unknown expectation "${expect}"`);
      const [, verdict, text] = m;
      if (verdict === 'accept') {
        assert.equal(r.code, 0, `expected accept:\n${r.stderr}`);
      } else if (verdict === 'reject') {
        assert.equal(r.code, 1, `expected reject (${text}), got exit ${r.code}:\n${said}`);
        assert.ok(r.results.some((x) => x.severity === 'error' && x.message.includes(text)), `no error says "${text}":\n${said}`);
      } else {
        assert.ok(r.results.some((x) => x.message.includes(text)), `no result says "${text}":\n${said}`);
      }
      const renderArgs = join(dir, 'render.txt');
      if (verdict === 'accept' && existsSync(renderArgs)) {
        const args = readFileSync(renderArgs, 'utf8').trim().split(/\s+/);
        const configs = r.items.filter((o) => o.kind === 'FRRConfiguration');
        const rendered = await renderCommand(args, formatStream(configs));
        assert.equal(rendered.code, 0, `render ${args.join(' ')}:\n${rendered.stderr}`);
        assert.match(rendered.stdout, /^router bgp /m);
      }
    });
  }
});

// Case 019 is MetalLB's converter's test input (config-yaml-full.yaml), case
// 018 its expected output (config-yaml-full.golden).
test("convert-configmap turns MetalLB's converter test input into its expected output", { skip }, () => {
  const from = readdirSync(EXAMPLES).find((c) => c.startsWith('019-'));
  const to = readdirSync(EXAMPLES).find((c) => c.startsWith('018-'));
  assert.ok(from && to, 'cases 018 and 019 are in the folder');
  const r = runConvert([join(EXAMPLES, from, 'input.yaml')], () => '');
  assert.equal(r.code, 0, r.stderr);
  const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as KubeObject | null).filter((o): o is KubeObject => o !== null);
  // What Go writes for empty fields carries nothing; convert-configmap leaves it out.
  const meaningful = (o: KubeObject) => {
    const { status: _status, ...rest } = o;
    const spec = { ...(rest.spec as Record<string, unknown>) };
    if (JSON.stringify(spec.passwordSecret) === '{}') delete spec.passwordSecret;
    const { creationTimestamp: _ts, ...metadata } = rest.metadata ?? {};
    return { ...rest, metadata, spec };
  };
  assert.deepEqual(docs(r.stdout), docs(readFileSync(join(EXAMPLES, to, 'input.yaml'), 'utf8')).map(meaningful));
});
