// The cluster objects the function may be given besides MetalLB's own: Nodes,
// LoadBalancer Services with their EndpointSlices, Secrets (only whether they
// hold a password; never the value).
import type { Diagnostics } from '../api/diagnostic.ts';
import { contains, formatIP, parseIP, type Family } from '../api/ip.ts';
import { refOf, type KubeObject, type ObjectRef } from '../api/k8s.ts';
import type { NodeInfo, Pool, ServiceInfo } from './model.ts';

export interface SecretInfo {
  ref: ObjectRef;
  type: string;
  hasPassword: boolean;
}

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const EXCLUDE_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';
/** Where MetalLB users pin IPs in Git; the second is the pre-0.13 spelling. */
export const LB_IPS_ANNOTATIONS = ['metallb.io/loadBalancerIPs', 'metallb.universe.tf/loadBalancerIPs'];

export function parseNodes(objs: KubeObject[], _diags: Diagnostics): NodeInfo[] | undefined {
  if (objs.length === 0) return undefined;
  return objs
    .map((o) => {
      const conditions = ((o.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions ?? []);
      // The kubelet always sets the hostname label; Nodes written into Git may not.
      const labels = { [HOSTNAME_LABEL]: o.metadata?.name ?? '', ...(o.metadata?.labels ?? {}) };
      return {
        name: o.metadata?.name ?? '',
        labels,
        networkUnavailable: conditions.some((c) => c.type === 'NetworkUnavailable' && c.status === 'True'),
        excludedFromLoadBalancers: Object.prototype.hasOwnProperty.call(labels, EXCLUDE_LB_LABEL),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

interface ServiceSpec {
  type?: string;
  loadBalancerIP?: string;
  loadBalancerClass?: string;
  externalTrafficPolicy?: string;
}

interface EndpointSlice {
  metadata?: { namespace?: string; labels?: Record<string, string> };
  endpoints?: Array<{ addresses?: string[]; nodeName?: string; conditions?: { ready?: boolean; serving?: boolean } }>;
}

/** MetalLB's EndpointCanServe: ready (or unknown), or serving while terminating. */
function canServe(c: { ready?: boolean; serving?: boolean } | undefined): boolean {
  return c?.ready === undefined || c.ready === true || c.serving === true;
}

export function parseServices(objs: KubeObject[], slices: KubeObject[], pools: Pool[], mode: 'pools' | 'services', diags: Diagnostics): ServiceInfo[] {
  const bySvc = new Map<string, EndpointSlice[]>();
  for (const s of slices as EndpointSlice[]) {
    const svc = s.metadata?.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const key = `${s.metadata?.namespace ?? ''}/${svc}`;
    bySvc.set(key, [...(bySvc.get(key) ?? []), s]);
  }
  const out: ServiceInfo[] = [];
  for (const o of objs) {
    const spec = (o.spec ?? {}) as ServiceSpec;
    if (spec.type !== 'LoadBalancer') continue;
    const ref = refOf(o);
    const namespace = o.metadata?.namespace ?? 'default';
    const name = o.metadata?.name ?? '';
    // MetalLB (without --lb-class) leaves services of another class alone.
    if (spec.loadBalancerClass) {
      if (mode === 'services') diags.info(ref, 'spec.loadBalancerClass', `not announced: the service asks for load balancer class "${spec.loadBalancerClass}"`);
      continue;
    }
    const { ips, from } = serviceIPs(o, ref, diags);
    const info: ServiceInfo = {
      name,
      namespace,
      ref,
      labels: o.metadata?.labels ?? {},
      ips,
      ipsFrom: from,
      externalTrafficPolicy: spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    };
    if (ips.length > 0) {
      // All of a service's IPs must lie in one pool (speaker/main.go poolFor).
      const pool = pools.find((p) => ips.every((ip) => p.cidrs.some((c) => contains(c.prefix, { family: ip.family, base: ip.value, len: ip.family === 4 ? 32 : 128 }))));
      if (pool) info.pool = pool.name;
      else if (mode === 'services') diags.warning(ref, fieldOf(from), `not announced: ${ips.map((i) => i.text).join(', ')} ${ips.length > 1 ? 'are not all in one' : 'is in no'} IPAddressPool`);
    }
    const eps = bySvc.get(`${namespace}/${name}`);
    if (eps) {
      const ready = new Set<string>();
      let any = false;
      for (const s of eps) {
        for (const ep of s.endpoints ?? []) {
          if ((ep.addresses ?? []).length === 0 || !canServe(ep.conditions)) continue;
          any = true;
          if (ep.nodeName) ready.add(ep.nodeName);
        }
      }
      info.readyNodes = ready;
      info.hasReadyEndpoint = any;
    }
    out.push(info);
  }
  return out.sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1));
}

function fieldOf(from: ServiceInfo['ipsFrom']): string {
  return from === 'status' ? 'status.loadBalancer.ingress' : from === 'annotation' ? 'metadata.annotations' : 'spec.loadBalancerIP';
}

/** status.loadBalancer.ingress, else the IPs pinned in Git: annotation, then spec.loadBalancerIP. */
function serviceIPs(o: KubeObject, ref: ObjectRef, diags: Diagnostics): { ips: ServiceInfo['ips']; from: ServiceInfo['ipsFrom'] } {
  const parse = (texts: string[], field: string) => {
    const ips: ServiceInfo['ips'] = [];
    texts.forEach((t, i) => {
      const ip = parseIP(t.trim());
      if (!ip) diags.error(ref, `${field}${texts.length > 1 ? `[${i}]` : ''}`, `invalid IP address "${t}"`);
      else ips.push({ value: ip.value, family: ip.family as Family, text: formatIP(ip.value, ip.family) });
    });
    return ips;
  };
  const ingress = ((o.status as { loadBalancer?: { ingress?: Array<{ ip?: string }> } } | undefined)?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((x): x is string => !!x);
  if (ingress.length > 0) return { ips: parse(ingress, 'status.loadBalancer.ingress'), from: 'status' };
  for (const a of LB_IPS_ANNOTATIONS) {
    const v = o.metadata?.annotations?.[a];
    if (typeof v === 'string' && v.trim() !== '') return { ips: parse(v.split(','), `metadata.annotations["${a}"]`), from: 'annotation' };
  }
  const spec = (o.spec ?? {}) as ServiceSpec;
  if (spec.loadBalancerIP) return { ips: parse([spec.loadBalancerIP], 'spec.loadBalancerIP'), from: 'spec' };
  return { ips: [], from: 'none' };
}
