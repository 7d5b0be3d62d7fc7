// The metallb stage: sorts the input objects by kind, validates each MetalLB
// resource structurally (generated validators) and semantically (MetalLB's
// rules), and builds the typed model. All or nothing: when any error is
// reported the caller must not compile.
import type { Diagnostics } from '../api/diagnostic.ts';
import { FRRK8S_GROUP } from '../api/frrk8s.ts';
import type { AdvertiseMode, OtherNamespacesMode } from '../api/fnconfig.ts';
import { describeRef, groupOf, objectKey, refOf, type KubeObject } from '../api/k8s.ts';
import { METALLB_GROUP } from '../api/metallb.ts';
import { validateStructure, validatorFor, type KindType } from '../api/validate.ts';
import { isLegacyConfigMap } from './legacy.ts';
import { parseBGPAdvertisements, parseCommunityAliases, parseL2Advertisements } from './advertisements.ts';
import { parseBFDProfiles } from './bfd.ts';
import { parseNodes, parseSecrets, parseServices } from './cluster.ts';
import type { Model } from './model.ts';
import { convertV1beta1Peer, parsePeers } from './peers.ts';
import { parsePools } from './pools.ts';

export interface ParseOptions {
  metallbNamespace: string;
  frrk8sNamespace: string;
  advertise: AdvertiseMode;
  /**
   * MetalLB resources in another namespace than metallbNamespace: an error
   * (default; a build that holds them is wrong), or left out with an info.
   */
  otherNamespaces?: OtherNamespacesMode;
  /** Accept pools of every address (a default route); see pools.ts. */
  allowDefaultRoute?: boolean;
}

/** The MetalLB kinds the function reads; other metallb.io kinds pass through. */
const METALLB_KINDS = ['IPAddressPool', 'BGPPeer', 'BGPAdvertisement', 'L2Advertisement', 'Community', 'BFDProfile'] as const;
type MetalLBKind = (typeof METALLB_KINDS)[number];

/** The input objects sorted by what they are. */
export interface Classified {
  metallb: Record<MetalLBKind, KubeObject[]>;
  /** MetalLB resources outside metallbNamespace: not read, but still checked. */
  elsewhere: KubeObject[];
  nodes: KubeObject[];
  services: KubeObject[];
  endpointSlices: KubeObject[];
  secrets: KubeObject[];
  namespaces: KubeObject[];
  frrConfigurations: KubeObject[];
  /** MetalLB's "bgpextras" ConfigMap, if the input has it. */
  bgpExtras?: KubeObject;
}

/** MetalLB's ConfigMap of raw FRR configuration (frr mode only). */
const BGP_EXTRAS_CONFIGMAP = 'bgpextras';

export function classify(objects: KubeObject[], opts: ParseOptions, diags: Diagnostics): Classified {
  const c: Classified = {
    metallb: { IPAddressPool: [], BGPPeer: [], BGPAdvertisement: [], L2Advertisement: [], Community: [], BFDProfile: [] },
    elsewhere: [],
    nodes: [],
    services: [],
    endpointSlices: [],
    secrets: [],
    namespaces: [],
    frrConfigurations: [],
  };
  const seen = new Map<string, KubeObject>();
  for (const o of objects) {
    const group = groupOf(o.apiVersion);
    // Stryker disable next-line StringLiteral: unreachable: the KRM layer refuses an item without apiVersion, kind or metadata.name
    const kind = o.kind ?? '';
    const isCore = o.apiVersion === 'v1';
    if (isCore && kind === 'ConfigMap' && o.metadata?.name === BGP_EXTRAS_CONFIGMAP && o.metadata.namespace === opts.metallbNamespace) {
      c.bgpExtras = o;
      continue;
    }
    // MetalLB 0.13 and later ignore it: a build holding it announces nothing of it.
    if (isLegacyConfigMap(o)) {
      diags.error(refOf(o), 'data.config', `MetalLB's pre-0.13 ConfigMap configuration (data.config with peers/address-pools), which MetalLB 0.13 and later no longer read and this build does not either: convert it into MetalLB resources with "metallb-frr convert-configmap FILE" (as MetalLB's configmaptocrs does), commit those, and remove the ConfigMap`);
      continue;
    }
    // The MetalLB Operator's MetalLB, the status kinds MetalLB writes itself
    // (ServiceL2Status, ServiceBGPStatus, ConfigurationState) and any kind a
    // later MetalLB adds are none of the function's business.
    if (group === METALLB_GROUP && !(METALLB_KINDS as readonly string[]).includes(kind)) {
      diags.info(refOf(o), 'kind', `passed through untouched: the function does not read MetalLB kind "${kind}" (it reads ${METALLB_KINDS.join(', ')})`);
      continue;
    }
    const relevant = group === METALLB_GROUP || (group === FRRK8S_GROUP && kind === 'FRRConfiguration') || (isCore && ['Node', 'Service', 'Secret', 'Namespace'].includes(kind)) || (group === 'discovery.k8s.io' && kind === 'EndpointSlice');
    if (relevant) {
      // An object without a namespace is where kubectl apply -n or kustomize's
      // namespace puts it: for MetalLB's kinds, the MetalLB namespace.
      const key = group === METALLB_GROUP && !o.metadata?.namespace ? objectKey({ ...o, metadata: { ...o.metadata, namespace: opts.metallbNamespace } }) : objectKey(o);
      const first = seen.get(key);
      if (first) {
        diags.error(refOf(o), 'metadata.name', `${describeRef(refOf(o))} appears twice in the input`);
        continue;
      }
      seen.set(key, o);
      // An object whose namespace is no string cannot be referenced: reported, not passed on.
      if (!checkMetadata(o, diags)) continue;
    }
    if (group === METALLB_GROUP) {
      if (inMetalLBNamespace(o, opts, diags)) c.metallb[kind as MetalLBKind].push(o);
      else c.elsewhere.push(o);
    } else if (group === FRRK8S_GROUP && kind === 'FRRConfiguration') {
      c.frrConfigurations.push(o);
    } else if (isCore && kind === 'Node') c.nodes.push(o);
    else if (isCore && kind === 'Service') c.services.push(o);
    else if (isCore && kind === 'Secret') c.secrets.push(o);
    else if (isCore && kind === 'Namespace') c.namespaces.push(o);
    else if (group === 'discovery.k8s.io' && kind === 'EndpointSlice') c.endpointSlices.push(o);
  }
  return c;
}

/**
 * Whether a MetalLB resource is read: MetalLB reads its configuration from its
 * own namespace only. One without a namespace is taken as in it (kubectl
 * apply -n and kustomize's namespace put it there; MetalLB's and OpenShift's
 * docs often leave it out). One in another namespace would be ignored by
 * MetalLB, so a build holding it is wrong: an error, unless the configuration
 * says otherNamespaces: ignore.
 */
function inMetalLBNamespace(o: KubeObject, opts: ParseOptions, diags: Diagnostics): boolean {
  // A string or absent: checkMetadata refused any other before.
  const ns = o.metadata?.namespace;
  if (ns === undefined || ns === '') {
    diags.info(refOf(o), 'metadata.namespace', `no namespace: taken as in "${opts.metallbNamespace}" (metallbNamespace), where kubectl apply -n or kustomize's namespace would put it`);
    return true;
  }
  if (ns === opts.metallbNamespace) return true;
  if (opts.otherNamespaces === 'ignore') {
    diags.info(refOf(o), 'metadata.namespace', `ignored (otherNamespaces: ignore): MetalLB reads its configuration only from namespace "${opts.metallbNamespace}"`);
  } else {
    diags.error(refOf(o), 'metadata.namespace', `MetalLB reads its configuration only from namespace "${opts.metallbNamespace}" and would ignore this one in "${ns}": if MetalLB runs in "${ns}", set metallbNamespace: ${ns} in the function's configuration (build: --metallb-namespace ${ns}); to leave such objects out, set otherNamespaces: ignore`);
  }
  return false;
}

/**
 * The metadata fields the stages read, as the API server would have them:
 * a namespace string and labels mapping strings to strings (`rack: 1`
 * unquoted in YAML is a number, which no selector would ever match). The
 * object is kept, so that references to it still resolve; false (and left
 * out) when its namespace is no string.
 */
function checkMetadata(o: KubeObject, diags: Diagnostics): boolean {
  const md = o.metadata ?? {};
  const namespaceOK = md.namespace === undefined || typeof md.namespace === 'string';
  if (!namespaceOK) diags.error(refOf(o), 'metadata.namespace', 'must be a string');
  const labels: unknown = md.labels;
  if (labels === undefined || labels === null) return namespaceOK;
  if (typeof labels !== 'object' || Array.isArray(labels)) {
    diags.error(refOf(o), 'metadata.labels', 'must be a map of label names to strings');
    return namespaceOK;
  }
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v === 'string') continue;
    // A number or boolean was meant as text; a map or list cannot be one (and
    // String() of a map with a "toString" key throws).
    const hint = v === null || typeof v !== 'object' ? ` (quote it in YAML: ${JSON.stringify(String(v))})` : `, not a ${Array.isArray(v) ? 'list' : 'map'}`;
    diags.error(refOf(o), `metadata.labels[${JSON.stringify(k)}]`, `must be a string${hint}`);
  }
  return namespaceOK;
}

/** Structural validation of objects of one kind; returns the objects that passed, typed. */
function structurallyValid<K extends string>(kind: K, objects: KubeObject[], diags: Diagnostics): Array<KubeObject & KindType<K>> {
  return objects.filter((o): o is KubeObject & KindType<K> => {
    const v = validatorFor(o.apiVersion, kind);
    if (!v) {
      diags.error(refOf(o), 'apiVersion', `unsupported version "${o.apiVersion}" of ${o.kind}`);
      return false;
    }
    return validateStructure(v, o, diags);
  });
}

export function parseMetalLB(objects: KubeObject[], opts: ParseOptions, diags: Diagnostics): Model | undefined {
  const c = classify(objects, opts, diags);
  const m = c.metallb;
  const valid = <K extends MetalLBKind>(kind: K) => structurallyValid(kind, m[kind], diags);

  const bfdCRs = valid('BFDProfile');
  const communityCRs = valid('Community');
  const poolCRs = valid('IPAddressPool');
  const peerCRs = valid('BGPPeer').map(convertV1beta1Peer);
  const bgpAdvCRs = valid('BGPAdvertisement');
  const l2AdvCRs = valid('L2Advertisement');
  const frrConfigurations = structurallyValid('FRRConfiguration', c.frrConfigurations, diags);
  // Not read, but a typo in them is still a typo (and would be reported only
  // once the namespace is fixed otherwise).
  // Stryker disable next-line StringLiteral: unreachable: the KRM layer refuses an item without apiVersion, kind or metadata.name
  for (const o of c.elsewhere) structurallyValid(o.kind ?? '', [o], diags);

  // MetalLB refuses its bgpextras ConfigMap in frr-k8s mode (frrk8s.go SyncExtraInfo).
  const extras = (c.bgpExtras?.data as Record<string, unknown> | undefined)?.extras;
  if (c.bgpExtras && typeof extras === 'string' && extras !== '') {
    diags.error(refOf(c.bgpExtras), 'data.extras', 'raw FRR configuration in the bgpextras ConfigMap is not supported with frr-k8s: write it as a hand-written FRRConfiguration (spec.raw) instead');
  }

  // Only whether a Secret has a password key: its value is never read.
  const secrets = parseSecrets(c.secrets);
  // Stryker disable next-line OptionalChaining,StringLiteral: unreachable: the KRM layer refuses an item without apiVersion, kind or metadata.name
  const namespaces = new Map(c.namespaces.map((n) => [n.metadata?.name ?? '', n.metadata?.labels ?? {}]));

  const nodes = parseNodes(c.nodes, diags);
  const bfdProfiles = parseBFDProfiles(bfdCRs, diags);
  const peers = parsePeers(peerCRs, { bfdProfiles, nodes, secrets, frrk8sNamespace: opts.frrk8sNamespace, metallbNamespace: opts.metallbNamespace }, diags);
  const pools = parsePools(poolCRs, diags, opts);
  const aliases = parseCommunityAliases(communityCRs, diags);
  // Stryker disable next-line OptionalChaining,StringLiteral: unreachable: the KRM layer refuses an item without apiVersion, kind or metadata.name
  const peerNames = new Set(m.BGPPeer.map((p) => p.metadata?.name ?? ''));
  const bgpAdvertisements = parseBGPAdvertisements(bgpAdvCRs, { pools, peers, peerNames, aliases, nodes, bfdProfiles }, diags);
  parseL2Advertisements(l2AdvCRs, pools, diags);
  const services = parseServices(c.services, c.endpointSlices, { pools, namespaces, mode: opts.advertise }, diags);

  if (diags.hasErrors) return undefined;
  return {
    metallbNamespace: opts.metallbNamespace,
    pools,
    peers,
    bgpAdvertisements,
    bfdProfiles,
    nodes,
    services,
    frrConfigurations,
  };
}
