// The function at scale, as a user runs it (dist/metallb-frr, a pipe): 1,000
// Nodes, 4 BGPPeers and 5,000 LoadBalancer Services with `advertise:
// services` give 1,000 per-node FRRConfigurations of 5,000 prefixes per
// neighbour, ~670 MB of YAML: more than one JavaScript string can hold
// (V8: 2^29 characters). Joined into one string, the output died with
// "RangeError: Invalid string length" (an internal error, exit 3); written
// item by item it comes out whole. Both writers: build's `---` stream and
// the KRM function's ResourceList.
//
// Not a timed test: it checks that the output is complete (every document,
// the last prefix of the last one), not how fast it comes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBuild, tempDir } from '../lib/fixtures.ts';

const NODES = 1000;
const PEERS = 4;
const SERVICES = 5000;
/** V8's longest string (node 20): the output must be longer to show anything. */
const MAX_STRING = 2 ** 29 - 24;

const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** The input objects, each as YAML lines. */
function objects(): string[][] {
  const out: string[][] = [
    ['apiVersion: metallb.io/v1beta1', 'kind: IPAddressPool', 'metadata: {name: pool, namespace: metallb-system}', 'spec:', '  addresses: [10.0.0.0/8]'],
    ['apiVersion: metallb.io/v1beta1', 'kind: BGPAdvertisement', 'metadata: {name: adv, namespace: metallb-system}', 'spec:', '  ipAddressPools: [pool]'],
  ];
  for (let p = 0; p < PEERS; p++) out.push(['apiVersion: metallb.io/v1beta2', 'kind: BGPPeer', `metadata: {name: tor-${p}, namespace: metallb-system}`, `spec: {myASN: 64512, peerASN: 65000, peerAddress: 172.16.0.${p + 1}}`]);
  for (let n = 0; n < NODES; n++) out.push(['apiVersion: v1', 'kind: Node', 'metadata:', `  name: node-${String(n).padStart(4, '0')}`, `  labels: {kubernetes.io/hostname: node-${String(n).padStart(4, '0')}}`]);
  for (let i = 0; i < SERVICES; i++) {
    out.push(['apiVersion: v1', 'kind: Service', `metadata: {name: svc-${i}, namespace: default}`, 'spec:', '  type: LoadBalancer', '  ports: [{port: 80}]', 'status:', '  loadBalancer:', `    ingress: [{ip: ${ip(i)}}]`]);
  }
  return out;
}

const CONFIG = ['apiVersion: fn.metallb-frr.dev/v1alpha1', 'kind: MetalLBFRR', 'metadata: {name: cfg}', 'spec: {advertise: services, manifests: {enabled: false}}'];

interface Seen {
  code: number | null;
  bytes: number;
  /** Lines that start a generated FRRConfiguration's name (`  name: metallb-node-…`). */
  configurations: number;
  tail: string;
  stderr: string;
}

/** Runs the binary on `inputFile`, reading its stdout as it comes (never whole). */
function runStreaming(args: string[], inputFile: string): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const fd = openSync(inputFile, 'r');
    const child = spawn(process.execPath, [requireBuild(), ...args], { stdio: [fd, 'pipe', 'pipe'] as const, env: { ...process.env, METALLB_FRR_MAX_INPUT_SIZE: '0' } });
    closeSync(fd);
    const seen: Seen = { code: null, bytes: 0, configurations: 0, tail: '', stderr: '' };
    let carry = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      seen.bytes += Buffer.byteLength(chunk);
      const text = carry + chunk;
      const lines = text.split('\n');
      carry = lines.pop()!;
      for (const l of lines) if (/^ {2,4}name: metallb-node-\d{4}$/.test(l)) seen.configurations++;
      seen.tail = (seen.tail + chunk).slice(-200);
    });
    child.stderr!.setEncoding('utf8');
    let stderr = '';
    child.stderr!.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // Only what is not one of the per-service info lines (5,000 of them).
    child.on('close', (code) => resolve({ ...seen, code, stderr: stderr.split('\n').filter((l) => l && !l.startsWith('info:')).join('\n') }));
  });
}

describe('the function at scale: 1,000 Nodes x 4 peers x 5,000 services (services mode), more output than one string holds', { timeout: 5 * 60_000 }, () => {
  const last = `- ${ip(SERVICES - 1)}/32\n`;

  it('build: the whole `---` stream, one FRRConfiguration per node', async () => {
    const work = tempDir('scale');
    try {
      const file = join(work.dir, 'input.yaml');
      writeFileSync(file, [...objects(), CONFIG].map((o) => o.join('\n')).join('\n---\n') + '\n');
      const r = await runStreaming(['build', '-'], file);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.ok(r.bytes > MAX_STRING, `only ${r.bytes} bytes: the case no longer shows anything`);
      assert.equal(r.configurations, NODES);
      assert.ok(r.tail.endsWith(last), r.tail);
    } finally {
      work.cleanup();
    }
  });

  it('the KRM function: the whole ResourceList, one FRRConfiguration per node, then the results', async () => {
    const work = tempDir('scale');
    try {
      const file = join(work.dir, 'input.yaml');
      const item = (lines: string[]) => lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n');
      const fc = CONFIG.map((l) => `  ${l}`);
      writeFileSync(file, ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:', ...objects().map(item), 'functionConfig:', ...fc].join('\n') + '\n');
      const r = await runStreaming([], file);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.bytes > MAX_STRING, `only ${r.bytes} bytes: the case no longer shows anything`);
      assert.equal(r.configurations, NODES);
      // The results come last: one info per service (no EndpointSlices in the input).
      assert.match(r.tail, /severity: info\n {2}resourceRef:\n {4}apiVersion: v1\n {4}kind: Service\n/);
    } finally {
      work.cleanup();
    }
  });
});
