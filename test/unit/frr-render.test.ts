// render() and its helpers: policy structure, names, toReceive lengths,
// passwords (redaction, Secrets, never in a message), log levels, and
// byte-for-byte determinism whatever the input order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { fcParams } from '../lib/property.ts';
import { parseAllDocuments } from 'yaml';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { merge, neighborNames, noSecrets, passwordFromSecret, render, renderNode, secretsFrom, SecretText, type Merged, type RenderOptions } from '../../src/frr/index.ts';
import { filterFor } from '../../src/frr/read.ts';

function objects(yaml: string): KubeObject[] {
  return parseAllDocuments(yaml).map((d) => d.toJS() as KubeObject).filter(Boolean);
}

function configsOf(objs: KubeObject[]): FRRConfiguration[] {
  return objs.filter((o) => o.kind === 'FRRConfiguration') as unknown as FRRConfiguration[];
}

const cfg = (name: string, spec: string) => `apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: ${name}, namespace: frr-k8s-system}
spec: ${spec}
---
`;

function mergedOf(yaml: string): Merged {
  const r = merge(configsOf(objects(yaml)));
  assert.ok(r.merged, JSON.stringify(r.diagnostics));
  return r.merged;
}

function renderText(yaml: string, opts: Partial<RenderOptions> = {}): string {
  const objs = objects(yaml);
  const r = render(mergedOf(yaml), { hostname: 'node-1', secrets: secretsFrom(objs), ...opts });
  assert.deepEqual(r.diagnostics, []);
  return r.text;
}

describe('render', () => {
  it('builds the outbound route-map from prefix-lists: modifiers with on-match next, then the allowed prefixes, then deny', () => {
    const text = renderText(
      cfg('a', `{bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24, 10.2.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withLocalPref: [{localPref: 150, prefixes: [10.1.0.0/24]}], withCommunity: [{community: "65000:7", prefixes: [10.2.0.0/24]}]}}]}]}}`),
    );
    const outMap = text.split('\n').filter((l) => l.startsWith('route-map default-10.0.0.1-out') || (l.startsWith(' ') && !l.startsWith('  ')) || l === 'exit').join('\n');
    assert.ok(
      text.includes(
        [
          'route-map default-10.0.0.1-out permit 10',
          ' match ip address prefix-list default-10.0.0.1-localpref-150-v4',
          ' set local-preference 150',
          ' on-match next',
          'exit',
          'route-map default-10.0.0.1-out permit 20',
          ' match ip address prefix-list default-10.0.0.1-community-65000:7-v4',
          ' set community 65000:7 additive',
          ' on-match next',
          'exit',
          'route-map default-10.0.0.1-out permit 65000',
          ' match ip address prefix-list default-10.0.0.1-out-v4',
          'exit',
          'route-map default-10.0.0.1-out deny 65535',
          'exit',
        ].join('\n'),
      ),
      outMap,
    );
    assert.ok(text.includes('ip prefix-list default-10.0.0.1-out-v4 permit 10.1.0.0/24\nip prefix-list default-10.0.0.1-out-v4 permit 10.2.0.0/24\n'));
    // Nothing is accepted from the neighbour without toReceive.
    assert.ok(text.includes('route-map default-10.0.0.1-in deny 65535\nexit\n'));
    assert.ok(!text.includes('default-10.0.0.1-in permit'));
  });

  it('writes the global policy defaults frr-k8s relies on', () => {
    const text = renderText(cfg('a', '{bgp: {routers: [{asn: 65001, id: 192.0.2.1}]}}'));
    for (const line of ['frr defaults traditional', 'hostname node-1', 'log stdout informational', 'router bgp 65001', ' bgp router-id 192.0.2.1', ' no bgp ebgp-requires-policy', ' no bgp default ipv4-unicast', ' no bgp network import-check', ' coalesce-time 0']) {
      assert.ok(text.split('\n').includes(line), `missing "${line}"`);
    }
  });

  it('turns the update-group coalesce timer off in every router (FRR 8.4 loses withdrawals while it runs)', () => {
    const text = renderText(cfg('a', '{bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000}]}, {asn: 65002, vrf: red, neighbors: [{address: 10.0.0.1, asn: 65000}]}, {asn: 65003, vrf: blue}]}}'));
    const routers = text.split('\n!\n').filter((b) => b.startsWith('router bgp '));
    assert.deepEqual(routers.map((b) => b.split('\n')[0]), ['router bgp 65001', 'router bgp 65003 vrf blue', 'router bgp 65002 vrf red']);
    for (const b of routers) {
      const lines = b.split('\n');
      assert.deepEqual(lines.filter((l) => l.includes('coalesce-time')), [' coalesce-time 0'], b);
      // Set before the first neighbour, so no subgroup is ever created with a timer.
      const firstNeighbor = lines.findIndex((l) => l.startsWith(' neighbor '));
      if (firstNeighbor >= 0) assert.ok(lines.indexOf(' coalesce-time 0') < firstNeighbor, b);
    }
  });

  it('writes disable-connected-check for single-hop IPv6 eBGP neighbours only: never multi-hop, iBGP, IPv4 or interface ones', () => {
    const text = renderText(
      cfg(
        'a',
        `{bgp: {routers: [{asn: 65001, neighbors: [
          {address: "fd00::1", asn: 65000},
          {address: "fd00::2", dynamicASN: external},
          {address: "fd00::3", asn: 65000, ebgpMultiHop: true},
          {address: "fd00::4", dynamicASN: external, ebgpMultiHop: true},
          {address: "fd00::5", asn: 65001},
          {address: "fd00::6", dynamicASN: internal},
          {address: 10.0.0.1, asn: 65000},
          {interface: eth0, asn: 65000}]}]}}`,
      ),
    );
    assert.deepEqual(
      text.split('\n').filter((l) => l.endsWith(' disable-connected-check')),
      [' neighbor fd00::1 disable-connected-check', ' neighbor fd00::2 disable-connected-check'],
    );
  });

  it('names are stable and readable; interface and VRF names are sanitized', () => {
    const v6 = neighborNames('', 'fd00::1', 'address');
    assert.equal(v6.routeMapOut, 'default-fd00::1-out');
    assert.equal(v6.allowedIn('v6'), 'default-fd00::1-in-v6');
    const iface = neighborNames('vrf+1', 'eth0.100@x', 'interface');
    assert.equal(iface.routeMapIn, 'vrf_1-eth0.100_x-in');
    assert.equal(iface.community('1:2:3', true, 'v4'), 'vrf_1-eth0.100_x-large-community-1:2:3-v4');
    assert.equal(iface.localPref(200, 'v6'), 'vrf_1-eth0.100_x-localpref-200-v6');
  });

  it('refuses two neighbours whose sanitized names collide', () => {
    const merged = mergedOf(cfg('a', '{bgp: {routers: [{asn: 65001, neighbors: [{interface: "a+b", asn: 65000}, {interface: "a_b", asn: 65000}]}]}}'));
    const r = render(merged, { hostname: 'n' });
    assert.equal(r.text, '');
    assert.match(r.diagnostics[0].message, /neighbor a_b and neighbor a\+b get the same prefix-list and route-map names \(default-a_b-out\)/);
  });

  it('refuses more route-map entries than FRR numbers', () => {
    const prefixes = Array.from({ length: 6500 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const lps = prefixes.map((p, i) => ({ localPref: i + 1, prefixes: [p] }));
    const c = { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'big', namespace: 'frr-k8s-system' }, spec: { bgp: { routers: [{ asn: 65001, prefixes, neighbors: [{ address: '10.0.0.1', asn: 65000, toAdvertise: { allowed: { mode: 'all' }, withLocalPref: lps } }] }] } } } as FRRConfiguration;
    const m = merge([c]);
    assert.ok(m.merged);
    const r = render(m.merged, { hostname: 'n' });
    assert.equal(r.text, '');
    assert.match(r.diagnostics[0].message, /needs 6500 local-preference and community entries in route-map default-10\.0\.0\.1-out, more than 6499;/);
    assert.equal(r.diagnostics[0].field, 'spec.bgp.routers[0].neighbors[0]');
  });

  it('log levels: FRR names, frr-k8s names, debugging turns debug switches on', () => {
    const yaml = cfg('a', '{bgp: {routers: [{asn: 65001}]}}');
    assert.match(renderText(yaml, { logLevel: 'warnings' }), /^log stdout warnings$/m);
    assert.match(renderText(yaml, { logLevel: 'info' }), /^log stdout informational$/m);
    assert.match(renderText(yaml, { logLevel: '' }), /^log stdout informational$/m, 'an empty log level is the default');
    const debug = renderText(yaml, { logLevel: 'debug' });
    assert.match(debug, /^log stdout debugging$/m);
    // Every switch of zebra, bgpd and bfdd that shows a session's life: events,
    // kernel and RIB changes, updates, keepalives, next hops, BFD packets.
    assert.deepEqual(
      debug.split('\n').filter((l) => l.startsWith('debug ')),
      ['zebra events', 'zebra kernel', 'zebra rib', 'bgp neighbor-events', 'bgp updates', 'bgp keepalives', 'bgp nht', 'bgp zebra', 'bfd network', 'bfd peer', 'bfd zebra'].map((s) => `debug ${s}`),
    );
    assert.doesNotMatch(renderText(yaml, { logLevel: 'info' }), /^debug /m, 'no debug switch below debugging');
    for (const name of ['loud', 'constructor', '__proto__', 'toString']) {
      const bad = render(mergedOf(yaml), { hostname: 'n', logLevel: name });
      assert.equal(bad.text, '', name);
      assert.equal(bad.diagnostics[0].message, `unknown log level "${name}" (want one of emergencies, alerts, critical, errors, warnings, notifications, informational, debugging, all, debug, info, warn, error, none)`);
    }
  });

  it('raw configuration is written without its trailing blank lines and spaces', () => {
    const text = renderText(cfg('a', '{raw: {rawConfig: "! first\\n! second  \\n\\n\\n"}}'));
    assert.match(text, /^! first\n! second\n!\n/m);
  });

  it('the header names each source configuration namespace/name, or by its name alone without a namespace', () => {
    const objs = objects(cfg('a', '{bgp: {routers: [{asn: 65001}]}}') + cfg('b', '{bgp: {routers: [{asn: 65001}]}}'));
    delete (objs[1].metadata as { namespace?: string }).namespace;
    const r = render(merge(configsOf(objs)).merged!, { hostname: 'n' });
    assert.match(r.text, /^! From FRRConfigurations: b, frr-k8s-system\/a$/m);
  });

  it('an object name with a line break (from a file) stays inside its comment', () => {
    const c = { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'a\nrouter bgp 1\r', namespace: 'frr-k8s-system' }, spec: { raw: { rawConfig: '! raw' } } } as FRRConfiguration;
    const m = merge([c]);
    assert.ok(m.merged);
    const text = render(m.merged, { hostname: 'n' }).text;
    assert.doesNotMatch(text, /^router bgp/m);
    assert.match(text, /^! From FRRConfigurations: frr-k8s-system\/a\\x0arouter bgp 1\\x0d$/m);
    assert.match(text, /^! Raw configuration of FRRConfiguration frr-k8s-system\/a\\x0arouter bgp 1\\x0d \(priority 0\)$/m);
  });

  it('refuses a hostname frr.conf cannot carry', () => {
    const r = render(mergedOf(cfg('a', '{}')), { hostname: 'two words' });
    assert.equal(r.text, '');
    assert.match(r.diagnostics[0].message, /^hostname /);
  });
});

describe('toReceive lengths in FRR form', () => {
  const cases: Array<[string, number | undefined, number | undefined, string]> = [
    ['10.0.0.0/24', undefined, undefined, '10.0.0.0/24'],
    ['10.0.0.0/24', 24, 24, '10.0.0.0/24'],
    ['10.0.0.0/24', undefined, 24, '10.0.0.0/24'],
    ['10.0.0.0/24', 24, undefined, '10.0.0.0/24 le 32'],
    ['10.0.0.0/24', undefined, 28, '10.0.0.0/24 le 28'],
    ['10.0.0.0/24', 26, undefined, '10.0.0.0/24 ge 26'],
    ['10.0.0.0/24', 26, 26, '10.0.0.0/24 ge 26 le 26'],
    ['10.0.0.0/24', 26, 32, '10.0.0.0/24 ge 26'],
    ['10.0.0.0/8', 16, 24, '10.0.0.0/8 ge 16 le 24'],
    ['2001:db8::/32', 48, 64, '2001:db8::/32 ge 48 le 64'],
    ['2001:db8::/32', undefined, 128, '2001:db8::/32 le 128'],
  ];
  for (const [prefix, ge, le, want] of cases) {
    it(`${prefix} ge ${ge} le ${le} → ${want}`, () => {
      const len = Number(prefix.split('/')[1]);
      const f = filterFor(prefix, len, prefix.includes(':') ? 128 : 32, ge, le);
      assert.ok(f.ok, JSON.stringify(f));
      assert.equal(`${f.value.prefix}${f.value.ge !== undefined ? ` ge ${f.value.ge}` : ''}${f.value.le !== undefined ? ` le ${f.value.le}` : ''}`, want);
    });
  }

  it('matches exactly the same lengths as the selector (all lengths, all combinations)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 32 }), fc.option(fc.integer({ min: 0, max: 32 })), fc.option(fc.integer({ min: 0, max: 32 })), (len, ge, le) => {
        const got = filterFor(`0.0.0.0/${len}`, len, 32, ge ?? undefined, le ?? undefined);
        // frr-k8s' meaning: lengths from ge (or len) to le (or 32 with ge, else len).
        const lo = ge ?? len;
        const hi = le ?? (ge !== null ? 32 : len);
        if (!got.ok) return lo < len || hi < len || lo > hi;
        const f = got.value;
        // FRR's meaning of what we write, including its own rules.
        if (f.ge !== undefined && f.ge <= len) return false;
        if (f.le !== undefined && f.le <= len) return false;
        const frrLo = f.ge ?? len;
        const frrHi = f.le ?? (f.ge !== undefined ? 32 : len);
        return frrLo === lo && frrHi === hi;
      }),
      fcParams({ numRuns: 100 }),
    );
  });
});

describe('passwords', () => {
  const withSecret = (secret: string) =>
    cfg('a', '{bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, passwordSecret: {name: auth}}, {address: 10.0.0.2, asn: 65000, password: clear-pw}]}]}}') + secret;
  const basicAuth = (data: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: auth, namespace: frr-k8s-system}\ntype: kubernetes.io/basic-auth\n${data}\n`;

  it('reads data (base64) and stringData (which wins), writes them, or <redacted>', () => {
    const data = withSecret(basicAuth(`data: {password: ${Buffer.from('from-data').toString('base64')}}`));
    assert.match(renderText(data), /^ neighbor 10\.0\.0\.1 password from-data$/m);
    assert.match(renderText(data), /^ neighbor 10\.0\.0\.2 password clear-pw$/m);
    const both = withSecret(basicAuth(`data: {password: ${Buffer.from('from-data').toString('base64')}}\nstringData: {password: from-string-data}`));
    assert.match(renderText(both), /^ neighbor 10\.0\.0\.1 password from-string-data$/m);
    const redacted = renderText(both, { redactPasswords: true });
    assert.match(redacted, /^ neighbor 10\.0\.0\.1 password <redacted>$/m);
    assert.match(redacted, /^ neighbor 10\.0\.0\.2 password <redacted>$/m);
    assert.ok(!redacted.includes('from-') && !redacted.includes('clear-pw'));
  });

  it('redacting covers passwords in raw configuration too, to the end of their line', () => {
    const raw = cfg('raw', '{raw: {rawConfig: "password vty-Pa55\\nrouter bgp 65001\\n neighbor PG peer-group\\n  neighbor PG password pg-Pa55 \\n neighbor password password iface-Pa55\\n"}}');
    const redacted = renderText(raw, { redactPasswords: true });
    assert.ok(redacted.includes(['password <redacted>', 'router bgp 65001', ' neighbor PG peer-group', '  neighbor PG password <redacted>', ' neighbor password <redacted>', '!'].join('\n')), redacted);
    assert.doesNotMatch(redacted, /Pa55/);
    assert.match(renderText(raw), /^ neighbor password password iface-Pa55$/m);
  });

  it('a missing Secret is an error, a warning when redacting', () => {
    const merged = mergedOf(withSecret(''));
    const r = render(merged, { hostname: 'n', secrets: noSecrets });
    assert.equal(r.text, '');
    assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.ref?.name, d.field, d.message]), [
      ['error', 'a', 'spec.bgp.routers[0].neighbors[0].passwordSecret', 'neighbor 10.0.0.1: Secret frr-k8s-system/auth not found'],
    ]);
    const redacted = render(merged, { hostname: 'n', secrets: noSecrets, redactPasswords: true });
    assert.match(redacted.text, /password <redacted>/);
    assert.equal(redacted.diagnostics[0].severity, 'warning');
  });

  it('passwordFromSecret checks type, key and encoding', () => {
    const s = (extra: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'ns' }, type: 'kubernetes.io/basic-auth', ...extra });
    assert.deepEqual(passwordFromSecret(s({ type: undefined, stringData: { password: 'p' } })), { ok: false, problem: 'Secret ns/x has type Opaque; a password Secret must have type kubernetes.io/basic-auth' });
    assert.deepEqual(passwordFromSecret(s({ data: { username: 'dQ==' } })), { ok: false, problem: 'Secret ns/x has no "password" key' });
    assert.deepEqual(passwordFromSecret(s({ data: { password: 'not base64!' } })), { ok: false, problem: 'Secret ns/x data.password is not valid base64' });
    const ok = passwordFromSecret(s({ data: { password: Buffer.from('pw').toString('base64') } }));
    assert.ok(ok.ok && ok.value.reveal() === 'pw');
  });

  it('never puts a password in a message, whatever it holds', () => {
    fc.assert(
      // Valid ones and ones frr.conf cannot carry; the marker keeps a short
      // password from matching a message by chance.
      fc.property(fc.oneof(fc.string({ maxLength: 90 }), fc.stringMatching(/^[!-~]{0,70}$/)), (tail) => {
        const pw = `pw-${tail}`;
        const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'auth', namespace: 'frr-k8s-system' }, type: 'kubernetes.io/basic-auth', stringData: { password: pw } };
        const clear = { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'a', namespace: 'frr-k8s-system' }, spec: { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.1', asn: 65000, password: pw }, { address: '10.0.0.2', asn: 65000, passwordSecret: { name: 'auth' } }] }] } } };
        const other = { ...clear, metadata: { name: 'b', namespace: 'frr-k8s-system' }, spec: { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.1', asn: 65000, password: `${pw}x` }] }] } } };
        for (const set of [[clear], [clear, other]]) {
          const r = renderNode(set as unknown as FRRConfiguration[], { name: 'n', labels: {} }, secretsFrom([secret]), {});
          for (const d of r.diagnostics) assert.ok(!d.message.includes(pw) && !(d.field ?? '').includes(pw), `leaked in: ${d.message}`);
        }
      }),
      fcParams({ numRuns: 200 }),
    );
  });

  it('SecretText prints as <redacted> everywhere but reveal()', () => {
    const s = new SecretText('hunter2');
    assert.equal(String(s), '<redacted>');
    assert.equal(`${s}`, '<redacted>');
    assert.equal(JSON.stringify({ s }), '{"s":"<redacted>"}');
    assert.ok(!inspect({ s }, { depth: 5 }).includes('hunter2'));
    assert.equal(s.reveal(), 'hunter2');
    const m = mergedOf(cfg('a', '{bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, password: hunter2}]}]}}'));
    assert.ok(!JSON.stringify(m).includes('hunter2'));
    assert.ok(!inspect(m, { depth: 20 }).includes('hunter2'));
  });
});

describe('determinism', () => {
  const stream = objects(
    cfg('z', '{bgp: {bfdProfiles: [{name: p, receiveInterval: 300}], routers: [{asn: 65001, prefixes: [10.1.0.0/24, "2001:db8::/64"], neighbors: [{address: 10.0.0.1, asn: 65000, bfdProfile: p, dualStackAddressFamily: true, toAdvertise: {allowed: {mode: all}, withCommunity: [{community: "1:1", prefixes: [10.1.0.0/24]}]}}]}]}}') +
      cfg('a', '{raw: {rawConfig: "! a"}, bgp: {bfdProfiles: [{name: p, receiveInterval: 300}], routers: [{asn: 65001, prefixes: [10.2.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, dualStackAddressFamily: true, toAdvertise: {allowed: {prefixes: [10.2.0.0/24]}, withLocalPref: [{localPref: 5, prefixes: [10.2.0.0/24]}]}, toReceive: {allowed: {prefixes: [{prefix: 10.9.0.0/16, le: 24}]}}}, {interface: eth1, asn: 65002}]}]}}') +
      cfg('m', '{raw: {priority: -3, rawConfig: "! m"}, bgp: {routers: [{asn: 65001, vrf: red, prefixes: [10.3.0.0/24]}, {asn: 65001, prefixes: [10.4.0.0/24], imports: [{vrf: red}]}]}}') +
      cfg('q', '{bgp: {routers: [{asn: 65001, vrf: red, prefixes: [10.3.0.0/24]}]}}'),
  );
  const configs = configsOf(stream);
  const expected = renderNode(configs, { name: 'n', labels: {} }, noSecrets, {});

  it('the same configurations in any order give the same bytes', () => {
    assert.deepEqual(expected.diagnostics, []);
    fc.assert(
      fc.property(fc.shuffledSubarray(configs, { minLength: configs.length, maxLength: configs.length }), (order) => {
        const r = renderNode(order, { name: 'n', labels: {} }, noSecrets, {});
        assert.equal(r.text, expected.text);
      }),
      fcParams({ numRuns: 50 }),
    );
  });

  it('rendering twice gives the same bytes (no hidden state)', () => {
    assert.equal(renderNode(configs, { name: 'n', labels: {} }, noSecrets, {}).text, expected.text);
  });
});

describe('bad input', () => {
  // Configurations shaped like the schema, where any field may instead hold
  // anything: most are refused, some render. Files (the CLI, the agent's
  // --from-dir) can hold what the API server would refuse.
  const word = fc.oneof(fc.constantFrom('10.0.0.1', '10.1.0.0/24', 'fd00::1', '2001:db8::/64', 'eth0', 'red', 'default', '90s', 'all', 'filtered', '65000:1', 'large:1:2:3', 'internal', 'In', 'Exists', 'p', ''), fc.string({ maxLength: 6 }));
  const anything = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, word, fc.integer({ min: -1, max: 70000 }), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 2 }), fc.dictionary(word, tie('v'), { maxKeys: 2 })),
  })).v;
  /** Mostly `good`, sometimes anything at all. */
  const or = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: anything });
  const rec = (fields: Record<string, fc.Arbitrary<unknown>>) => or(fc.record(Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, or(a)])), { requiredKeys: [] }));
  const list = <T>(a: fc.Arbitrary<T>) => or(fc.array(or(a), { maxLength: 3 }));
  const num = fc.integer({ min: 0, max: 70000 });
  const prefixes = list(word);
  const selector = rec({ matchLabels: fc.dictionary(word, word, { maxKeys: 2 }), matchExpressions: list(rec({ key: word, operator: word, values: list(word) })) });
  const neighbor = rec({
    address: word, interface: word, asn: num, dynamicASN: word, port: num, holdTime: word, keepaliveTime: word, password: word, passwordSecret: rec({ name: word }), bfdProfile: word, dualStackAddressFamily: fc.boolean(),
    toAdvertise: rec({ allowed: rec({ mode: word, prefixes }), withLocalPref: list(rec({ localPref: num, prefixes })), withCommunity: list(rec({ community: word, prefixes })), nextHop: rec({ ipv4: word, ipv6: word }) }),
    toReceive: rec({ allowed: rec({ mode: word, prefixes: list(rec({ prefix: word, ge: num, le: num })) }) }),
  });
  const spec = rec({
    nodeSelector: selector,
    bgp: rec({ routers: list(rec({ asn: num, vrf: word, id: word, prefixes, imports: list(rec({ vrf: word })), neighbors: list(neighbor) })), bfdProfiles: list(rec({ name: word, receiveInterval: num })) }),
    raw: rec({ priority: num, rawConfig: word }),
  });

  it('renderNode reports every problem on an object and never throws; frr.conf only without errors', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 3 }), anything, (specs, data) => {
        const configs = specs.map((s, i) => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: `c${i}`, namespace: 'frr-k8s-system' }, spec: s }));
        const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p', namespace: 'frr-k8s-system' }, type: 'kubernetes.io/basic-auth', data, stringData: data };
        for (const redactPasswords of [false, true]) {
          const r = renderNode(configs as unknown as FRRConfiguration[], { name: 'n', labels: {} }, secretsFrom([secret]), { redactPasswords });
          const errors = r.diagnostics.filter((d) => d.severity === 'error');
          for (const e of errors) assert.ok(e.ref?.name && e.field, `unlocated: ${JSON.stringify(e)}`);
          assert.equal(r.text === '', errors.length > 0, JSON.stringify(errors));
        }
      }),
      fcParams({ numRuns: 300 }),
    );
  });
});

describe('timers with a fraction of a second', () => {
  it('are truncated to whole seconds, as frr-k8s does', () => {
    const text = renderText(cfg('t', `bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, holdTime: 10s, keepaliveTime: 3.333333333s}]}]}`));
    assert.match(text, /^ neighbor 10\.0\.0\.1 timers 3 10$/m);
  });

  it('compared in whole nanoseconds, as Go reads them: a fraction of a nanosecond is dropped', () => {
    // frr-k8s' time.ParseDuration reads 3.0000000001s as 3s: not longer than holdTime 3s.
    const text = renderText(cfg('t', `bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, holdTime: 3s, keepaliveTime: 3.0000000001s}]}]}`));
    assert.match(text, /^ neighbor 10\.0\.0\.1 timers 3 3$/m);
  });
});
