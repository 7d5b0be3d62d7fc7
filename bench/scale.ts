// The function on a large cluster's configuration: 1,000 nodes, 100 BGPPeers
// (every node peers with each), 500 IPAddressPools (one /24 each, one
// BGPAdvertisement), 10,000 LoadBalancer Services (one IP each, in the
// pools): `metallb-frr build -` on it as a `---` stream, time and peak RSS,
// against `parseAllDocuments` + `toJS` of the same text in the same run.
//
//   pools, per group      no Node objects: one FRRConfiguration per peer,
//                         500 prefixes per neighbour
//   services, per group   the same with `advertise: services`: 10,000
//                         prefixes per neighbour
//   pools, per node       with the 1,000 Nodes: one FRRConfiguration per
//                         node, 100 neighbours x 500 prefixes (~1 MB as
//                         JSON each, under the API server's 1.5 MiB), ~1 GB
//                         of output, written as it is made
//   services, per node    with the Nodes and `advertise: services`: 100
//                         neighbours x 10,000 prefixes per node, 15.5 MiB
//                         as JSON each, over the API server's 1.5 MiB: the
//                         build refuses all 1,000 (maxObjectSize; the
//                         figure is the time and memory to say so; the
//                         nodes share one spec.bgp, measured once)
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, requireBuild, ROOT } from '../test/lib/fixtures.ts';
import type { Measurement } from './types.ts';

const NODES = 1000;
const PEERS = 100;
const POOLS = 500;
const SERVICES = 10_000;

const PRELOAD = `process.on('exit', () => require('node:fs').writeSync(3, String(process.resourceUsage().maxRSS)));\n`;

function input(advertise: 'pools' | 'services', nodes: boolean): string {
  const docs: string[] = [];
  for (let p = 0; p < PEERS; p++) docs.push(`apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: tor-${p}, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65000, peerAddress: 172.16.${p >> 8}.${(p & 255) + 1}}`);
  const pools: string[] = [];
  for (let i = 0; i < POOLS; i++) {
    pools.push(`pool-${i}`);
    docs.push(`apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: pool-${i}, namespace: metallb-system}\nspec:\n  addresses: [10.${i >> 8}.${i & 255}.0/24]`);
  }
  docs.push(`apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata: {name: adv, namespace: metallb-system}\nspec:\n  ipAddressPools: [${pools.join(', ')}]`);
  if (nodes) for (let n = 0; n < NODES; n++) docs.push(`apiVersion: v1\nkind: Node\nmetadata:\n  name: node-${n}\n  labels: {kubernetes.io/hostname: node-${n}}`);
  for (let s = 0; s < SERVICES; s++) {
    const pool = s % POOLS;
    const ip = `10.${pool >> 8}.${pool & 255}.${1 + Math.floor(s / POOLS)}`;
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: svc-${s}, namespace: default}\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\nstatus:\n  loadBalancer:\n    ingress: [{ip: ${ip}}]`);
  }
  docs.push(`apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: cfg}\nspec: {advertise: ${advertise}, manifests: {enabled: false}}`);
  return docs.join('\n---\n') + '\n';
}

/** Wall time (ms), peak RSS (bytes), exit code and the first stderr line that is no info. */
function measure(dir: string, args: string[], inputFile: string): { ms: number; rss: number; code: number | null; firstError: string } {
  const fd = openSync(inputFile, 'r');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', join(dir, 'preload.cjs'), ...args], { stdio: [fd, 'ignore', 'pipe', 'pipe'], env: { ...process.env, METALLB_FRR_MAX_INPUT_SIZE: '0' }, maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  closeSync(fd);
  const firstError = String(r.stderr ?? '').split('\n').find((l) => l.startsWith('error:')) ?? '';
  return { ms, rss: Number(r.output[3]) * 1024, code: r.status, firstError };
}

export async function benchScale(): Promise<Measurement[]> {
  requireBuild();
  const dir = mkdtempSync(join(tmpdir(), 'metallb-frr-bench-scale-'));
  const out: Measurement[] = [];
  try {
    writeFileSync(join(dir, 'preload.cjs'), PRELOAD);
    const lib = `require(${JSON.stringify(join(ROOT, 'node_modules', 'yaml'))})`;
    for (const [name, advertise, nodes] of [
      ['pools, per group', 'pools', false],
      ['services, per group', 'services', false],
      ['pools, per node', 'pools', true],
      ['services, per node', 'services', true],
    ] as const) {
      const file = join(dir, 'input.yaml');
      writeFileSync(file, input(advertise, nodes));
      const mb = (statSync(file).size / 1e6).toFixed(1);
      const yaml = measure(dir, ['-e', `${lib}.parseAllDocuments(require('node:fs').readFileSync(0, 'utf8')).map((d) => d.toJS())`], file);
      const ours = measure(dir, [BIN, 'build', '-'], file);
      const outcome = ours.code === 0 ? 'built' : `exit ${ours.code}: ${ours.firstError.slice(0, 90)}`;
      const tag = `${NODES.toLocaleString('en')} nodes x ${PEERS} peers x ${POOLS} pools x ${SERVICES.toLocaleString('en')} services, ${name}`;
      out.push(
        { name: `${tag}: build`, value: ours.ms / 1000, unit: 's', note: `peak RSS ${(ours.rss / 2 ** 20).toFixed(0)} MiB; ${outcome}` },
        { name: `${tag}: parseAllDocuments of the same ${mb} MB (baseline)`, value: yaml.ms / 1000, unit: 's', note: `peak RSS ${(yaml.rss / 2 ** 20).toFixed(0)} MiB` },
        { name: `${tag}: time / baseline`, value: ours.ms / yaml.ms, unit: 'x', note: `peak RSS ${(ours.rss / yaml.rss).toFixed(2)}x the baseline's` },
      );
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
