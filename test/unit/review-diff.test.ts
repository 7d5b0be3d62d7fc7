// `metallb-frr diff OLD NEW`: what counts as a change and what does not,
// guards and exit statuses, revisions read from git, and passwords never
// shown in any output format.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runDiff } from '../../fn/diff.ts';
import { FROM_SOURCE, ROOT, tempDir } from '../lib/fixtures.ts';

const SEED = join(ROOT, 'examples', 'seed');
const noStdin = () => {
  throw new Error('stdin must not be read');
};

const cfg = (name: string, spec: string, ns = 'frr-k8s-system') => `apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`;

/** Two directories, each with the given files; the test body gets their paths. */
function sides(a: Record<string, string>, b: Record<string, string>, body: (a: string, b: string, dir: string) => void): void {
  const t = tempDir('diff');
  try {
    for (const [side, files] of [['a', a], ['b', b]] as const) {
      mkdirSync(join(t.dir, side));
      for (const [f, text] of Object.entries(files)) writeFileSync(join(t.dir, side, f), text);
    }
    body(join(t.dir, 'a'), join(t.dir, 'b'), t.dir);
  } finally {
    t.cleanup();
  }
}

const TWO_NEIGHBORS = `  bgp:
    routers:
    - asn: 64512
      prefixes: [192.0.2.0/24, 2001:db8::/64]
      neighbors:
      - address: 10.0.0.1
        asn: 65000
        toAdvertise:
          allowed: {prefixes: [192.0.2.0/24]}
          withCommunity: [{community: "65000:1", prefixes: [192.0.2.0/24]}]
      - address: 2001:db8::1
        asn: 65001
        toAdvertise:
          allowed: {prefixes: [2001:db8::/64]}
`;

describe('meaning-preserving rewrites are not changes (exit 0, "No BGP-level change")', () => {
  const same = (a: Record<string, string>, b: Record<string, string>) =>
    sides(a, b, (x, y) => {
      for (const output of ['text', 'json', 'markdown']) {
        const r = runDiff([x, y, '--output', output], noStdin);
        assert.equal(r.code, 0, `${output}: ${r.stdout}${r.stderr}`);
      }
      assert.match(runDiff([x, y], noStdin).stdout, /No BGP-level change/);
    });

  test('the same configuration', () => same({ 'a.yaml': cfg('c', TWO_NEIGHBORS) }, { 'a.yaml': cfg('c', TWO_NEIGHBORS) }));

  test('reordered neighbours, prefixes and documents; other files', () => {
    const reordered = `  bgp:
    routers:
    - asn: 64512
      neighbors:
      - asn: 65001
        address: 2001:db8::1
        toAdvertise:
          allowed: {prefixes: [2001:db8::/64]}
      - toAdvertise:
          withCommunity: [{prefixes: [192.0.2.0/24], community: "65000:1"}]
          allowed: {prefixes: [192.0.2.0/24]}
        address: 10.0.0.1
        asn: 65000
      prefixes: [2001:db8::/64, 192.0.2.0/24]
`;
    same({ 'a.yaml': `${cfg('c', TWO_NEIGHBORS)}---\n${cfg('d', '  bgp: {routers: [{asn: 64512, vrf: red}]}\n')}` }, { 'z.yaml': cfg('d', '  bgp: {routers: [{asn: 64512, vrf: red}]}\n'), 'b.yaml': cfg('c', reordered) });
  });

  test('comments and formatting', () =>
    same({ 'a.yaml': cfg('c', TWO_NEIGHBORS) }, { 'a.yaml': `# a comment\n${cfg('c', TWO_NEIGHBORS).replace('asn: 65000', 'asn: 65000 # the ToR').replace('{prefixes: [192.0.2.0/24]}', '\n            prefixes:\n            - "192.0.2.0/24"')}` }));

  test('a renamed FRRConfiguration', () => same({ 'a.yaml': cfg('c', TWO_NEIGHBORS) }, { 'a.yaml': cfg('renamed', TWO_NEIGHBORS) }));

  test('one FRRConfiguration split into two that merge to the same', () => {
    const first = `  bgp:\n    routers:\n    - asn: 64512\n      prefixes: [192.0.2.0/24]\n      neighbors:\n      - address: 10.0.0.1\n        asn: 65000\n        toAdvertise:\n          allowed: {prefixes: [192.0.2.0/24]}\n          withCommunity: [{community: "65000:1", prefixes: [192.0.2.0/24]}]\n`;
    const second = `  bgp:\n    routers:\n    - asn: 64512\n      prefixes: [2001:db8::/64]\n      neighbors:\n      - address: 2001:db8::1\n        asn: 65001\n        toAdvertise:\n          allowed: {prefixes: [2001:db8::/64]}\n`;
    same({ 'a.yaml': cfg('c', TWO_NEIGHBORS) }, { 'a.yaml': `${cfg('c-1', first)}---\n${cfg('c-2', second)}` });
  });

  test('IPv6 spelled another way', () =>
    same({ 'a.yaml': cfg('c', TWO_NEIGHBORS) }, { 'a.yaml': cfg('c', TWO_NEIGHBORS.replace('address: 2001:db8::1', 'address: "2001:0DB8:0:0:0:0:0:1"').replaceAll('2001:db8::/64', '2001:db8:0::/64')) }));

  test('MetalLB resources against the configuration they compile to (the build output)', () =>
    sides({}, {}, (_a, _b, dir) => {
      const built = spawnSync(process.execPath, [...FROM_SOURCE, join(ROOT, 'fn', 'main.ts'), 'build', SEED], { encoding: 'utf8', cwd: ROOT });
      assert.equal(built.status, 0, built.stderr);
      writeFileSync(join(dir, 'built.yaml'), built.stdout.split('\n---\n').filter((d) => /kind: FRRConfiguration\n/.test(d)).join('\n---\n'));
      const r = runDiff([SEED, join(dir, 'built.yaml')], noStdin);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    }));
});

describe('changes', () => {
  test('per-prefix attributes, announcements, session settings, receive policy: exit 1, each reported', () => {
    const changed = TWO_NEIGHBORS.replace('asn: 65000\n', 'asn: 65000\n        holdTime: 90s\n        keepaliveTime: 30s\n        toReceive: {allowed: {mode: all}}\n')
      .replace('prefixes: [192.0.2.0/24, 2001:db8::/64]', 'prefixes: [192.0.2.0/24, 198.51.100.0/24, 2001:db8::/64]')
      .replace('allowed: {prefixes: [192.0.2.0/24]}', 'allowed: {prefixes: [192.0.2.0/24, 198.51.100.0/24]}\n          withLocalPref: [{localPref: 200, prefixes: [192.0.2.0/24]}]')
      .replace('{community: "65000:1", prefixes: [192.0.2.0/24]}', '{community: "65000:2", prefixes: [192.0.2.0/24]}');
    sides({ 'a.yaml': cfg('c', TWO_NEIGHBORS) }, { 'a.yaml': cfg('c', changed) }, (a, b) => {
      const r = runDiff([a, b], noStdin);
      assert.equal(r.code, 1, r.stderr);
      for (const line of [
        '+   network 198.51.100.0/24',
        '~     holdTime 180s → 90s',
        '~     keepaliveTime 60s → 30s',
        '+     198.51.100.0/24',
        '~     192.0.2.0/24: localPref unset → 200, communities +65000:2 -65000:1',
        '~     receives nothing → every prefix',
      ]) {
        assert.ok(r.stdout.includes(line), `missing "${line}" in\n${r.stdout}`);
      }
      assert.match(r.stdout, /^1 of 1 group change: sessions \+0 -0 ~1, prefix announcements \+1 -0$/m);
      assert.match(r.stdout, /compared per node selector/);
    });
  });

  test('per node with Node objects: identical changes grouped by the labels that tell the nodes apart', () => {
    const nodes = ['a1', 'a2', 'a3', 'b1'].map((n) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${n}, labels: {rack: ${n[0] === 'a' ? 'ra' : 'rb'}}}\n`).join('---\n');
    const peer = (sel: string, prefix: string) => cfg(`p-${sel}`, `  nodeSelector: {matchLabels: {rack: ${sel}}}\n  bgp:\n    routers:\n    - asn: 64512\n      prefixes: [${prefix}]\n      neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {prefixes: [${prefix}]}}}]\n`);
    sides({ 'n.yaml': nodes, 'c.yaml': `${peer('ra', '192.0.2.0/24')}---\n${peer('rb', '192.0.2.0/24')}` }, { 'n.yaml': nodes, 'c.yaml': `${peer('ra', '192.0.2.0/25')}---\n${peer('rb', '192.0.2.0/24')}` }, (a, b) => {
      const r = runDiff([a, b], noStdin);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /compared per node: 4 nodes \(Node objects of both revisions\)/);
      assert.match(r.stdout, /^3 nodes with rack=ra:$/m);
      assert.match(r.stdout, /^3 of 4 nodes change/m);
      const json = JSON.parse(runDiff([a, b, '-o', 'json'], noStdin).stdout);
      assert.equal(json.version, 1);
      assert.deepEqual(json.changes.map((c: { members: string[] }) => c.members), [['a1', 'a2', 'a3']]);
      assert.deepEqual(json.changes[0].routers[0].neighbors[0].announced, [{ prefix: '192.0.2.0/25', communities: [], largeCommunities: [] }]);
      assert.deepEqual(json.changes[0].routers[0].neighbors[0].withdrawn, ['192.0.2.0/24']);
    });
  });

  test('--nodes FILE: nodes from a node list when the revisions have none', () =>
    sides({ 'c.yaml': cfg('c', TWO_NEIGHBORS) }, { 'c.yaml': cfg('c', TWO_NEIGHBORS.replace('asn: 65001', 'asn: 65002')) }, (a, b, dir) => {
      writeFileSync(join(dir, 'nodes.yaml'), 'apiVersion: v1\nkind: NodeList\nitems:\n- {apiVersion: v1, kind: Node, metadata: {name: n1}}\n- {apiVersion: v1, kind: Node, metadata: {name: n2}}\n');
      const r = runDiff([a, b, '--nodes', join(dir, 'nodes.yaml')], noStdin);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /compared per node: 2 nodes \(from --nodes\)/);
      assert.match(r.stdout, /^all 2 nodes:$/m);
      assert.match(r.stdout, /~ {5}asn 65001 → 65002/);
    }));

  test('raw configuration: changed lines shown redacted; a changed password only said', () => {
    const raw = (text: string) => cfg('raw', `  raw:\n    rawConfig: |\n${text.replace(/^/gm, '      ')}\n`);
    sides({ 'r.yaml': raw('router bgp 64512\n neighbor 10.9.9.9 password oldsecret1\n neighbor 10.9.9.9 remote-as 1') }, { 'r.yaml': raw('router bgp 64512\n neighbor 10.9.9.9 password newsecret2\n neighbor 10.9.9.9 remote-as 2') }, (a, b) => {
      for (const output of ['text', 'markdown', 'json']) {
        const r = runDiff([a, b, '-o', output], noStdin);
        assert.equal(r.code, 1);
        assert.ok(!/oldsecret1|newsecret2/.test(r.stdout + r.stderr), output);
        assert.match(r.stdout, /remote-as 2/);
      }
    });
    sides({ 'r.yaml': raw('neighbor 10.9.9.9 password oldsecret1') }, { 'r.yaml': raw('neighbor 10.9.9.9 password newsecret2') }, (a, b) => {
      const r = runDiff([a, b], noStdin);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /a password in it changed \(values not shown\)/);
      assert.ok(!/oldsecret1|newsecret2/.test(r.stdout));
    });
  });
});

describe('passwords: reported as added, removed or changed, never a value, in any format', () => {
  const SECRETS = ['inline-old-1', 'inline-new-2', 'secret-old-3', 'secret-new-4'];
  const revision = (inline: string, secret: string) => ({
    'peers.yaml': `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: a, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65000, peerAddress: 10.0.0.1, password: ${inline}}\n---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: b, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65001, peerAddress: 10.0.0.2, passwordSecret: {name: auth}}\n`,
    'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata: {name: auth, namespace: frr-k8s-system}\ntype: kubernetes.io/basic-auth\nstringData: {password: ${secret}}\n`,
  });

  test('changed values: both sessions say "password changed"; --forbid password-change exits 3', () =>
    sides(revision(SECRETS[0], SECRETS[2]), revision(SECRETS[1], SECRETS[3]), (a, b) => {
      for (const output of ['text', 'markdown', 'json']) {
        const r = runDiff([a, b, '-o', output, '--forbid', 'password-change'], noStdin);
        assert.equal(r.code, 3, r.stderr);
        const all = r.stdout + r.stderr;
        for (const s of SECRETS) assert.ok(!all.includes(s), `${output} shows a password`);
        if (output === 'text') {
          assert.match(r.stdout, /~ {5}password changed \(cleartext\)/);
          assert.match(r.stdout, /~ {5}password changed \(from Secret frr-k8s-system\/auth\)/);
          assert.match(r.stderr, /guard password-change tripped: a session password changes/);
        }
        if (output === 'json') {
          const j = JSON.parse(r.stdout);
          const fields = j.changes[0].routers[0].neighbors.map((n: { session: Array<{ field: string }> }) => n.session[0]);
          assert.deepEqual(fields, [
            { field: 'password', change: 'changed', old: { kind: 'cleartext' }, new: { kind: 'cleartext' } },
            { field: 'password', change: 'changed', old: { kind: 'secret', secret: 'frr-k8s-system/auth' }, new: { kind: 'secret', secret: 'frr-k8s-system/auth' } },
          ]);
        }
      }
    }));

  test('same values: no change; a password removed is said', () => {
    sides(revision(SECRETS[0], SECRETS[2]), revision(SECRETS[0], SECRETS[2]), (a, b) => assert.equal(runDiff([a, b, '--forbid', 'password-change'], noStdin).code, 0));
    const without = revision(SECRETS[0], SECRETS[2]);
    without['peers.yaml'] = without['peers.yaml'].replace(`, password: ${SECRETS[0]}`, '');
    sides(revision(SECRETS[0], SECRETS[2]), without, (a, b) => {
      const r = runDiff([a, b], noStdin);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /password removed \(was cleartext\)/);
      assert.ok(!r.stdout.includes(SECRETS[0]));
    });
  });
});

describe('guards and exit statuses', () => {
  const nodes = 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2, labels: {rack: r2}}\n';
  const base = `${nodes}---\n${cfg('all', TWO_NEIGHBORS)}`;
  const removed = `${nodes}---\n${cfg('all', TWO_NEIGHBORS.replace(/      - address: 2001:db8::1[\s\S]*$/, ''))}`;
  const none = `${nodes}---\n${cfg('all', '  bgp: {}\n')}`;

  test('--forbid session-removal: exit 3 naming the node and neighbour; without the guard exit 1', () =>
    sides({ 'a.yaml': base }, { 'a.yaml': removed }, (a, b) => {
      assert.equal(runDiff([a, b], noStdin).code, 1);
      const r = runDiff([a, b, '--forbid', 'session-removal'], noStdin);
      assert.equal(r.code, 3);
      assert.match(r.stderr, /^guard session-removal tripped: 2 sessions removed: all 2 nodes: neighbor 2001:db8::1 \(AS 64512\)$/m);
      assert.match(r.stdout, /guard session-removal: TRIPPED/);
      assert.equal(runDiff([a, b, '--forbid', 'node-isolation'], noStdin).code, 1, 'each node keeps a session');
    }));

  test('--forbid node-isolation', () =>
    sides({ 'a.yaml': base }, { 'a.yaml': none }, (a, b) => {
      const r = runDiff([a, b, '--forbid', 'node-isolation', '-o', 'markdown'], noStdin);
      assert.equal(r.code, 3);
      assert.match(r.stderr, /2 nodes lose every session: n1; n2/);
      assert.match(r.stdout, /:x: \*\*tripped\*\* `node-isolation`/);
    }));

  test('--max-withdrawn N and P%', () =>
    sides({ 'a.yaml': base }, { 'a.yaml': removed }, (a, b) => {
      // 4 announcements before (2 nodes x 2 neighbours x 1 prefix); 2 withdrawn with the sessions.
      assert.equal(runDiff([a, b, '--max-withdrawn', '2'], noStdin).code, 1);
      assert.equal(runDiff([a, b, '--max-withdrawn', '1'], noStdin).code, 3);
      assert.equal(runDiff([a, b, '--max-withdrawn', '50%'], noStdin).code, 1);
      const r = runDiff([a, b, '--max-withdrawn', '49%'], noStdin);
      assert.equal(r.code, 3);
      assert.match(r.stderr, /2 of 4 prefix announcements withdrawn \(50%; limit 49%\)/);
    }));

  test('errors exit 2 with one line: bad flags, missing paths, a revision that does not compile or merge', () =>
    sides({ 'a.yaml': base }, { 'a.yaml': `${cfg('x', '  bgp: {routers: [{asn: 1}]}\n')}---\n${cfg('y', '  bgp: {routers: [{asn: 2}]}\n')}` }, (a, b, dir) => {
      for (const args of [[a], [a, b, '--forbid', 'everything'], [a, b, '--max-withdrawn', 'lots'], [a, b, '-o', 'yaml'], [a, join(dir, 'nope')], ['-', '-']]) {
        const r = runDiff(args, () => '');
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, /^error: /);
      }
      const r = runDiff([a, b], noStdin);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^error: NEW node n1: FRRConfiguration frr-k8s-system\/y spec\.bgp\.routers\[0\]\.asn: router ASN 2 for the default VRF conflicts/m);
      const p = join(dir, 'p');
      cpSync(SEED, p, { recursive: true });
      writeFileSync(join(p, 'bgp-peer.yaml'), 'apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: tor-switch, namespace: metallb-system}\nspec: {myASN: 0, peerASN: 65000, peerAddress: 10.0.0.1}\n');
      const c = runDiff([SEED, p], noStdin);
      assert.equal(c.code, 2);
      assert.match(c.stderr, /does not compile:\nerror: BGPPeer metallb-system\/tor-switch \(bgp-peer\.yaml\) spec\.myASN/);
    }));

  // FRRConfigurations as they are were taken as valid ones: a node selector of
  // the wrong shape, compared per selector, and `bgp: null`, compared per
  // node, ended in "internal error" (exit 3).
  test('FRRConfigurations of the wrong shape: exit 2 naming the object and field, never an internal error', () => {
    const good = cfg('c', TWO_NEIGHBORS);
    const cases: Array<[string, RegExp]> = [
      [cfg('a', '  nodeSelector: {matchExpressions: 5}\n  bgp: {routers: [{asn: 65001}]}\n'), /^error: NEW group invalid-selector: FRRConfiguration frr-k8s-system\/a spec\.nodeSelector\.matchExpressions: must be of type array; the selector cannot be evaluated$/m],
      [cfg('a', '  nodeSelector: {matchExpressions: [{key: 5, operator: In, values: {a: 1}}]}\n'), /^error: NEW group invalid-selector: FRRConfiguration frr-k8s-system\/a spec\.nodeSelector\.matchExpressions\[0\]\.key: must be of type string; the selector cannot be evaluated$/m],
      [cfg('a', '  nodeSelector: {matchExpressions: [{key: rack, operator: Near}]}\n'), /^error: NEW group invalid-selector: FRRConfiguration frr-k8s-system\/a spec\.nodeSelector\.matchExpressions\[0\]\.operator: .*; the selector cannot be evaluated$/m],
      [`apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\n${cfg('a', '  bgp: null\n')}`, /^error: NEW node n1: FRRConfiguration frr-k8s-system\/a spec\.bgp: /m],
    ];
    for (const [bad, want] of cases) {
      sides({ 'a.yaml': good }, { 'a.yaml': `${good}---\n${bad}` }, (a, b) => {
        const r = runDiff([a, b], noStdin);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, want);
        assert.doesNotMatch(r.stderr, /internal error|TypeError/);
      });
    }
  });
});

test("a kpt package's function configuration is the file its Kptfile names, a ConfigMap too", () =>
  sides({}, {}, (_a, _b, dir) => {
    const pkg = join(dir, 'pkg');
    cpSync(SEED, pkg, { recursive: true });
    writeFileSync(join(pkg, 'fn-config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fn, annotations: {config.kubernetes.io/local-config: "true"}}\ndata: {frrk8sNamespace: elsewhere}\n');
    // In namespace "elsewhere" the hand-written custom-config (frr-k8s-system) is not the agent's.
    const r = runDiff([pkg, SEED], noStdin);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^\+ {5}10\.201\.0\.0\/24$/m);
  }));

// A Kptfile whose pipeline.mutators is no list, or holds a null, ended in
// "internal error" (exit 3): such a pipeline names no configuration.
test('a Kptfile with a pipeline of the wrong shape names no configuration; no internal error', () =>
  sides({}, {}, (_a, _b, dir) => {
    const pkg = join(dir, 'pkg');
    cpSync(SEED, pkg, { recursive: true });
    for (const mutators of ['[null, 7]', '{exec: ./dist/metallb-frr, configPath: fn-config.yaml}']) {
      writeFileSync(join(pkg, 'Kptfile'), `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata: {name: seed, annotations: {config.kubernetes.io/local-config: "true"}}\npipeline:\n  mutators: ${mutators}\n`);
      const r = runDiff([pkg, SEED], noStdin);
      assert.equal(r.code, 0, `${mutators}: ${r.stderr}`);
      assert.match(r.stdout, /No BGP-level change/);
    }
  }));

describe('git:REV:PATH', () => {
  test('reads a package from a commit without checking it out; the working tree is the other side', () => {
    const t = tempDir('diff-git');
    try {
      const git = (...args: string[]) => {
        const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: t.dir, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        return r.stdout;
      };
      git('init', '-q', '-b', 'main');
      cpSync(SEED, join(t.dir, 'clusters', 'prod'), { recursive: true });
      git('add', '.');
      git('commit', '-qm', 'one');
      writeFileSync(join(t.dir, 'clusters', 'prod', 'ip-pool.yaml'), 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: frr-k8s-pool, namespace: metallb-system}\nspec: {addresses: [10.200.0.0/24, 10.202.0.0/24]}\n');
      const r = runDiff(['git:main:clusters/prod', 'clusters/prod'], noStdin, { cwd: t.dir });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^old: git:main:clusters\/prod \(MetalLB resources, compiled\)$/m);
      assert.match(r.stdout, /\+ {5}10\.202\.0\.0\/24/);
      // A file of a revision, and ./ from the current directory.
      const f = runDiff(['git:main:./prod/ip-pool.yaml', 'prod/ip-pool.yaml'], noStdin, { cwd: join(t.dir, 'clusters') });
      assert.equal(f.code, 0, f.stderr);
      for (const bad of ['git:main:clusters/none', 'git:nope:clusters/prod', 'git:main']) {
        const e = runDiff([bad, 'clusters/prod'], noStdin, { cwd: t.dir });
        assert.equal(e.code, 2, bad);
        assert.match(e.stderr, /^error: git:/, bad);
      }
    } finally {
      t.cleanup();
    }
  });
});
