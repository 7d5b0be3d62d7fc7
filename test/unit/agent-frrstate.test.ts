// FRR's state as the agent reads it (src/agent/frrstate.ts) and the frrk8s_*
// metrics made of it (src/agent/frrmetrics.ts), on answers shaped as FRR 8.4
// and 10.3 print them (the same shapes run against real FRR in
// test/e2e/agent-observe.test.ts), through a stand-in reloader.
//
// The metric names are frr-k8s' own: when METALLB_FRR_FRRK8S_SRC names a
// frr-k8s checkout (or its bare git directory), the list is compared with
// the names its cmd/metrics/collector registers, read at run time (never
// copied); skipped otherwise.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { FRRStateReader, parseState, splitState } from '../../src/agent/frrstate.ts';
import { FRRK8S_METRICS, registerFRRMetrics } from '../../src/agent/frrmetrics.ts';
import { tempDir } from '../lib/fixtures.ts';
import { standInReloader } from '../lib/reloader.ts';

const stats = (n: number) => ({ depthInq: 0, opensSent: n, opensRecv: n + 1, notificationsSent: 2, notificationsRecv: 0, updatesSent: 3 * n, updatesRecv: 4, keepalivesSent: 5, keepalivesRecv: 6, routeRefreshSent: 7, routeRefreshRecv: 0, totalSent: 8, totalRecv: 9 });

/** `show bgp vrf all neighbors json`, as FRR prints it (fields the agent does not read left out). */
const NEIGHBORS = {
  default: {
    vrfId: 0,
    vrfName: 'default',
    '10.0.0.1': {
      remoteAs: 65000,
      bgpState: 'Established',
      messageStats: stats(1),
      addressFamilyInfo: { ipv4Unicast: { acceptedPrefixCounter: 2, sentPrefixCounter: 3 }, ipv6Unicast: { acceptedPrefixCounter: 1, sentPrefixCounter: 1 } },
      peerBfdInfo: { type: 'single hop', status: 'Up' },
    },
    'fd00::1': { remoteAs: 65000, bgpState: 'Active', messageStats: stats(0), addressFamilyInfo: { ipv6Unicast: { acceptedPrefixCounter: 0 } } },
  },
  red: { vrfId: 7, vrfName: 'red', eth1: { bgpState: 'Connect', messageStats: stats(0) } },
};
const BFD_PEERS = [
  { multihop: false, peer: '10.0.0.1', local: '10.0.0.2', vrf: 'default', interface: 'eth-tor', status: 'up' },
  { multihop: false, peer: '10.0.0.1', local: '10.0.0.2', vrf: 'default', interface: 'eth-tor', status: 'up' }, // twice: reported once
  { multihop: true, peer: '10.9.9.9', vrf: 'red', status: 'down' },
];
const BFD_COUNTERS = [{ peer: '10.0.0.1', vrf: 'default', 'control-packet-input': 42, 'control-packet-output': 39, 'echo-packet-input': 0, 'echo-packet-output': 0, 'session-up': 1, 'session-down': 0, 'zebra-notifications': 2 }];

const answer = (bgp: unknown = NEIGHBORS, bfd: unknown = BFD_PEERS, counters: unknown = BFD_COUNTERS) =>
  `@bgp ok\n${JSON.stringify(bgp, null, 2)}\n@bfd ok\n${JSON.stringify(bfd, null, 2)}\n@bfdcounters ok\n${JSON.stringify(counters)}\n`;

describe('parseState', () => {
  it('every neighbour of every VRF, prefixes summed over address families, BFD peers joined with their counters', () => {
    const r = parseState(`id=x\n${answer()}`);
    assert.ok('state' in r, JSON.stringify(r));
    assert.deepEqual(
      r.state.neighbors.map((n) => [n.vrf, n.peer, n.state, n.bfdStatus, n.announced, n.received, n.messages.opensRecv, n.messages.updatesSent]),
      [
        ['default', '10.0.0.1', 'Established', 'Up', 4, 3, 2, 3],
        ['default', 'fd00::1', 'Active', undefined, 0, 0, 1, 0],
        ['red', 'eth1', 'Connect', undefined, 0, 0, 1, 0],
      ],
    );
    assert.deepEqual(r.state.bfd, [
      { vrf: 'default', peer: '10.0.0.1', status: 'up', counters: { controlPacketInput: 42, controlPacketOutput: 39, echoPacketInput: 0, echoPacketOutput: 0, sessionUp: 1, sessionDown: 0, zebraNotifications: 2 } },
      { vrf: 'red', peer: '10.9.9.9', status: 'down' },
    ]);
  });

  it('a failed or unreadable BGP answer is a reason; a failed BFD answer only leaves BFD out', () => {
    assert.deepEqual(parseState('id=x\n@bgp failed\n% bgpd is not running\n@bfd ok\n[]\n'), { reason: 'vtysh failed: % bgpd is not running' });
    assert.deepEqual(parseState('id=x\n@bgp ok\n\n'), { reason: "FRR's BGP answer is not readable: Unexpected end of JSON input" });
    assert.deepEqual(parseState('id=x\n'), { reason: 'no BGP section in the answer' });
    const r = parseState(`id=x\n@bgp ok\n{}\n@bfd failed\nbfdd is not running\n`);
    assert.deepEqual(r, { state: { neighbors: [] } });
  });

  it('splits the header from the sections; JSON never starts a line with "@"', () => {
    const { fields, sections } = splitState('id=a-1\n@bgp ok\n{\n"x":"@y"\n}\n@bfd failed\nno\n');
    assert.deepEqual(fields, { id: 'a-1' });
    assert.deepEqual([...sections], [['bgp', { ok: true, body: '{\n"x":"@y"\n}' }], ['bfd', { ok: false, body: 'no\n' }]]);
  });
});

describe('FRRStateReader', () => {
  it('asks the reloader, waits for the answer to its own request, shares one read between concurrent callers', async () => {
    const t = tempDir('frrstate');
    let asked = 0;
    const stop = standInReloader(t.dir, { intervalMs: 5, state: () => (asked++, answer()) });
    const reader = new FRRStateReader(t.dir, { timeoutMs: 5000, pollMs: 5, maxAgeMs: 0 });
    try {
      const [a, b] = await Promise.all([reader.read(), reader.read()]);
      assert.equal(a, b);
      assert.ok(a.ok);
      assert.equal(asked, 1);
      const c = await reader.read();
      assert.ok(c.ok);
      assert.equal(asked, 2, 'a new read asks again (maxAgeMs 0)');
    } finally {
      reader.close();
      stop();
      t.cleanup();
    }
  });

  it('no answer: a failure within the timeout, never an exception; the last good state is kept', async () => {
    const t = tempDir('frrstate');
    let alive = true;
    const stop = standInReloader(t.dir, { intervalMs: 5, state: () => (alive ? answer() : undefined) });
    const failures: string[] = [];
    const reader = new FRRStateReader(t.dir, { timeoutMs: 300, pollMs: 5, maxAgeMs: 0, onFailure: (r) => failures.push(r) });
    try {
      assert.ok((await reader.read()).ok);
      alive = false;
      const started = Date.now();
      const r = await reader.read();
      assert.ok(!r.ok);
      assert.ok(Date.now() - started < 1000);
      assert.match(r.reason, /no answer from the reloader within 0\.3 s/);
      assert.deepEqual(failures, [r.reason]);
      assert.equal(reader.lastGood()?.neighbors.length, 3);
    } finally {
      reader.close();
      stop();
      t.cleanup();
    }
  });
});

describe('the frrk8s metrics', () => {
  const scrape = async (state: () => string | undefined, timeoutMs = 2000) => {
    const t = tempDir('frrmetrics');
    const stop = standInReloader(t.dir, { intervalMs: 5, state });
    const reader = new FRRStateReader(t.dir, { timeoutMs, pollMs: 5, maxAgeMs: 0 });
    const registry = new Registry();
    registerFRRMetrics(registry, reader);
    return {
      text: () => registry.metrics(),
      close: () => {
        reader.close();
        stop();
        t.cleanup();
      },
    };
  };
  const series = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));

  it("frr-k8s' names and labels (peer, vrf), every value from FRR's answer, one read per scrape", async () => {
    let reads = 0;
    const s = await scrape(() => (reads++, answer()));
    try {
      const lines = series(await s.text());
      assert.equal(reads, 1, 'every metric of a scrape from one answer');
      for (const l of [
        'frrk8s_bgp_session_up{peer="10.0.0.1",vrf="default"} 1',
        'frrk8s_bgp_session_up{peer="fd00::1",vrf="default"} 0',
        'frrk8s_bgp_session_up{peer="eth1",vrf="red"} 0',
        'frrk8s_bgp_announced_prefixes_total{peer="10.0.0.1",vrf="default"} 4',
        'frrk8s_bgp_received_prefixes_total{peer="10.0.0.1",vrf="default"} 3',
        'frrk8s_bgp_opens_sent{peer="10.0.0.1",vrf="default"} 1',
        'frrk8s_bgp_opens_received{peer="10.0.0.1",vrf="default"} 2',
        'frrk8s_bgp_notifications_sent{peer="10.0.0.1",vrf="default"} 2',
        'frrk8s_bgp_updates_total{peer="10.0.0.1",vrf="default"} 3',
        'frrk8s_bgp_updates_total_received{peer="10.0.0.1",vrf="default"} 4',
        'frrk8s_bgp_keepalives_sent{peer="10.0.0.1",vrf="default"} 5',
        'frrk8s_bgp_keepalives_received{peer="10.0.0.1",vrf="default"} 6',
        'frrk8s_bgp_route_refresh_sent{peer="10.0.0.1",vrf="default"} 7',
        'frrk8s_bgp_total_sent{peer="10.0.0.1",vrf="default"} 8',
        'frrk8s_bgp_total_received{peer="10.0.0.1",vrf="default"} 9',
        'frrk8s_bfd_session_up{peer="10.0.0.1",vrf="default"} 1',
        'frrk8s_bfd_session_up{peer="10.9.9.9",vrf="red"} 0',
        'frrk8s_bfd_control_packet_input{peer="10.0.0.1",vrf="default"} 42',
        'frrk8s_bfd_control_packet_output{peer="10.0.0.1",vrf="default"} 39',
        'frrk8s_bfd_session_up_events{peer="10.0.0.1",vrf="default"} 1',
        'frrk8s_bfd_zebra_notifications{peer="10.0.0.1",vrf="default"} 2',
      ]) {
        assert.ok(lines.includes(l), `${l} in\n${lines.join('\n')}`);
      }
      assert.equal(lines.filter((l) => l.startsWith('frrk8s_bfd_session_up{')).length, 2, 'a BFD peer listed twice is one series');
      const text = await s.text();
      assert.match(text, /# TYPE frrk8s_bgp_opens_sent counter/);
      assert.match(text, /# TYPE frrk8s_bgp_session_up gauge/);
      assert.match(text, /# TYPE frrk8s_bgp_announced_prefixes_total gauge/);
    } finally {
      s.close();
    }
  });

  it('FRR away: the scrape ends within the timeout, known sessions report 0, FRR counters are left out', async () => {
    let alive = true;
    const s = await scrape(() => (alive ? answer() : undefined), 300);
    try {
      assert.ok(series(await s.text()).includes('frrk8s_bgp_session_up{peer="10.0.0.1",vrf="default"} 1'));
      alive = false;
      const started = Date.now();
      const lines = series(await s.text());
      assert.ok(Date.now() - started < 1500, 'no hung scrape');
      assert.deepEqual(lines.filter((l) => l.startsWith('frrk8s_bgp_session_up')).sort(), [
        'frrk8s_bgp_session_up{peer="10.0.0.1",vrf="default"} 0',
        'frrk8s_bgp_session_up{peer="eth1",vrf="red"} 0',
        'frrk8s_bgp_session_up{peer="fd00::1",vrf="default"} 0',
      ]);
      assert.deepEqual(lines.filter((l) => l.startsWith('frrk8s_bfd_session_up')).sort(), ['frrk8s_bfd_session_up{peer="10.0.0.1",vrf="default"} 0', 'frrk8s_bfd_session_up{peer="10.9.9.9",vrf="red"} 0']);
      assert.deepEqual(lines.filter((l) => /^frrk8s_(bgp_(opens|updates|total|announced)|bfd_control)/.test(l)), []);
    } finally {
      s.close();
    }
  });

  const src = process.env.METALLB_FRR_FRRK8S_SRC;
  it("the same names as frr-k8s' cmd/metrics/collector (read from METALLB_FRR_FRRK8S_SRC)", { skip: src && existsSync(src) ? false : 'METALLB_FRR_FRRK8S_SRC does not name a frr-k8s checkout' }, () => {
    const read = (file: string) =>
      existsSync(join(src!, file)) ? readFileSync(join(src!, file), 'utf8') : execFileSync('git', ['--git-dir', src!, 'show', `HEAD:${file}`], { encoding: 'utf8' });
    const base = read('cmd/metrics/collector/metrics.go');
    const constant = (name: string) => new RegExp(`${name}\\s*=\\s*"(\\w+)"`).exec(base)?.[1];
    const named = (struct: string) => new RegExp(`${struct}\\s*=\\s*metric\\{\\s*Name:\\s*"(\\w+)"`).exec(base)?.[1];
    const names: string[] = [];
    for (const [file, subsystem] of [['bgp.go', constant('Subsystem')], ['bfd.go', /const subsystem = "(\w+)"/.exec(read('cmd/metrics/collector/bfd.go'))?.[1]]] as const) {
      const text = read(`cmd/metrics/collector/${file}`);
      for (const m of text.matchAll(/BuildFQName\(Namespace, \w+, (?:"(\w+)"|(\w+)\.Name)\)/g)) names.push(`${constant('Namespace')}_${subsystem}_${m[1] ?? named(m[2])}`);
    }
    assert.deepEqual([...FRRK8S_METRICS].sort(), names.sort());
  });
});
