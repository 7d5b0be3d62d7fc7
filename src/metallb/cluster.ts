// The cluster objects the function may be given besides MetalLB's own: Nodes,
// LoadBalancer Services with their EndpointSlices, Namespaces (for pools'
// serviceAllocation), Secrets (only whether they hold a password; never the
// value).
import type { Diagnostics, Severity } from '../api/diagnostic.ts';
import type { AdvertiseMode } from '../api/fnconfig.ts';
import { formatIP, parseIP, type Family } from '../api/ip.ts';
import { HOSTNAME_LABEL, refOf, type KubeObject, type ObjectRef } from '../api/k8s.ts';
import { DNS_SUBDOMAIN, selectorMatches } from '../api/selector.ts';
import { BASIC_AUTH_SECRET_TYPE } from '../api/frr-input.ts';
import { usablePassword } from '../api/secret.ts';
import type { NodeInfo, Pool, ServiceInfo } from './model.ts';
import { poolOfAddress } from './pools.ts';
import { byName, compareStrings } from '../api/order.ts';

export interface SecretInfo {
  ref: ObjectRef;
  type: string;
  hasPassword: boolean;
  /** Why the node could not use its password (src/api/secret.ts usablePassword: starts with the Secret's name), never the value. */
  passwordProblem?: string;
}

export const EXCLUDE_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';
/** Where MetalLB users pin IPs in Git; the second is the pre-0.13 spelling. */
export const LB_IPS_ANNOTATIONS = ['metallb.io/loadBalancerIPs', 'metallb.universe.tf/loadBalancerIPs'];
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * A node name the function can use: a DNS subdomain (a Node's name) of at
 * most 63 characters, since it is the kubernetes.io/hostname label value a
 * node's FRRConfiguration selects, and FRR's hostname.
 */
function nodeNameOK(name: string): boolean {
  return DNS_SUBDOMAIN.test(name) && name.length <= 63;
}

export function parseNodes(objs: KubeObject[], diags: Diagnostics): NodeInfo[] | undefined {
  if (objs.length === 0) return undefined;
  for (const o of objs) {
    // Stryker disable next-line OptionalChaining,StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
    if (!nodeNameOK(o.metadata?.name ?? '')) {
      diags.error(refOf(o), 'metadata.name', `a Node name must be a DNS name of at most 63 characters (lowercase letters, digits, '-' and '.'): it is the ${HOSTNAME_LABEL} label value its FRRConfiguration selects, and FRR's hostname`);
    }
  }
  return objs
    .map((o) => {
      const conditions = listAt<{ type?: unknown; status?: unknown }>(o, ['status', 'conditions'], (field, msg) => diags.error(refOf(o), field, msg));
      // The kubelet always sets the hostname label; Nodes written into Git may not.
      // Stryker disable next-line StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
      const labels = { [HOSTNAME_LABEL]: o.metadata?.name ?? '', ...(o.metadata?.labels ?? {}) };
      return {
        // Stryker disable next-line StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
        name: o.metadata?.name ?? '',
        labels,
        // k8s/nodes IsNetworkUnavailable: the condition's status is exactly "True".
        networkUnavailable: conditions.some((c) => c.type === 'NetworkUnavailable' && c.status === 'True'),
        // IsNodeExcludedFromBalancers: the label's presence, whatever its value.
        excludedFromLoadBalancers: Object.prototype.hasOwnProperty.call(labels, EXCLUDE_LB_LABEL),
      };
    })
    .sort(byName);
}

/**
 * Secrets by namespace/name: type and whether a "password" key is there
 * (MetalLB checks the key only), and whether the node could use the password
 * (read as the node agent reads it, checked against what frr.conf can carry;
 * the value itself is never kept or written).
 */
export function parseSecrets(objs: KubeObject[]): Map<string, SecretInfo> {
  const out = new Map<string, SecretInfo>();
  for (const s of objs) {
    const keys = { ...(s.data as Record<string, unknown> | undefined), ...(s.stringData as Record<string, unknown> | undefined) };
    const info: SecretInfo = {
      ref: refOf(s),
      type: typeof s.type === 'string' && s.type !== '' ? s.type : 'Opaque',
      hasPassword: Object.prototype.hasOwnProperty.call(keys, 'password'),
    };
    if (info.hasPassword && info.type === BASIC_AUTH_SECRET_TYPE) {
      const got = usablePassword(s);
      if (!got.ok) info.passwordProblem = got.problem;
    }
    // Stryker disable next-line StringLiteral: equivalent: Secrets are looked up in a named namespace (no key without one matches), and unreachable: the KRM layer refuses an item without metadata.name
    out.set(`${s.metadata?.namespace ?? ''}/${s.metadata?.name ?? ''}`, info);
  }
  return out;
}

interface ServiceSpec {
  type?: string;
  loadBalancerIP?: unknown;
  loadBalancerClass?: string;
  externalTrafficPolicy?: string;
}

interface Endpoint {
  addresses?: unknown;
  nodeName?: unknown;
  conditions?: { ready?: unknown; serving?: unknown };
}

/** MetalLB's EndpointCanServe: ready (or unknown), or serving while terminating. */
function canServe(c: { ready?: unknown; serving?: unknown } | undefined): boolean {
  return c?.ready === undefined || c.ready === true || c.serving === true;
}

/**
 * The list of objects at `path` inside `o` (absent: empty). Anything else —
 * a list that is no list, an entry that is no object — is reported with its
 * field and left out: these objects come from Git unchecked by an API server.
 */
function listAt<T extends object>(o: unknown, path: string[], problem: (field: string, msg: string) => void): T[] {
  let v: unknown = o;
  for (const [i, key] of path.entries()) {
    if (v === undefined || v === null) return [];
    if (typeof v !== 'object' || Array.isArray(v)) {
      problem(path.slice(0, i).join('.'), 'must be an object');
      return [];
    }
    v = (v as Record<string, unknown>)[key];
  }
  if (v === undefined || v === null) return [];
  const field = path.join('.');
  if (!Array.isArray(v)) {
    problem(field, 'must be a list');
    return [];
  }
  return v.filter((e, i) => {
    const isObject = typeof e === 'object' && e !== null && !Array.isArray(e);
    if (!isObject) problem(`${field}[${i}]`, 'must be an object');
    return isObject;
  }) as T[];
}

type Report = (ref: ObjectRef, field: string, msg: string, severity?: Severity) => void;

export interface ServiceContext {
  pools: Pool[];
  /** Namespace labels by name, from the input's Namespace objects. */
  namespaces: Map<string, Record<string, string>>;
  mode: AdvertiseMode;
}

/**
 * The LoadBalancer services MetalLB's speaker would handle, with their IPs,
 * pool and endpoints. Problems with a service never stop the build: MetalLB
 * does not announce such a service, and neither do we (with a warning in
 * "services" mode; in "pools" mode services do not matter).
 */
export function parseServices(objs: KubeObject[], slices: KubeObject[], ctx: ServiceContext, diags: Diagnostics): ServiceInfo[] {
  const report: Report = (ref, field, msg, severity = 'warning') => {
    if (ctx.mode === 'services') diags.add(severity, ref, field, msg);
  };
  const bySvc = new Map<string, Endpoint[]>();
  for (const s of slices) {
    const svc: unknown = s.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (typeof svc !== 'string' || !svc) continue;
    // Without a namespace: in "default", as a Service without one is.
    const key = `${s.metadata?.namespace ?? 'default'}/${svc}`;
    const endpoints = listAt<Endpoint>(s, ['endpoints'], (field, msg) => report(refOf(s), field, `${msg}; ${field.endsWith(']') ? 'this endpoint is' : 'its endpoints are'} not counted`)).filter((ep, i) => {
      // A node name goes into a kubernetes.io/hostname selector: one no Node can have is not counted.
      if (typeof ep.nodeName !== 'string' || nodeNameOK(ep.nodeName)) return true;
      report(refOf(s), `endpoints[${i}].nodeName`, 'is not a node name (a DNS name of at most 63 characters); this endpoint is not counted');
      return false;
    });
    const list = bySvc.get(key);
    bySvc.set(key, list ? list.concat(endpoints) : endpoints);
  }
  const out: ServiceInfo[] = [];
  const poolOf = poolOfAddress(ctx.pools);
  // The namespaces each pool's serviceAllocation admits, worked out once per pool.
  const admittedBy = new Map<Pool, Set<string>>();
  for (const o of objs) {
    const spec = (o.spec ?? {}) as ServiceSpec;
    if (spec.type !== 'LoadBalancer') continue;
    const ref = refOf(o);
    const namespace = o.metadata?.namespace ?? 'default';
    // Stryker disable next-line StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
    const name = o.metadata?.name ?? '';
    // MetalLB (without --lb-class) leaves services of another class alone.
    if (spec.loadBalancerClass) {
      const cls = typeof spec.loadBalancerClass === 'string' ? `load balancer class ${JSON.stringify(spec.loadBalancerClass)}` : 'a load balancer class (not a string)';
      if (ctx.mode === 'services') diags.info(ref, 'spec.loadBalancerClass', `not announced: the service asks for ${cls}`);
      continue;
    }
    const labels = o.metadata?.labels ?? {};
    const found = serviceIPs(o, ref, report);
    const info: ServiceInfo = {
      name,
      namespace,
      ref,
      labels,
      ips: found.ips,
      ipsFrom: found.from,
      externalTrafficPolicy: spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    };
    if (found.ips.length > 0) {
      // All of a service's IPs must lie in one pool (speaker/main.go poolFor).
      const pools = found.ips.map((ip) => poolOf(ip.family, ip.value));
      const pool = pools.every((p) => p === pools[0]) ? pools[0] : undefined;
      const ipText = found.ips.map((i) => i.text).join(', ');
      if (!pool) {
        report(ref, fieldOf(found.from), `not announced: ${ipText} ${found.ips.length > 1 ? 'are not all in one' : 'is in no'} IPAddressPool`);
      } else if (found.from === 'status') {
        info.pool = pool.name;
      } else {
        // An IP pinned in Git is only a request: MetalLB's controller assigns it
        // only when the pool's serviceAllocation admits the service.
        const verdict = poolAdmits(pool, namespace, labels, ctx.namespaces, admittedBy);
        if (verdict === 'no') {
          report(ref, fieldOf(found.from), `not announced: MetalLB's controller would not assign ${ipText}, as the serviceAllocation of IPAddressPool "${pool.name}" does not admit this service`);
        } else {
          if (verdict === 'unknown' && ctx.mode === 'services') {
            diags.info(ref, fieldOf(found.from), `the serviceAllocation of IPAddressPool "${pool.name}" selects namespaces by label, and Namespace "${namespace}" is not in the input: assuming it admits the service`);
          }
          info.pool = pool.name;
        }
      }
    }
    const eps = bySvc.get(`${namespace}/${name}`);
    if (eps) {
      const ready = new Set<string>();
      let any = false;
      for (const ep of eps) {
        if (!Array.isArray(ep.addresses) || ep.addresses.length === 0 || !canServe(ep.conditions)) continue;
        any = true;
        if (typeof ep.nodeName === 'string' && ep.nodeName) ready.add(ep.nodeName);
      }
      info.readyNodes = ready;
      info.hasReadyEndpoint = any;
    }
    out.push(info);
  }
  return out.sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
}

/**
 * The allocator's isPoolCompatibleWithService, with the input's Namespaces
 * standing for the cluster's: the namespaces listed or matched by a
 * namespaceSelector (none at all means any), then any serviceSelector.
 */
function poolAdmits(pool: Pool, namespace: string, labels: Record<string, string>, namespaces: Map<string, Record<string, string>>, admittedBy: Map<Pool, Set<string>>): 'yes' | 'no' | 'unknown' {
  const sa = pool.serviceAllocation;
  if (!sa) return 'yes';
  let verdict: 'yes' | 'unknown' = 'yes';
  let admitted = admittedBy.get(pool);
  // Stryker disable next-line ConditionalExpression: equivalent: a cache; the set computed again is the same set
  if (!admitted) {
    admitted = new Set(sa.namespaces);
    for (const [ns, nsLabels] of namespaces) {
      if (sa.namespaceSelectors.some((s) => selectorMatches(s, nsLabels))) admitted.add(ns);
    }
    admittedBy.set(pool, admitted);
  }
  if (!admitted.has(namespace)) {
    if (sa.namespaceSelectors.length > 0 && !namespaces.has(namespace)) verdict = 'unknown';
    else if (admitted.size > 0) return 'no';
  }
  if (sa.serviceSelectors.length > 0 && !sa.serviceSelectors.some((s) => selectorMatches(s, labels))) return 'no';
  return verdict;
}

function fieldOf(from: ServiceInfo['ipsFrom']): string {
  return from === 'status' ? 'status.loadBalancer.ingress' : from === 'annotation' ? 'metadata.annotations' : 'spec.loadBalancerIP';
}

/**
 * status.loadBalancer.ingress, as MetalLB's speaker reads it; when the
 * status is empty (manifests in Git rarely carry one), the IPs pinned in Git:
 * the annotation, then spec.loadBalancerIP. An unparsable entry leaves the
 * service unannounced, as in the speaker.
 */
function serviceIPs(o: KubeObject, ref: ObjectRef, report: Report): { ips: ServiceInfo['ips']; from: ServiceInfo['ipsFrom'] } {
  const none = { ips: [], from: 'none' as const };
  const parse = (texts: unknown[], fieldAt: (i: number) => string, from: ServiceInfo['ipsFrom']) => {
    const ips: ServiceInfo['ips'] = [];
    for (const [i, t] of texts.entries()) {
      const ip = typeof t === 'string' ? parseIP(t.trim()) : undefined;
      if (!ip) {
        report(ref, fieldAt(i), `not announced: invalid IP address ${JSON.stringify(t ?? null)}`);
        return none;
      }
      ips.push({ value: ip.value, family: ip.family as Family, text: formatIP(ip.value, ip.family) });
    }
    return { ips, from };
  };
  let broken = false;
  const ingress = listAt<{ ip?: unknown }>(o, ['status', 'loadBalancer', 'ingress'], (field, msg) => {
    report(ref, field, `not announced: ${msg}`);
    broken = true;
  });
  if (broken) return none;
  if (ingress.length > 0) return parse(ingress.map((i) => i.ip ?? ''), (i) => `status.loadBalancer.ingress[${i}].ip`, 'status');
  for (const a of LB_IPS_ANNOTATIONS) {
    const v = o.metadata?.annotations?.[a];
    if (typeof v === 'string' && v.trim() !== '') return parse(v.split(','), () => `metadata.annotations["${a}"]`, 'annotation');
  }
  const spec = (o.spec ?? {}) as ServiceSpec;
  if (spec.loadBalancerIP) return parse([spec.loadBalancerIP], () => 'spec.loadBalancerIP', 'spec');
  report(ref, 'status.loadBalancer.ingress', 'not announced: no IP to announce (no status.loadBalancer.ingress, loadBalancerIPs annotation or spec.loadBalancerIP)', 'info');
  return none;
}
