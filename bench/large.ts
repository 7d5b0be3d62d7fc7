// Large inputs: time and peak memory of dist/metallb-frr against parsing the
// same text with the `yaml` library (YAML.parse), measured in the same run:
//
// (YAML.parse, or parseAllDocuments and toJS for a stream)
//
//   function, 10^5 services   a ResourceList as kpt writes it: a pool, a
//                             peer, an advertisement and 100,000 LoadBalancer
//                             Services with their IPs, `advertise: services`
//                             (~38 MB): every service is announced, and gets
//                             an info result (no EndpointSlice in the input).
//   build, 10^5 services      the same objects as a `---` stream to
//                             `metallb-frr build -`.
//
// The one FRRConfiguration holds 100,000 prefixes (~4 MB as JSON), more than
// an API server stores (maxObjectSize, fn/README.md): the limit is off here,
// as the figure is about reading and compiling, not applying.
//
// Peak memory is the child's maximum resident set size (getrusage), read by
// a preload module at exit; the ratio to the input's size is the figure the
// README states a bound for.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, requireBuild, ROOT } from '../test/lib/fixtures.ts';
import type { Measurement } from './types.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100_000);
/** The README's bound on peak memory: a base plus a multiple of the input's size. */
const BOUND_BASE_MIB = 100;
const BOUND_FACTOR = 20;

const PRELOAD = `process.on('exit', () => require('node:fs').writeSync(3, String(process.resourceUsage().maxRSS)));\n`;

function service(i: number): string[] {
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: svc-${i}`, '  namespace: default', '  labels:', '    app: web', '  annotations:', `    config.kubernetes.io/path: services/svc-${i}.yaml`, 'spec:', '  type: LoadBalancer', '  ports:', '  - port: 80', '    targetPort: 8080', '    protocol: TCP', '  selector:', '    app: web', 'status:', '  loadBalancer:', '    ingress:', `    - ip: ${ip}`];
}

const FIXED = [
  ['apiVersion: metallb.io/v1beta1', 'kind: IPAddressPool', 'metadata:', '  name: pool', '  namespace: metallb-system', 'spec:', '  addresses:', '  - 10.0.0.0/8'],
  ['apiVersion: metallb.io/v1beta2', 'kind: BGPPeer', 'metadata:', '  name: tor', '  namespace: metallb-system', 'spec:', '  myASN: 64512', '  peerASN: 65000', '  peerAddress: 172.16.0.1'],
  ['apiVersion: metallb.io/v1beta1', 'kind: BGPAdvertisement', 'metadata:', '  name: adv', '  namespace: metallb-system', 'spec:', '  ipAddressPools:', '  - pool'],
];

function resourceList(n: number): string {
  const out = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:'];
  const item = (lines: string[]) => lines.forEach((l, i) => out.push(i === 0 ? `- ${l}` : `  ${l}`));
  FIXED.forEach(item);
  for (let i = 0; i < n; i++) item(service(i));
  out.push('functionConfig:', '  apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: cfg', '  data:', '    advertise: services', '    manifests: "false"', '    maxObjectSize: "0"');
  return out.join('\n') + '\n';
}

function stream(n: number): string {
  const docs = FIXED.map((d) => d.join('\n'));
  for (let i = 0; i < n; i++) docs.push(service(i).join('\n'));
  docs.push('apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: cfg}\nspec: {advertise: services, manifests: {enabled: false}, maxObjectSize: "0"}');
  return docs.join('\n---\n') + '\n';
}

/** Runs node with the preload; wall time (ms) and peak RSS (bytes). */
function measure(dir: string, args: string[], inputFile: string): { ms: number; rss: number } {
  const preload = join(dir, 'preload.cjs');
  const fd = openSync(inputFile, 'r');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', preload, ...args], {
    stdio: [fd, 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, METALLB_FRR_MAX_INPUT_SIZE: '0' },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  closeSync(fd);
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  return { ms, rss: Number(r.output[3]) * 1024 };
}

export async function benchLarge(): Promise<Measurement[]> {
  requireBuild();
  const dir = mkdtempSync(join(tmpdir(), 'metallb-frr-bench-large-'));
  try {
    writeFileSync(join(dir, 'preload.cjs'), PRELOAD);
    const out: Measurement[] = [];
    for (const [what, text, args] of [
      ['function', resourceList(SERVICES), [BIN]],
      ['build', stream(SERVICES), [BIN, 'build', '-']],
    ] as const) {
      const file = join(dir, `${what}.yaml`);
      writeFileSync(file, text);
      const bytes = statSync(file).size;
      const mb = (bytes / 1e6).toFixed(1);
      // The baseline reads the text into plain data, as the `yaml` library's users do.
      const lib = `require(${JSON.stringify(join(ROOT, 'node_modules', 'yaml'))})`;
      const read = what === 'build' ? `${lib}.parseAllDocuments(text).map((d) => d.toJS())` : `${lib}.parse(text)`;
      const yaml = measure(dir, ['-e', `const text = require('node:fs').readFileSync(0, 'utf8'); ${read};`], file);
      const ours = measure(dir, [...args], file);
      const n = `${SERVICES.toLocaleString('en')} services`;
      out.push(
        { name: `${what}, ${n}: ${what === 'build' ? 'parseAllDocuments' : 'YAML.parse'} of the same ${mb} MB (baseline)`, value: yaml.ms / 1000, unit: 's', note: `peak RSS ${(yaml.rss / 2 ** 20).toFixed(0)} MiB` },
        { name: `${what}, ${n}: dist/metallb-frr${what === 'build' ? ' build -' : ''}`, value: ours.ms / 1000, unit: 's', note: `peak RSS ${(ours.rss / 2 ** 20).toFixed(0)} MiB` },
        { name: `${what}, ${n}: time / baseline`, value: ours.ms / yaml.ms, unit: 'x' },
        { name: `${what}, ${n}: peak RSS / baseline's`, value: ours.rss / yaml.rss, unit: 'x' },
        { name: `${what}, ${n}: peak RSS / (${BOUND_BASE_MIB} MiB + ${BOUND_FACTOR} x input)`, value: ours.rss / (BOUND_BASE_MIB * 2 ** 20 + BOUND_FACTOR * bytes), unit: 'x', note: `README's bound; aim <= 1 (${(ours.rss / bytes).toFixed(1)} x input)` },
      );
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
