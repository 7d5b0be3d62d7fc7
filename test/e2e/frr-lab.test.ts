// Rendered frr.conf files on real FRR, checked from a real peer: for each
// scenario a lab (test/e2e/lib/lab.ts) with FRR as the node and BIRD as the
// top-of-rack router, the configuration loaded with frr-reload.py, and an
// assertion of exactly what BIRD receives (prefixes, communities, large
// communities, local preference over iBGP) — and so what it does not.
// Every scenario runs on each FRR the lab has (8.4 from this machine, 10.3
// from the FRR 10 root; lib/lab.ts); scenarios run side by side, each in its
// own namespaces.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { renderCommand } from '../../fn/render.ts';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { renderNode, secretsFrom } from '../../src/frr/index.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { e2eDescribe, isRoot, missing } from '../lib/e2e.ts';
import { createLab, FRR_VERSIONS, holds, labRequirements, NODE_V4, NODE_V6, TOR_V4, TOR_V6, waitFor, withLabTuning, type FRRVersion, type Lab } from './lib/lab.ts';

const NODE = 'node-1';
const NS = 'frr-k8s-system';

/** Renders the node's frr.conf from a YAML stream through the library. */
function renderYAML(yaml: string): string {
  const objects = parseAllDocuments(yaml).map((d) => d.toJS() as KubeObject).filter(Boolean);
  const configs = objects.filter((o) => o.kind === 'FRRConfiguration') as unknown as FRRConfiguration[];
  const r = renderNode(configs, { name: NODE, labels: { 'kubernetes.io/hostname': NODE } }, secretsFrom(objects), {});
  assert.deepEqual(r.diagnostics.map((d) => formatDiagnostic(d)), []);
  return r.text;
}

/** Loads a rendered configuration; frr-reload.py must succeed. */
async function load(lab: Lab, conf: string): Promise<void> {
  const r = await lab.reload(withLabTuning(conf));
  assert.equal(r.code, 0, `frr-reload.py failed:\n${r.stdout}\n${r.stderr}`);
}

/** A route as the assertions compare it: only what the scenario is about. */
interface Seen {
  prefix: string;
  communities?: string[];
  largeCommunities?: string[];
  localPref?: number;
}

/** Routes reduced to the fields `keep` names, in prefix order, as JSON. */
function summarize(routes: Seen[], keep: Array<keyof Seen>): string {
  const reduced = routes.map((r) => {
    const s: Seen = { prefix: r.prefix };
    if (keep.includes('communities')) s.communities = [...(r.communities ?? [])].sort();
    if (keep.includes('largeCommunities')) s.largeCommunities = [...(r.largeCommunities ?? [])].sort();
    if (keep.includes('localPref')) s.localPref = r.localPref;
    return s;
  });
  return JSON.stringify(reduced.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0)));
}

/** Waits until BIRD's routes from `protocol` are exactly `want` (in the fields `want` mentions). */
async function expectRoutes(lab: Lab, protocol: string, want: Seen[], timeoutMs = 60_000): Promise<void> {
  const keep = [...new Set(want.flatMap((w) => Object.keys(w)))] as Array<keyof Seen>;
  const expected = summarize(want, keep);
  let last = '';
  try {
    await waitFor(`BIRD protocol ${protocol} to hold exactly ${expected}`, async () => {
      last = summarize(await lab.birdRoutes(protocol), keep);
      return last === expected;
    }, { timeoutMs });
  } catch (e) {
    const frr = await lab.vtysh('show bgp summary', 'show bgp ipv4 unicast', 'show bgp ipv6 unicast', 'show running-config').catch((x: Error) => x.message);
    throw new Error(`${(e as Error).message}\nlast seen: ${last}\nBIRD ${protocol}: ${await lab.birdProtocolState(protocol).catch(() => '?')}\n--- FRR\n${frr}\n${lab.logs()}`);
  }
}

async function withLabOf(version: FRRVersion, fn: (lab: Lab) => Promise<void>): Promise<void> {
  const lab = await createLab({ frr: version });
  try {
    await fn(lab);
  } finally {
    await lab.close();
  }
}

const config = (name: string, spec: string): string => `apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata:
  name: ${name}
  namespace: ${NS}
spec:
${spec.replace(/^/gm, '  ').trimEnd()}
---
`;

/** The scenarios, on one FRR version. */
const scenarios = (version: FRRVersion) => () => {
  const withLab = (fn: (lab: Lab) => Promise<void>) => withLabOf(version, fn);

  it('1. seed: the generated configuration plus the custom one', async () => {
    await withLab(async (lab) => {
      await lab.configureBird({ peers: [{ name: 'node4', neighbor: NODE_V4, localAS: 65000, peerAS: 65001 }] });
      const generated = config('metallb-tor-switch', `
nodeSelector: {}
bgp:
  routers:
  - asn: 65001
    prefixes: [10.200.0.0/24]
    neighbors:
    - address: ${TOR_V4}
      asn: 65000
      port: 179
      toAdvertise: {allowed: {prefixes: [10.200.0.0/24]}}`);
      const custom = config('custom-config', `
bgp:
  routers:
  - asn: 65001
    prefixes: [10.201.0.0/24]
    neighbors:
    - address: ${TOR_V4}
      asn: 65000
      toAdvertise: {allowed: {prefixes: [10.201.0.0/24]}}`);
      // Through the CLI, with a manifest of another kind in the stream.
      const stream = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated, namespace: ${NS}}\n---\n${generated}${custom}`;
      const r = await renderCommand(['--node', NODE], stream);
      assert.equal(r.code, 0, r.stderr);
      await load(lab, r.stdout);
      await expectRoutes(lab, 'node4', [{ prefix: '10.200.0.0/24' }, { prefix: '10.201.0.0/24' }]);
    });
  });

  it('2. eBGP with standard and large communities on some prefixes', async () => {
    await withLab(async (lab) => {
      await lab.configureBird({ peers: [{ name: 'node4', neighbor: NODE_V4, localAS: 65000, peerAS: 65001 }] });
      const conf = renderYAML(
        config('communities', `
bgp:
  routers:
  - asn: 65001
    prefixes: [10.210.0.0/24, 10.211.0.0/24, 10.212.0.0/24]
    neighbors:
    - address: ${TOR_V4}
      asn: 65000
      toAdvertise:
        allowed: {prefixes: [10.210.0.0/24, 10.211.0.0/24, 10.212.0.0/24]}
        withCommunity:
        - {community: "65000:100", prefixes: [10.210.0.0/24]}
        - {community: "large:65000:1:2", prefixes: [10.211.0.0/24]}`) +
          // A second configuration adds a community to one of the prefixes.
          config('more-communities', `
bgp:
  routers:
  - asn: 65001
    prefixes: [10.210.0.0/24]
    neighbors:
    - address: ${TOR_V4}
      asn: 65000
      toAdvertise:
        allowed: {prefixes: [10.210.0.0/24]}
        withCommunity:
        - {community: "65000:200", prefixes: [10.210.0.0/24]}
        - {community: "large:65000:3:4", prefixes: [10.210.0.0/24]}`),
      );
      await load(lab, conf);
      await expectRoutes(lab, 'node4', [
        { prefix: '10.210.0.0/24', communities: ['65000:100', '65000:200'], largeCommunities: ['65000:3:4'] },
        { prefix: '10.211.0.0/24', communities: [], largeCommunities: ['65000:1:2'] },
        { prefix: '10.212.0.0/24', communities: [], largeCommunities: [] },
      ]);
    });
  });

  it('3. iBGP with two local preferences', async () => {
    await withLab(async (lab) => {
      await lab.configureBird({ peers: [{ name: 'node4i', neighbor: NODE_V4, localAS: 65001, peerAS: 65001 }] });
      const conf = renderYAML(
        config('localpref', `
bgp:
  routers:
  - asn: 65001
    prefixes: [10.220.0.0/24, 10.221.0.0/24, 10.222.0.0/24]
    neighbors:
    - address: ${TOR_V4}
      asn: 65001
      toAdvertise:
        allowed: {mode: all}
        withLocalPref:
        - {localPref: 200, prefixes: [10.220.0.0/24]}
        - {localPref: 50, prefixes: [10.221.0.0/24]}`),
      );
      await load(lab, conf);
      await expectRoutes(lab, 'node4i', [
        { prefix: '10.220.0.0/24', localPref: 200 },
        { prefix: '10.221.0.0/24', localPref: 50 },
        { prefix: '10.222.0.0/24', localPref: 100 },
      ]);
    });
  });

  it('4. an IPv6 neighbour with IPv6 prefixes, and a dual-stack neighbour', async () => {
    await withLab(async (lab) => {
      await lab.configureBird({
        peers: [
          { name: 'node6', neighbor: NODE_V6, localAS: 65000, peerAS: 65001 },
          { name: 'dual', neighbor: NODE_V4, localAS: 65000, peerAS: 65001, ipv4: true, ipv6: true },
        ],
      });
      const conf = renderYAML(
        config('ipv6', `
bgp:
  routers:
  - asn: 65001
    prefixes: [10.230.0.0/24, 2001:db8:100::/48, 2001:db8:200::/48]
    neighbors:
    - address: ${TOR_V6}
      asn: 65000
      toAdvertise: {allowed: {prefixes: [2001:db8:100::/48]}}
    - address: ${TOR_V4}
      asn: 65000
      dualStackAddressFamily: true
      toAdvertise: {allowed: {prefixes: [10.230.0.0/24, 2001:db8:200::/48]}}`),
      );
      await load(lab, conf);
      await expectRoutes(lab, 'node6', [{ prefix: '2001:db8:100::/48' }]);
      await expectRoutes(lab, 'dual', [{ prefix: '10.230.0.0/24' }, { prefix: '2001:db8:200::/48' }]);
    });
  });

  it('5. TCP-MD5 password from a Secret; a wrong one leaves the session down', async () => {
    await withLab(async (lab) => {
      await lab.configureBird({ peers: [{ name: 'node4', neighbor: NODE_V4, localAS: 65000, peerAS: 65001, password: 'right-Pa55' }] });
      const frr = config('md5', `
bgp:
  routers:
  - asn: 65001
    prefixes: [10.250.0.0/24]
    neighbors:
    - address: ${TOR_V4}
      asn: 65000
      passwordSecret: {name: bgp-auth}
      toAdvertise: {allowed: {prefixes: [10.250.0.0/24]}}`);
      const secret = (password: string) =>
        `apiVersion: v1\nkind: Secret\nmetadata: {name: bgp-auth, namespace: ${NS}}\ntype: kubernetes.io/basic-auth\ndata:\n  password: ${Buffer.from(password).toString('base64')}\n---\n`;

      // Through the CLI: without --secrets the password is redacted.
      const redacted = await renderCommand(['--node', NODE], frr + secret('wrong-Pa55'));
      assert.equal(redacted.code, 0, redacted.stderr);
      assert.match(redacted.stdout, /neighbor 10\.0\.0\.1 password <redacted>/);
      assert.doesNotMatch(redacted.stdout + redacted.stderr, /wrong-Pa55/);

      const wrong = await renderCommand(['--node', NODE, '--secrets'], frr + secret('wrong-Pa55'));
      assert.equal(wrong.code, 0, wrong.stderr);
      await load(lab, wrong.stdout);
      // The kernel drops the peer's segments: its MD5 counters prove the
      // attempts happen, and the session must stay down meanwhile.
      await waitFor('TCP-MD5 mismatches at the ToR', async () => (await md5Failures(lab)) > 0, { timeoutMs: 30_000 });
      await holds('the session to stay down with a wrong password', async () => (await lab.birdProtocolState('node4')) !== 'Established' && (await lab.frrNeighborState(TOR_V4)) !== 'Established', 6_000);
      assert.deepEqual(await lab.birdRoutes('node4'), []);

      const right = await renderCommand(['--node', NODE, '--secrets'], frr + secret('right-Pa55'));
      assert.equal(right.code, 0, right.stderr);
      await load(lab, right.stdout);
      await expectRoutes(lab, 'node4', [{ prefix: '10.250.0.0/24' }]);
    });
  });

  it('6. a BFD profile: session up with BFD up', async () => {
    await withLab(async (lab) => {
      await lab.configureBird({ peers: [{ name: 'node4', neighbor: NODE_V4, localAS: 65000, peerAS: 65001, bfd: true }] });
      const conf = renderYAML(
        config('bfd', `
bgp:
  bfdProfiles:
  - {name: fast, receiveInterval: 100, transmitInterval: 100, detectMultiplier: 3}
  routers:
  - asn: 65001
    prefixes: [10.26.0.0/24]
    neighbors:
    - address: ${TOR_V4}
      asn: 65000
      bfdProfile: fast
      toAdvertise: {allowed: {prefixes: [10.26.0.0/24]}}`),
      );
      await load(lab, conf);
      await expectRoutes(lab, 'node4', [{ prefix: '10.26.0.0/24' }]);
      const bfdUp = async () => {
        const peers = await lab.vtyshJSON<Array<{ peer: string; status: string; 'receive-interval'?: number }>>('show bfd peers json');
        const frrUp = peers.some((p) => p.peer === TOR_V4 && p.status === 'up');
        const bird = await lab.birdc('show', 'bfd', 'sessions');
        const birdUp = bird.split('\n').some((l) => l.startsWith(NODE_V4) && /\bUp\b/.test(l));
        return frrUp && birdUp;
      };
      await waitFor('BFD up on both sides', bfdUp, { timeoutMs: 60_000, describe: async () => `${await lab.vtysh('show bfd peers')}\n${await lab.birdc('show', 'bfd', 'sessions')}` });
      // BGP registered with BFD, with the profile's timers.
      const neighbors = await lab.vtyshJSON<Record<string, { bgpState: string; peerBfdInfo?: { status?: string; profile?: string } }>>('show bgp neighbors json');
      assert.equal(neighbors[TOR_V4].bgpState, 'Established');
      assert.equal(neighbors[TOR_V4].peerBfdInfo?.status, 'Up');
      const bfd = await lab.vtysh(`show bfd peer ${TOR_V4}`);
      assert.match(bfd, /Receive interval: 100ms/);
      await waitFor('BGP established with BFD up', async () => (await lab.birdProtocolState('node4')) === 'Established' && (await bfdUp()), { timeoutMs: 60_000 });
    });
  });

  it('7. toReceive: of three prefixes sent, only the allowed one is installed', async () => {
    await withLab(async (lab) => {
      await lab.configureBird({
        peers: [{ name: 'node4', neighbor: NODE_V4, localAS: 65000, peerAS: 65001, exportStatic: true }],
        staticV4: ['192.168.10.0/24', '192.168.11.0/24', '192.168.12.0/24'],
      });
      const conf = renderYAML(
        config('receive', `
bgp:
  routers:
  - asn: 65001
    prefixes: [10.27.0.0/24]
    neighbors:
    - address: ${TOR_V4}
      asn: 65000
      toAdvertise: {allowed: {prefixes: [10.27.0.0/24]}}
      toReceive: {allowed: {prefixes: [{prefix: 192.168.11.0/24}]}}`),
      );
      await load(lab, conf);
      await expectRoutes(lab, 'node4', [{ prefix: '10.27.0.0/24' }]);
      const kernelRoutes = async () => {
        const r = await lab.exec('node', 'ip', ['-j', 'route', 'show', 'proto', 'bgp']);
        return (JSON.parse(r.stdout || '[]') as Array<{ dst: string }>).map((x) => x.dst).sort();
      };
      await waitFor('192.168.11.0/24 in the node\'s kernel table', async () => (await kernelRoutes()).includes('192.168.11.0/24'), { timeoutMs: 30_000 });
      // The session has been up a while and BIRD has sent all three.
      const table = await lab.vtyshJSON<{ routes: Record<string, unknown> }>('show bgp ipv4 unicast json');
      assert.deepEqual(Object.keys(table.routes).sort(), ['10.27.0.0/24', '192.168.11.0/24']);
      assert.deepEqual(await kernelRoutes(), ['192.168.11.0/24']);
      const advertisedByTor = await lab.birdc('show', 'route', 'export', 'node4');
      for (const p of ['192.168.10.0/24', '192.168.11.0/24', '192.168.12.0/24']) assert.ok(advertisedByTor.includes(p), `BIRD exports ${p}`);
    });
  });

  it('8. a change: one prefix removed, another added, bgpd keeps its pid', async () => {
    await withLab(async (lab) => {
      await lab.configureBird({ peers: [{ name: 'node4', neighbor: NODE_V4, localAS: 65000, peerAS: 65001 }] });
      const spec = (prefixes: string[]) =>
        config('change', `
bgp:
  routers:
  - asn: 65001
    prefixes: [${prefixes.join(', ')}]
    neighbors:
    - address: ${TOR_V4}
      asn: 65000
      toAdvertise: {allowed: {mode: all}}`);
      await load(lab, renderYAML(spec(['10.28.0.0/24', '10.28.1.0/24'])));
      await expectRoutes(lab, 'node4', [{ prefix: '10.28.0.0/24' }, { prefix: '10.28.1.0/24' }]);
      const pid = lab.daemonPid('bgpd');
      const before = await lab.vtyshJSON<Record<string, { connectionsEstablished: number }>>('show bgp neighbors json');

      await load(lab, renderYAML(spec(['10.28.0.0/24', '10.28.2.0/24'])));
      await expectRoutes(lab, 'node4', [{ prefix: '10.28.0.0/24' }, { prefix: '10.28.2.0/24' }], 30_000);
      assert.equal(lab.daemonPid('bgpd'), pid, 'bgpd was restarted');
      const after = await lab.vtyshJSON<Record<string, { connectionsEstablished: number }>>('show bgp neighbors json');
      assert.equal(after[TOR_V4].connectionsEstablished, before[TOR_V4].connectionsEstablished, 'the session was reset');
    });
  });

  // FRR 8.4 skips a new update subgroup for every route change while its
  // coalesce timer runs (about 1 s after Established), and the walk at
  // expiry never withdraws a prefix that has no path left: one removed in
  // that window stays announced until the session resets. The rendering
  // sets `coalesce-time 0` (see COALESCE_TIME in src/frr/render.ts). This
  // puts a removal inside the window on purpose: reset the session, have
  // the prefixes re-announced at once (`clear … soft out` here; in
  // production the route-map delay-timer's walk after a policy change does
  // the same), and remove one with the same command frr-reload.py sends.
  // Without the setting it fails on every run.
  it('9. a prefix removed right after the session comes up is withdrawn', async () => {
    await withLab(async (lab) => {
      await lab.configureBird({ peers: [{ name: 'node4', neighbor: NODE_V4, localAS: 65000, peerAS: 65001 }] });
      const conf = renderYAML(
        config('window', `
bgp:
  routers:
  - asn: 65001
    prefixes: [10.29.0.0/24, 10.29.1.0/24]
    neighbors:
    - address: ${TOR_V4}
      asn: 65000
      toAdvertise: {allowed: {mode: all}}`),
      );
      await load(lab, conf);
      await expectRoutes(lab, 'node4', [{ prefix: '10.29.0.0/24' }, { prefix: '10.29.1.0/24' }]);

      type Neighbors = Record<string, { bgpState?: string; connectionsEstablished: number }>;
      const before = (await lab.vtyshJSON<Neighbors>('show bgp neighbors json'))[TOR_V4].connectionsEstablished;
      await lab.birdc('restart', 'node4');
      await waitFor('the session to come up again', async () => {
        const n = (await lab.vtyshJSON<Neighbors>('show bgp neighbors json'))[TOR_V4];
        return n?.bgpState === 'Established' && n.connectionsEstablished > before;
      }, { timeoutMs: 30_000, intervalMs: 10 });
      const upAt = Date.now();
      // The new subgroup has no coalesce timer (FRR prints "(Running)" after one that runs).
      const groups = await lab.vtysh('show bgp ipv4 unicast update-groups');
      assert.match(groups, /Coalesce Time: 0\n/, groups);
      assert.doesNotMatch(groups, /\(Running\)/, groups);

      await lab.vtysh(`clear bgp ${TOR_V4} soft out`);
      await expectRoutes(lab, 'node4', [{ prefix: '10.29.0.0/24' }, { prefix: '10.29.1.0/24' }], 30_000);
      await lab.vtysh('configure terminal', 'router bgp 65001', 'address-family ipv4 unicast', 'no network 10.29.1.0/24');
      const removedAfter = Date.now() - upAt;
      try {
        await expectRoutes(lab, 'node4', [{ prefix: '10.29.0.0/24' }], 15_000);
      } catch (e) {
        throw new Error(`(removed ${removedAfter} ms after the session came up) ${(e as Error).message}`);
      }
      const advertised = await lab.vtyshJSON<{ advertisedRoutes?: Record<string, unknown> }>(`show bgp ipv4 unicast neighbors ${TOR_V4} advertised-routes json`);
      assert.deepEqual(Object.keys(advertised.advertisedRoutes ?? {}), ['10.29.0.0/24']);
    });
  });
};

// Both versions' labs side by side (18 at once): the scenarios are
// independent and mostly wait for BGP timers.
describe('rendered frr.conf on FRR, seen from BIRD', { concurrency: true }, () => {
  for (const version of FRR_VERSIONS) {
    e2eDescribe(`FRR ${version}`, { skip: missing(...labRequirements(version), 'nstat', ['root', isRoot]), concurrency: true }, scenarios(version));
  }
});

/** TCP-MD5 drops counted by the ToR's kernel (missing, unexpected or wrong key). */
async function md5Failures(lab: Lab): Promise<number> {
  const r = await lab.exec('tor', 'nstat', ['-az']);
  let total = 0;
  for (const line of r.stdout.split('\n')) {
    const m = /^TcpExtTCPMD5(NotFound|Unexpected|Failure)\s+(\d+)/.exec(line);
    if (m) total += Number(m[2]);
  }
  return total;
}
