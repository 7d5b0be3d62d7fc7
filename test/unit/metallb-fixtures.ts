// Builders and assertions for the rule tables of the metallb and compile
// stages: compact constructors for the input objects, and a check that a run
// produced exactly the expected results (severity, object, field, fragment).
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic, type Severity } from '../../src/api/diagnostic.ts';
import type { GeneratedFRRConfiguration } from '../../src/api/frrk8s.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { compileFRRConfigurations } from '../../src/compile/frrconfig.ts';
import type { Model } from '../../src/metallb/model.ts';
import { parseMetalLB, type ParseOptions } from '../../src/metallb/parse.ts';

export const NS = 'metallb-system';
export const FRR_NS = 'frr-k8s-system';
type Spec = Record<string, unknown>;

const metallb = (kind: string, version: string) => (name: string, spec: Spec = {}, labels?: Record<string, string>): KubeObject => ({
  apiVersion: `metallb.io/${version}`,
  kind,
  metadata: { name, namespace: NS, ...(labels ? { labels } : {}) },
  spec,
});

export const pool = (name: string, addresses: string[], extra: Spec = {}, labels?: Record<string, string>) =>
  metallb('IPAddressPool', 'v1beta1')(name, { addresses, ...extra }, labels);
export const peer = metallb('BGPPeer', 'v1beta2');
export const peerV1beta1 = metallb('BGPPeer', 'v1beta1');
export const bgpAdv = metallb('BGPAdvertisement', 'v1beta1');
export const l2Adv = metallb('L2Advertisement', 'v1beta1');
export const bfd = metallb('BFDProfile', 'v1beta1');
export const community = (name: string, aliases: Array<[string, string]>) =>
  metallb('Community', 'v1beta1')(name, { communities: aliases.map(([n, value]) => ({ name: n, value })) });

export function node(name: string, labels: Record<string, string> = {}, conditions?: Array<{ type: string; status: string }>): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, ...(conditions ? { status: { conditions } } : {}) };
}

export function secret(name: string, namespace: string, type: string | undefined, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, ...(type ? { type } : {}), stringData: data };
}

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export interface ServiceOpts {
  ips?: string[];
  annotation?: string;
  loadBalancerIP?: string;
  policy?: 'Cluster' | 'Local';
  labels?: Record<string, string>;
  lbClass?: string;
  namespace?: string;
}

export function service(name: string, o: ServiceOpts = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotation ? { annotations: { 'metallb.io/loadBalancerIPs': o.annotation } } : {}),
    },
    spec: {
      type: 'LoadBalancer',
      ...(o.policy ? { externalTrafficPolicy: o.policy } : {}),
      ...(o.lbClass ? { loadBalancerClass: o.lbClass } : {}),
      ...(o.loadBalancerIP ? { loadBalancerIP: o.loadBalancerIP } : {}),
    },
    ...(o.ips ? { status: { loadBalancer: { ingress: o.ips.map((ip) => ({ ip })) } } } : {}),
  };
}

/** An EndpointSlice of `svc` with endpoints [nodeName, ready?, serving?]. */
export function slice(svc: string, endpoints: Array<[string, boolean?, boolean?]>, ns = 'default'): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${svc}-x`, namespace: ns, labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: endpoints.map(([nodeName, ready, serving], i) => ({
      addresses: [`10.244.0.${i + 1}`],
      nodeName,
      ...(ready === undefined && serving === undefined ? {} : { conditions: { ...(ready === undefined ? {} : { ready }), ...(serving === undefined ? {} : { serving }) } }),
    })),
  };
}

export const OPTS: ParseOptions = { metallbNamespace: NS, frrk8sNamespace: FRR_NS, advertise: 'pools' };

export interface Run {
  model?: Model;
  configs: GeneratedFRRConfiguration[];
  diags: Diagnostics;
}

/** Parses (and, when valid, compiles) the objects. */
export function run(objs: KubeObject[], opts: Partial<ParseOptions> = {}): Run {
  const o = { ...OPTS, ...opts };
  const diags = new Diagnostics();
  const model = parseMetalLB(objs, o, diags);
  const configs = model ? compileFRRConfigurations(model, o, diags) : [];
  return { model, configs, diags };
}

/** [severity, "Kind/name", field, message fragment] */
export type Want = [Severity, string, string | undefined, string];

/** The run's results are exactly `want` (in any order). */
export function expectResults(diags: Diagnostics, want: Want[]): void {
  const left = [...diags.list];
  const missing: Want[] = [];
  for (const w of want) {
    const i = left.findIndex((d) => d.severity === w[0] && `${d.ref?.kind}/${d.ref?.name}` === w[1] && d.field === w[2] && d.message.includes(w[3]));
    if (i < 0) missing.push(w);
    else left.splice(i, 1);
  }
  if (missing.length === 0 && left.length === 0) return;
  assert.fail(
    [
      ...missing.map((w) => `missing: ${w.join(' | ')}`),
      ...left.map((d) => `unexpected: ${formatDiagnostic(d)}`),
    ].join('\n'),
  );
}

export interface Case {
  name: string;
  objs: KubeObject[];
  want: Want[];
  opts?: Partial<ParseOptions>;
}

/** Runs a table: each case's results must be exactly its `want`. */
export function table(t: (name: string, fn: () => void) => unknown, cases: Case[]): void {
  for (const c of cases) {
    t(c.name, () => expectResults(run(c.objs, c.opts).diags, c.want));
  }
}
