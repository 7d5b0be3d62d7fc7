// The agent's ports on a node that also runs frr-k8s or MetalLB (issue 11
// item 5): the DaemonSet uses the host network, so its ports are the node's.
// The defaults must be clear of what frr-k8s' own install takes (read from
// the shared reference folder at test time, when present) and of MetalLB's
// speaker and controller; a port already held stops the agent with one line
// naming the address, the holder and the flag to change.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { memoryLogger } from '../../src/agent/log.ts';
import { parseAgentFlags, startAgent } from '../../src/agent/main.ts';
import { AGENT_HEALTH_PORT, AGENT_METRICS_PORT } from '../../src/api/agent.ts';
import { compileManifests } from '../../src/compile/manifests.ts';
import { manifestsDefaults } from '../../src/compile/options.ts';
import { requireBuild, ROOT, run, tempDir } from '../lib/fixtures.ts';

const SHARED = process.env.METALLB_FRR_SHARED ?? join(ROOT, '..', 'shared');
const FRRK8S = join(SHARED, 'reference', 'frrk8s-all-in-one.yaml');

/**
 * MetalLB v0.15's ports, as its manifests and Helm chart set them: speaker
 * (host network) metrics 7472, FRR metrics 7473, memberlist 7946, metrics
 * over TLS 9120 and 9121; controller metrics 7472, webhook 9443.
 */
const METALLB_PORTS = [7472, 7473, 7946, 9120, 9121, 9443];
/** kube-rbac-proxy's listen port in kubebuilder's scaffolding. */
const KUBE_RBAC_PROXY_PORT = 8443;

/** Every port number an install's manifests name: container ports, probes, Service ports, flags. */
function portsIn(yamlText: string): Set<number> {
  const found = new Set<number>();
  const visit = (v: unknown, key = ''): void => {
    if (Array.isArray(v)) return v.forEach((x) => visit(x, key));
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) visit(x, k);
      return;
    }
    if (typeof v === 'number' && /port$/i.test(key)) found.add(v);
    if (typeof v === 'string') {
      for (const m of v.matchAll(/(?:port[=:]|:)(\d{2,5})\b/gi)) found.add(Number(m[1]));
    }
  };
  for (const d of parseAllDocuments(yamlText)) visit(d.toJS());
  return found;
}

const listenOn = (port = 0): Promise<Server> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });

describe('the agent\'s ports', () => {
  it('are neither frr-k8s\' (its all-in-one install) nor MetalLB\'s nor kube-rbac-proxy\'s', { skip: existsSync(FRRK8S) ? false : `frr-k8s' install is not at ${FRRK8S} (set METALLB_FRR_SHARED to the shared folder)` }, () => {
    const taken = portsIn(readFileSync(FRRK8S, 'utf8'));
    assert.ok(taken.has(7572) && taken.has(9140), `read frr-k8s' ports: ${[...taken].sort().join(' ')}`);
    for (const p of [...METALLB_PORTS, KUBE_RBAC_PROXY_PORT]) taken.add(p);
    for (const [name, port] of [['health', AGENT_HEALTH_PORT], ['metrics', AGENT_METRICS_PORT]] as const) {
      assert.ok(!taken.has(port), `the agent's ${name} port ${port} is taken by frr-k8s or MetalLB (${[...taken].sort().join(' ')})`);
    }
    assert.notEqual(AGENT_HEALTH_PORT, AGENT_METRICS_PORT);
  });

  it('the DaemonSet uses them, and manifests.ports changes them everywhere', () => {
    const ds = (ports?: { health: number; metrics: number }) => {
      const m = manifestsDefaults();
      if (ports) m.ports = ports;
      return JSON.stringify(compileManifests('frr-k8s-system', m).find((o) => o.kind === 'DaemonSet'));
    };
    const text = ds();
    assert.match(text, new RegExp(`"--listen=127\\.0\\.0\\.1:${AGENT_HEALTH_PORT}"`));
    assert.match(text, new RegExp(`"--metrics-listen=\\$\\(POD_IP\\):${AGENT_METRICS_PORT}"`));
    const moved = ds({ health: 17576, metrics: 17577 });
    assert.doesNotMatch(moved, new RegExp(`\\b(${AGENT_HEALTH_PORT}|${AGENT_METRICS_PORT})\\b`));
    assert.match(moved, /"--listen=127\.0\.0\.1:17576".*"--metrics-listen=\$\(POD_IP\):17577"/);
    assert.match(moved, /"containerPort":17577/);
    assert.equal((moved.match(/"port":17576/g) ?? []).length, 2, 'both probes');
  });

  it('manifests.ports: the same port twice is refused, naming the field', () => {
    const rl = (ports: string) => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items: []
functionConfig:
  apiVersion: fn.metallb-frr.dev/v1alpha1
  kind: MetalLBFRR
  metadata: {name: config}
  spec: {allowEmpty: true, manifests: {ports: ${ports}}}
`;
    const bad = run(requireBuild(), [], { input: rl('{health: 7600, metrics: 7600}') });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^error: MetalLBFRR config spec\.manifests\.ports\.metrics: 7600 is also the health port; the agent needs two ports$/m);
    const range = run(requireBuild(), [], { input: rl('{health: 0}') });
    assert.equal(range.status, 1);
    assert.match(range.stderr, /spec\.manifests\.ports\.health/);
    const ok = run(requireBuild(), [], { input: rl('{health: 7600, metrics: 7601}') });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /--listen=127\.0\.0\.1:7600/);
  });

  for (const flag of ['--listen', '--metrics-listen'] as const) {
    it(`a port another process holds (${flag}): the agent does not start, and says which address, that another process holds it, which flag to change`, async () => {
      const holder = await listenOn();
      const t = tempDir('agentports');
      try {
        const port = (holder.address() as AddressInfo).port;
        const args = ['--node-name=node1', `--from-dir=${t.dir}`, `--reloader-dir=${t.dir}`, '--listen=127.0.0.1:0'];
        args.push(`${flag}=127.0.0.1:${port}`);
        await assert.rejects(startAgent(parseAgentFlags(args, {}), memoryLogger()), (e: Error) => {
          assert.equal(e.message.split('\n').length, 1);
          assert.match(e.message, new RegExp(`^cannot listen on 127\\.0\\.0\\.1:${port} \\(${flag}\\): another process holds it .*; set another port with ${flag} HOST:PORT \\(in the DaemonSet: the function's manifests\\.ports\\.${flag === '--listen' ? 'health' : 'metrics'}\\)$`));
          return true;
        });
      } finally {
        holder.close();
        t.cleanup();
      }
    });
  }
});
