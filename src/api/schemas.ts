// JSON schemas (the structural OpenAPI v3 subset Kubernetes CRDs use) of every
// resource the project reads or defines, written with TypeBox so that the
// TypeScript types of these resources are derived from them (Static<>, in
// metallb.ts, frrk8s.ts, k8s.ts, and the function's configuration): one
// source for the shape, the checks and the types. One source serves three ends:
//  - scripts/gen-validators.mjs compiles them with ajv into standalone
//    validators at build time (src/api/generated/validators.js), closing
//    every object (unknown fields are errors); each is a type guard for the
//    type derived here;
//  - the same script writes the frr-k8s schemas the function's CRDs embed as
//    plain data (src/api/generated/crd-schemas.js), open objects as a
//    structural schema must be;
//  - the types: everything else imports this file with `import type` only.
// So TypeBox never runs when the function or the agent starts: only the
// build script executes this file (see plainSchema).
//
// Fields are optional unless an object's `required` list (obj's second
// argument) names them, as in a CRD.
import {
  Type,
  type ArrayOptions,
  type ObjectOptions,
  type Static,
  type StringOptions,
  type TObject,
  type TOptional,
  type TProperties,
  type TSchema,
} from '@sinclair/typebox';
import { LOG_LEVELS } from './agent.ts';
import type { BFDSetting } from './bfd.ts';
import { ADVERTISE_MODES, METALLB_RESOURCES_MODES, OTHER_NAMESPACES_MODES } from './fnconfig.ts';
import type { ObjectMeta } from './k8s.ts';

/** A schema as plain JSON data (what the CRD emitter and ajv see). */
export type Schema = Record<string, unknown>;

/** Properties not in `R` become optional, as a CRD's `required` list says. */
type WithRequired<P extends TProperties, R extends keyof P> = { [K in keyof P]: K extends R ? P[K] : TOptional<P[K]> };

const str = (extra: StringOptions = {}) => Type.String(extra);
/** A string out of a fixed list; the type is the list's union. */
const oneOf = <const T extends readonly string[]>(values: T, extra: Schema = {}) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...extra });
const bool = (extra: Schema = {}) => Type.Boolean(extra);
const int = (minimum?: number, maximum?: number, format = 'int32') =>
  Type.Integer({ format, ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }) });
const arr = <T extends TSchema>(items: T, extra: ArrayOptions = {}) => Type.Array(items, extra);
function obj<P extends TProperties, R extends keyof P & string = never>(properties: P, required: readonly R[] = [], extra?: ObjectOptions): TObject<WithRequired<P, R>> {
  const props: TProperties = {};
  for (const [k, s] of Object.entries(properties)) props[k] = (required as readonly string[]).includes(k) ? s : Type.Optional(s);
  return Type.Object(props, extra) as TObject<WithRequired<P, R>>;
}
const strings = () => arr(str());
const asn = (minimum = 0) => int(minimum, 4294967295, 'int64');
/** A map of strings (labels, node selectors). */
const stringMap = () => Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: str() });
/** An object whose content is not checked here. */
const openObject = () => Type.Unsafe<Record<string, unknown>>({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
/** Metadata: the API server's to check; typed as the project reads it. */
const metadata = () => Type.Unsafe<ObjectMeta>({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });

export const labelSelector = obj({
  matchLabels: stringMap(),
  matchExpressions: arr(
    obj({ key: str(), operator: str(), values: arr(str(), { 'x-kubernetes-list-type': 'atomic' }) }, ['key', 'operator']),
    { 'x-kubernetes-list-type': 'atomic' },
  ),
}, [], { 'x-kubernetes-map-type': 'atomic' });

const goDuration = () => str();

// The envelope of a custom resource; `spec` and `status` are filled per kind.
// status is accepted and ignored: a resource exported from a live cluster has one.
const envelope = <S extends TSchema>(spec: S) => ({
  apiVersion: str(),
  kind: str(),
  metadata: metadata(),
  spec,
  status: openObject(),
});
const resource = <S extends TSchema>(spec: S) => obj(envelope(spec), ['apiVersion', 'kind', 'metadata', 'spec']);
/** A resource whose spec may be left out (every field of it is optional). */
const resourceSpecOptional = <S extends TSchema>(spec: S) => obj(envelope(spec), ['apiVersion', 'kind', 'metadata']);

// ---------------------------------------------------------------- MetalLB ---

const bfdFields = {
  receiveInterval: int(10, 60000),
  transmitInterval: int(10, 60000),
  detectMultiplier: int(2, 255),
  echoInterval: int(10, 60000),
  echoMode: bool(),
  passiveMode: bool(),
  minimumTtl: int(1, 254),
} satisfies Record<BFDSetting, TSchema>;

export const bfdSettings = obj(bfdFields);

const ipAddressPool = resource(obj({
  addresses: strings(),
  autoAssign: bool(),
  avoidBuggyIPs: bool(),
  serviceAllocation: obj({
    priority: Type.Integer(),
    namespaces: strings(),
    namespaceSelectors: arr(labelSelector),
    serviceSelectors: arr(labelSelector),
  }),
}, ['addresses']));

const bgpPeerV1beta2 = resource(obj({
  myASN: asn(),
  peerASN: asn(),
  dynamicASN: oneOf(['internal', 'external']),
  localASN: asn(1),
  peerAddress: str(),
  interface: str(),
  sourceAddress: str(),
  peerPort: int(1, 16384, 'int32'),
  holdTime: goDuration(),
  keepaliveTime: goDuration(),
  connectTime: goDuration(),
  routerID: str(),
  nodeSelectors: arr(labelSelector),
  password: str(),
  passwordSecret: obj({ name: str(), namespace: str() }),
  bfdProfile: str(),
  enableGracefulRestart: bool(),
  ebgpMultiHop: bool(),
  vrf: str(),
  disableMP: bool(),
  dualStackAddressFamily: bool(),
}, ['myASN']));

// v1beta1 is read and converted to v1beta2 the way MetalLB's conversion
// webhook does; its node selectors require values on every expression.
const bgpPeerV1beta1 = resource(obj({
  myASN: asn(),
  peerASN: asn(),
  peerAddress: str(),
  sourceAddress: str(),
  peerPort: int(0, 16384, 'int32'),
  holdTime: goDuration(),
  keepaliveTime: goDuration(),
  routerID: str(),
  nodeSelectors: arr(obj({
    matchLabels: stringMap(),
    matchExpressions: arr(obj({ key: str(), operator: str(), values: arr(str(), { minItems: 1 }) }, ['key', 'operator', 'values'])),
  })),
  password: str(),
  bfdProfile: str(),
  ebgpMultiHop: bool(),
}, ['myASN', 'peerASN', 'peerAddress']));

const bgpAdvertisement = resourceSpecOptional(obj({
  aggregationLength: int(1),
  aggregationLengthV6: int(),
  localPref: int(0, 4294967295, 'int64'),
  communities: strings(),
  ipAddressPools: strings(),
  ipAddressPoolSelectors: arr(labelSelector),
  nodeSelectors: arr(labelSelector),
  peers: strings(),
  serviceSelectors: arr(labelSelector),
}));

const l2Advertisement = resourceSpecOptional(obj({
  ipAddressPools: strings(),
  ipAddressPoolSelectors: arr(labelSelector),
  nodeSelectors: arr(labelSelector),
  interfaces: strings(),
  serviceSelectors: arr(labelSelector),
  preferredNodeSelectors: arr(obj({ weight: int(1, 100), preference: labelSelector }, ['weight', 'preference'])),
}));

const community = resourceSpecOptional(obj({
  communities: arr(obj({ name: str(), value: str() })),
}));

const bfdProfile = resourceSpecOptional(bfdSettings);

export const metallbSchemas = {
  IPAddressPool_v1beta1: ipAddressPool,
  BGPPeer_v1beta2: bgpPeerV1beta2,
  BGPPeer_v1beta1: bgpPeerV1beta1,
  BGPAdvertisement_v1beta1: bgpAdvertisement,
  L2Advertisement_v1beta1: l2Advertisement,
  Community_v1beta1: community,
  BFDProfile_v1beta1: bfdProfile,
};

// ---------------------------------------------------------------- frr-k8s ---

const duration = () => str();
const allowMode = () => oneOf(['all', 'filtered'], { default: 'filtered' });

const secretReference = obj({ name: str(), namespace: str() }, [], { 'x-kubernetes-map-type': 'atomic' });

const advertise = obj({
  allowed: obj({ prefixes: strings(), mode: allowMode() }),
  withLocalPref: arr(obj({ prefixes: arr(str(), { minItems: 1 }), localPref: int(0, 4294967295, 'int64') }, ['prefixes', 'localPref'])),
  withCommunity: arr(obj({ prefixes: arr(str(), { minItems: 1 }), community: str() }, ['prefixes', 'community'])),
  nextHop: obj({ ipv4: str({ format: 'ipv4' }), ipv6: str({ format: 'ipv6' }) }),
});

const prefixSelector = obj({ prefix: str(), le: int(1, 128), ge: int(1, 128) }, ['prefix']);

const receive = obj({
  allowed: obj({
    prefixes: arr(prefixSelector),
    mode: allowMode(),
  }),
});

const neighbor = obj({
  asn: asn(),
  dynamicASN: oneOf(['internal', 'external']),
  localASN: asn(1),
  sourceaddress: str(),
  address: str(),
  interface: str(),
  port: int(0, 16384, 'int32'),
  password: str(),
  passwordSecret: secretReference,
  holdTime: duration(),
  keepaliveTime: duration(),
  // As upstream's CRD: whole seconds from 1 to 65535 (checked by the API server).
  connectTime: str({
    'x-kubernetes-validations': [
      { rule: 'duration(self).getSeconds() >= 1 && duration(self).getSeconds() <= 65535', message: 'must be from 1s to 65535s' },
      { rule: 'duration(self).getMilliseconds() % 1000 == 0', message: 'must be a whole number of seconds' },
    ],
  }),
  ebgpMultiHop: bool(),
  bfdProfile: str(),
  enableGracefulRestart: bool(),
  toAdvertise: advertise,
  toReceive: receive,
  // Defaults as in upstream's CRD, so that stored objects look the same under either.
  disableMP: bool({ default: false }),
  dualStackAddressFamily: bool({ default: false }),
  addressFamilies: arr(oneOf(['unicast', 'evpn']), { maxItems: 2, default: ['unicast'] }),
});

const router = obj({
  asn: asn(),
  id: str(),
  vrf: str(),
  neighbors: arr(neighbor),
  prefixes: strings(),
  imports: arr(obj({ vrf: str() })),
  // EVPN is accepted so that upstream objects validate, and refused by the
  // renderer with a clear message.
  evpn: openObject(),
}, ['asn']);

export const frrConfigurationSpec = obj({
  bgp: obj({
    routers: arr(router, { maxItems: 50 }),
    bfdProfiles: arr(obj({ name: str(), ...bfdFields }, ['name'])),
  }),
  raw: obj({ priority: Type.Integer(), rawConfig: str() }),
  nodeSelector: labelSelector,
});

export const frrNodeStateStatus = obj({
  runningConfig: str(),
  lastConversionResult: str(),
  lastReloadResult: str(),
});

/** BGPSessionState's status, as upstream's CRD has it; the agent writes it (src/agent/sessions.ts). */
export const bgpSessionStateStatus = obj({
  node: str(),
  peer: str(),
  vrf: str(),
  bgpStatus: str(),
  bfdStatus: str(),
});

const frrConfiguration = resourceSpecOptional(frrConfigurationSpec);

export const frrk8sSchemas = {
  FRRConfiguration_v1beta1: frrConfiguration,
};

/** The frr-k8s schemas the function's CRDs embed (src/compile/manifests-crds.ts). */
export const crdSchemas = { frrConfigurationSpec, frrNodeStateStatus, bgpSessionStateStatus };

// ------------------------------------------------------- functionConfig ---

// fn.metallb-frr.dev/v1alpha1 MetalLBFRR (defaults: src/compile/options.ts; reading: src/compile/function-config.ts; fn/README.md).
// Resource quantities are strings or numbers; src/compile/options-check.ts checks their form.
const quantities = () => Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: {} });
const resourceRequirements = () => obj({ requests: quantities(), limits: quantities() });

// The manifests the function emits besides FRRConfigurations (src/compile/manifests.ts).
export const manifestsSpec = obj({
  /** false: no manifest at all, only FRRConfigurations. */
  enabled: bool(),
  namespace: bool(),
  crds: bool(),
  rbac: bool(),
  daemonSet: bool(),
  images: obj({ frr: str(), agent: str() }),
  imagePullPolicy: oneOf(['Always', 'IfNotPresent', 'Never']),
  /** The agent's log level, and FRR's (debug turns FRR's debug logs on). */
  logLevel: oneOf(LOG_LEVELS),
  /** Empty: none. */
  priorityClassName: str(),
  nodeSelector: stringMap(),
  tolerations: arr(obj({
    key: str(),
    operator: oneOf(['Exists', 'Equal']),
    value: str(),
    effect: oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
    tolerationSeconds: int(undefined, undefined, 'int64'),
  })),
  resources: obj({ frr: resourceRequirements(), reloader: resourceRequirements(), agent: resourceRequirements() }),
  /** The agent's ports on the node (host network): health on the loopback, metrics on the node's address. */
  ports: obj({ health: int(1, 65535), metrics: int(1, 65535) }),
  /** Node architectures the pods may run on (kubernetes.io/arch): those both images are built for. Empty: no such affinity. */
  architectures: arr(str()),
});

export const fnConfigSpec = obj({
  metallbNamespace: str(),
  frrk8sNamespace: str(),
  advertise: oneOf(ADVERTISE_MODES),
  /** MetalLB resources outside metallbNamespace: an error (default), or left out with an info. */
  otherNamespaces: oneOf(OTHER_NAMESPACES_MODES),
  /** No BGPPeer and no IPAddressPool while manifests are emitted is an error (a wrong path, an empty app) unless true. */
  allowEmpty: bool(),
  /** A pool of every address (0.0.0.0/0, ::/0) is an error (a default route to the fabric) unless true. */
  allowDefaultRoute: bool(),
  /** Which MetalLB resources reach the cluster: all, or only what MetalLB's controller reads (src/api/fnconfig.ts). */
  metallbResources: oneOf(METALLB_RESOURCES_MODES),
  /** The manifests besides FRRConfigurations (src/compile/manifests.ts), defaults filled in. */
  manifests: manifestsSpec,
  /** Add each node's frr.conf as a local-config object under generated/preview/ (src/compile/preview.ts). */
  preview: bool(),
  /**
   * The largest object the API server takes (etcd's --max-request-bytes,
   * 1.5 MiB by default), as JSON: a generated object over it is an error.
   * Bytes, or a quantity (1536Ki, 3Mi); "0": no limit.
   */
  maxObjectSize: str(),
});

export const fnConfigSchemas = {
  MetalLBFRR_v1alpha1: resourceSpecOptional(fnConfigSpec),
};

/** Every schema with a generated validator, named Kind_version. */
export const allSchemas = {
  ...metallbSchemas,
  ...frrk8sSchemas,
  ...fnConfigSchemas,
};

/** The type each validator accepts, by validator name. */
export type SchemaTypes = { [N in keyof typeof allSchemas]: Static<(typeof allSchemas)[N]> };

// ------------------------------------------------------------ plain data ---

// Keywords in the order the CRDs show them: a schema written with TypeBox
// puts its options first and `required` before `properties`.
const KEYWORD_ORDER = [
  'type',
  'format',
  'minimum',
  'maximum',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
  'enum',
  'default',
];

/** `s` as plain JSON data: TypeBox's symbols dropped, keywords in CRD order. */
export function plainSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(plainSchema);
  if (!s || typeof s !== 'object') return s;
  const rank = (k: string) => (KEYWORD_ORDER.includes(k) ? KEYWORD_ORDER.indexOf(k) : KEYWORD_ORDER.length);
  const keys = Object.keys(s).sort((a, b) => rank(a) - rank(b));
  const out: Schema = {};
  for (const k of keys) {
    const v = (s as Schema)[k];
    out[k] = k === 'enum' || k === 'default' ? structuredClone(v) : k === 'properties' ? plainProperties(v as Schema) : plainSchema(v);
  }
  return out;
}

function plainProperties(props: Schema): Schema {
  const out: Schema = {};
  for (const [name, p] of Object.entries(props)) out[name] = plainSchema(p);
  return out;
}
