// Fuzzing the three entry points that read files (issue 9): the function
// (ResourceList in), build (a stream in) and render (FRRConfigurations and
// Secrets in), on realistic inputs mutated at random: fields replaced by
// hostile values (line breaks, control characters, YAML syntax, tags, huge
// and deep values), fields and objects dropped or repeated, kinds swapped,
// the text cut or spliced. For every input:
//   - the exit code is 0, 1 or 2 (never 3: an internal error), nothing throws;
//   - stderr is diagnostics, one line each, no stack trace;
//   - no secret leaks: the values of the input's Secrets, the inline
//     passwords and the raw configuration's secrets are not in stderr, the
//     results or what the function generates (inline passwords excepted:
//     the function copies them, they are in Git already), nor in render's
//     output without --secrets;
//   - the output is deterministic, and the function's and build's output,
//     run again, gives itself.
// Bounded by time: a few seconds under `npm test`, FUZZ_SECONDS (default
// 120) under `npm run fuzz`, with a random seed there (test/lib/property.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { runBuild } from '../../fn/build.ts';
import { runFunction } from '../../fn/function.ts';
import { renderCommand } from '../../fn/render.ts';
import { emitYAML } from '../../src/krm/emit.ts';
import { parseStream } from '../../src/krm/stream.ts';
import { fcParams } from '../lib/property.ts';
import { RAW_SECRETS } from '../lib/secrets.ts';

const SECRET_VALUE = 'Fz-Secret-v4lue';
const STRING_DATA_SECRET = 'Fz-StringData-s3cret';
const INLINE_PASSWORD = 'Fz-Inline-passw0rd';
/** What must never be shown in messages, results or generated objects (the function copies inline passwords). */
const NEVER = [SECRET_VALUE, STRING_DATA_SECRET, ...RAW_SECRETS.map(([, s]) => s)];

/**
 * What render must not print without --secrets: the Secret's values, the
 * inline password, and each raw secret whose line an FRRConfiguration it
 * reads still holds (a mutation inside `key-string` makes it no keyword at
 * all, and FRR no command).
 */
function hiddenByRender(streamText: string): string[] {
  let raw = '';
  try {
    for (const { obj } of parseStream(streamText, 'x')) if (obj.kind === 'FRRConfiguration') raw += `${String((obj.spec as { raw?: { rawConfig?: unknown } } | undefined)?.raw?.rawConfig)}\n`;
  } catch {
    // Not readable: render prints nothing.
  }
  return [SECRET_VALUE, STRING_DATA_SECRET, INLINE_PASSWORD, ...RAW_SECRETS.filter(([line]) => raw.includes(line.trim())).map(([, s]) => s)];
}

const MLB = 'metallb-system';
const FRR = 'frr-k8s-system';

/** A realistic package: MetalLB's walkthrough, a password Secret, an inline password, raw configuration with secrets. */
function base(): Array<Record<string, unknown>> {
  return [
    { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'pool', namespace: MLB }, spec: { addresses: ['10.200.0.0/24', 'fd00:200::/120'] } },
    { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'tor', namespace: MLB }, spec: { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', passwordSecret: { name: 'tor-pw', namespace: FRR }, bfdProfile: 'fast' } },
    { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'spine', namespace: MLB }, spec: { myASN: 64512, peerASN: 65001, peerAddress: 'fd00::1', password: INLINE_PASSWORD, nodeSelectors: [{ matchLabels: { rack: 'r1' } }] } },
    { apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: { name: 'adv', namespace: MLB }, spec: { ipAddressPools: ['pool'], communities: ['65000:1'], localPref: 100 } },
    { apiVersion: 'metallb.io/v1beta1', kind: 'BFDProfile', metadata: { name: 'fast', namespace: MLB }, spec: { receiveInterval: 100 } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tor-pw', namespace: FRR }, type: 'kubernetes.io/basic-auth', data: { password: Buffer.from(SECRET_VALUE).toString('base64') }, stringData: { other: STRING_DATA_SECRET } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { rack: 'r1' } } },
    {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRConfiguration',
      metadata: { name: 'custom', namespace: FRR },
      spec: { raw: { rawConfig: RAW_SECRETS.map(([l]) => l).join('\n'), priority: 5 }, bgp: { routers: [{ asn: 64512, prefixes: ['10.201.0.0/24'], neighbors: [{ address: '10.0.0.1', asn: 65000, toAdvertise: { allowed: { prefixes: ['10.201.0.0/24'] } } }] }] } },
    },
  ];
}

const hostile = fc.oneof(
  fc.constantFrom('', ' ', 'a\nerror: forged', 'x\r', '\u2028', '\x1b[2K', '*alias', '&anchor', '!!int 10.0.0.1', '>folded', '|literal', '{', '[', '"', "'", ': ', '- ', '#', '---', '...', '%YAML', '\t', 'ünïcödé', '0.0.0.0/0', '::/0', '10.0.0.1', '-1', '99999999999', '1e400', 'NaN', 'true', 'null', '~', 'x'.repeat(300)),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.constantFrom(null, true, [], {}, [1, 'a'], { a: { b: { c: [null] } } }),
  fc.jsonValue({ maxDepth: 4 }),
);

type Obj = Record<string, unknown>;

/** Every path to a value in the object: [['spec'], ['spec','peerASN'], ...]. */
function paths(o: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  if (o !== null && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) {
      const p = [...prefix, Array.isArray(o) ? Number(k) : k];
      out.push(p, ...paths(v, p));
    }
  }
  return out;
}

function setAt(o: Obj, path: Array<string | number>, value: unknown, remove: boolean): void {
  let cur: Record<string | number, unknown> = o;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove && !Array.isArray(cur)) delete cur[last];
  else cur[last] = value;
}

const mutation = fc.record({
  object: fc.nat(),
  path: fc.nat(),
  value: hostile,
  kind: fc.constantFrom('set', 'set', 'set', 'remove', 'duplicate', 'drop', 'swapKind'),
});

const textMutation = fc.option(fc.record({ at: fc.nat(), cut: fc.boolean(), insert: fc.constantFrom('\n', ':', '- ', '"', '{', '\t', '\r', '*x', '!!int ', '#', '\u2028', '\n---\n') }), { nil: undefined, freq: 4 });

const mutatedObjects = fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([ms, withSecret]) => {
  let objs = base();
  if (!withSecret) objs = objs.filter((o) => o.kind !== 'Secret');
  for (const m of ms) {
    if (objs.length === 0) break;
    const o = objs[m.object % objs.length];
    if (m.kind === 'drop') objs = objs.filter((x) => x !== o);
    else if (m.kind === 'duplicate') objs.push(structuredClone(o));
    else if (m.kind === 'swapKind') o.kind = ['Secret', 'BGPPeer', 'FRRConfiguration', 'Node', 'IPAddressPool', 'List'][m.path % 6];
    else {
      const ps = paths(o);
      // A copy: fast-check's constants are shared between runs (a mutation inside one would make a cycle).
      if (ps.length > 0) setAt(o, ps[m.path % ps.length], structuredClone(m.value), m.kind === 'remove');
    }
  }
  return objs;
});

function mutateText(text: string, m: { at: number; cut: boolean; insert: string } | undefined): string {
  if (!m) return text;
  const at = m.at % (text.length + 1);
  return m.cut ? text.slice(0, at) : text.slice(0, at) + m.insert + text.slice(at);
}

/** The checks every run's output must pass; `shown`: values allowed in stdout (render --secrets, generated inline passwords). */
function checkOutput(what: string, r: { code: number; stdout: string; stderr: string }, opts: { codes: number[]; hidden: string[]; hiddenInStdout: boolean }): void {
  assert.ok(opts.codes.includes(r.code), `${what}: exit ${r.code}\n${r.stderr.slice(0, 500)}`);
  for (const line of r.stderr.split('\n').filter(Boolean)) {
    assert.match(line, /^(error|warning|info): /, `${what}: not a diagnostic line: ${JSON.stringify(line.slice(0, 200))}`);
    assert.ok(!/[\r\u2028\u2029\u0085\x1b]/.test(line), `${what}: a line break inside a diagnostic: ${JSON.stringify(line.slice(0, 200))}`);
    assert.ok(!/^\s+at /.test(line) && !line.includes('internal error'), `${what}: a stack trace`);
  }
  for (const s of opts.hidden) {
    assert.ok(!r.stderr.includes(s), `${what}: ${s} in stderr`);
    if (opts.hiddenInStdout) assert.ok(!r.stdout.includes(s), `${what}: ${s} in stdout`);
  }
}

/** The part of the function's output it wrote itself: the results and the generated items. */
function ownOutput(stdout: string): string {
  const out = parse(stdout) as { items?: Obj[]; results?: unknown[] };
  const generated = (out.items ?? []).filter((i) => (i.metadata as { annotations?: Record<string, string> } | undefined)?.annotations?.['metallb-frr.dev/generated'] === 'true');
  return JSON.stringify({ generated, results: out.results ?? [] });
}

const resourceList = (objs: Obj[], json: boolean) => {
  const list = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: objs, functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { manifests: 'false' } } };
  return json ? JSON.stringify(list, null, 1) : emitYAML(list);
};

test('fuzz: function, build and render end cleanly, leak no secret, and are deterministic and idempotent', async () => {
  await fc.assert(
    fc.asyncProperty(mutatedObjects, fc.boolean(), textMutation, async (objs, json, tm) => {
      // The function.
      const input = mutateText(resourceList(objs, json), tm);
      const fn = runFunction(input);
      checkOutput('function', fn, { codes: [0, 1], hidden: NEVER, hiddenInStdout: false });
      assert.equal(runFunction(input).stdout, fn.stdout, 'function: not deterministic');
      if (fn.stdout) {
        const own = ownOutput(fn.stdout);
        for (const s of NEVER) assert.ok(!own.includes(s), `function: ${s} in what it wrote`);
      }
      if (fn.code === 0) assert.equal(runFunction(fn.stdout).stdout, fn.stdout, 'function: not idempotent');

      // build, on the objects as a stream.
      const streamText = mutateText(objs.map((o) => emitYAML(o)).join('---\n'), tm);
      const build = runBuild(['-'], () => streamText, {});
      checkOutput('build', build, { codes: [0, 1, 2], hidden: NEVER, hiddenInStdout: false });
      assert.equal(runBuild(['-'], () => streamText, {}).stdout, build.stdout, 'build: not deterministic');
      if (build.code === 0) {
        const generated = parseAllDocuments(build.stdout)
          .map((d) => d.toJS() as Obj)
          .filter((o) => (o?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations?.['metallb-frr.dev/generated'] === 'true');
        for (const s of NEVER) assert.ok(!JSON.stringify(generated).includes(s), `build: ${s} in what it generated`);
        assert.equal(runBuild(['-'], () => build.stdout, {}).stdout, build.stdout, 'build: not idempotent');
      }

      // render, on the same stream (other kinds are ignored).
      const render = await renderCommand(['--node', 'n1', '--labels', 'rack=r1'], streamText);
      checkOutput('render', render, { codes: [0, 1, 2], hidden: hiddenByRender(streamText), hiddenInStdout: true });
      assert.equal((await renderCommand(['--node', 'n1', '--labels', 'rack=r1'], streamText)).stdout, render.stdout, 'render: not deterministic');
      const shown = await renderCommand(['--node', 'n1', '--labels', 'rack=r1', '--secrets'], streamText);
      checkOutput('render --secrets', shown, { codes: [0, 1, 2], hidden: NEVER, hiddenInStdout: false });
    }),
    fcParams({ seconds: 4 }),
  );
});
