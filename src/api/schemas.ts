// JSON schemas (the structural OpenAPI v3 subset Kubernetes CRDs use) of every
// resource the project reads or defines. One source serves two ends:
//  - scripts/gen-validators.ts compiles them with ajv into standalone
//    validators at build time, closing every object (unknown fields are errors);
//  - the CRDs the function emits embed the frr-k8s ones as they are (open
//    objects, as a structural schema must be).
// Only the build script and the CRD emitter import this file; the function's
// start-up path never does.

export type Schema = Record<string, unknown>;

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const bool = (): Schema => ({ type: 'boolean' });
const int = (minimum?: number, maximum?: number, format = 'int32'): Schema => ({
  type: 'integer',
  format,
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});
const arr = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
const obj = (properties: Record<string, Schema>, required?: string[], extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  ...(required ? { required } : {}),
  ...extra,
});
const strings = (): Schema => arr(str());
const asn = (minimum = 0): Schema => int(minimum, 4294967295, 'int64');

export const labelSelector: Schema = obj({
  matchLabels: { type: 'object', additionalProperties: str() },
  matchExpressions: arr(
    obj({ key: str(), operator: str(), values: arr(str(), { 'x-kubernetes-list-type': 'atomic' }) }, ['key', 'operator']),
    { 'x-kubernetes-list-type': 'atomic' },
  ),
}, undefined, { 'x-kubernetes-map-type': 'atomic' });

const goDuration = (): Schema => str();

// The envelope of a custom resource; `spec` and `status` are filled per kind.
// status is accepted and ignored: a resource exported from a live cluster has one.
const resource = (spec: Schema, requiredSpec = true): Schema =>
  obj(
    {
      apiVersion: str(),
      kind: str(),
      metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      spec,
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
    requiredSpec ? ['apiVersion', 'kind', 'metadata', 'spec'] : ['apiVersion', 'kind', 'metadata'],
  );

// ---------------------------------------------------------------- MetalLB ---

const bfdFields: Record<string, Schema> = {
  receiveInterval: int(10, 60000),
  transmitInterval: int(10, 60000),
  detectMultiplier: int(2, 255),
  echoInterval: int(10, 60000),
  echoMode: bool(),
  passiveMode: bool(),
  minimumTtl: int(1, 254),
};

export const metallbSchemas: Record<string, Schema> = {
  IPAddressPool_v1beta1: resource(obj({
    addresses: strings(),
    autoAssign: bool(),
    avoidBuggyIPs: bool(),
    serviceAllocation: obj({
      priority: { type: 'integer' },
      namespaces: strings(),
      namespaceSelectors: arr(labelSelector),
      serviceSelectors: arr(labelSelector),
    }),
  }, ['addresses'])),

  BGPPeer_v1beta2: resource(obj({
    myASN: asn(),
    peerASN: asn(),
    dynamicASN: str({ enum: ['internal', 'external'] }),
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
  }, ['myASN'])),

  // v1beta1 is read and converted to v1beta2 the way MetalLB's conversion
  // webhook does; its node selectors require values on every expression.
  BGPPeer_v1beta1: resource(obj({
    myASN: asn(),
    peerASN: asn(),
    peerAddress: str(),
    sourceAddress: str(),
    peerPort: int(0, 16384, 'int32'),
    holdTime: goDuration(),
    keepaliveTime: goDuration(),
    routerID: str(),
    nodeSelectors: arr(obj({
      matchLabels: { type: 'object', additionalProperties: str() },
      matchExpressions: arr(obj({ key: str(), operator: str(), values: arr(str(), { minItems: 1 }) }, ['key', 'operator', 'values'])),
    })),
    password: str(),
    bfdProfile: str(),
    ebgpMultiHop: bool(),
  }, ['myASN', 'peerASN', 'peerAddress'])),

  BGPAdvertisement_v1beta1: resource(obj({
    aggregationLength: int(1),
    aggregationLengthV6: int(),
    localPref: int(0, 4294967295, 'int64'),
    communities: strings(),
    ipAddressPools: strings(),
    ipAddressPoolSelectors: arr(labelSelector),
    nodeSelectors: arr(labelSelector),
    peers: strings(),
    serviceSelectors: arr(labelSelector),
  }), false),

  L2Advertisement_v1beta1: resource(obj({
    ipAddressPools: strings(),
    ipAddressPoolSelectors: arr(labelSelector),
    nodeSelectors: arr(labelSelector),
    interfaces: strings(),
    serviceSelectors: arr(labelSelector),
    preferredNodeSelectors: arr(obj({ weight: int(1, 100), preference: labelSelector }, ['weight', 'preference'])),
  }), false),

  Community_v1beta1: resource(obj({
    communities: arr(obj({ name: str(), value: str() })),
  }), false),

  BFDProfile_v1beta1: resource(obj(bfdFields), false),
};

// ---------------------------------------------------------------- frr-k8s ---

const duration = (): Schema => str();

const neighbor: Schema = obj({
  asn: asn(),
  dynamicASN: str({ enum: ['internal', 'external'] }),
  localASN: asn(1),
  sourceaddress: str(),
  address: str(),
  interface: str(),
  port: int(0, 16384, 'int32'),
  password: str(),
  passwordSecret: obj({ name: str(), namespace: str() }, undefined, { 'x-kubernetes-map-type': 'atomic' }),
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
  toAdvertise: obj({
    allowed: obj({ prefixes: strings(), mode: str({ enum: ['all', 'filtered'], default: 'filtered' }) }),
    withLocalPref: arr(obj({ prefixes: arr(str(), { minItems: 1 }), localPref: int(0, 4294967295, 'int64') }, ['prefixes', 'localPref'])),
    withCommunity: arr(obj({ prefixes: arr(str(), { minItems: 1 }), community: str() }, ['prefixes', 'community'])),
    nextHop: obj({ ipv4: str({ format: 'ipv4' }), ipv6: str({ format: 'ipv6' }) }),
  }),
  toReceive: obj({
    allowed: obj({
      prefixes: arr(obj({ prefix: str(), le: int(1, 128), ge: int(1, 128) }, ['prefix'])),
      mode: str({ enum: ['all', 'filtered'], default: 'filtered' }),
    }),
  }),
  // Defaults as in upstream's CRD, so that stored objects look the same under either.
  disableMP: { ...bool(), default: false },
  dualStackAddressFamily: { ...bool(), default: false },
  addressFamilies: arr(str({ enum: ['unicast', 'evpn'] }), { maxItems: 2, default: ['unicast'] }),
});

const router: Schema = obj({
  asn: asn(),
  id: str(),
  vrf: str(),
  neighbors: arr(neighbor),
  prefixes: strings(),
  imports: arr(obj({ vrf: str() })),
  // EVPN is accepted so that upstream objects validate, and refused by the
  // renderer with a clear message.
  evpn: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
}, ['asn']);

export const frrConfigurationSpec: Schema = obj({
  bgp: obj({
    routers: arr(router, { maxItems: 50 }),
    bfdProfiles: arr(obj({ name: str(), ...bfdFields }, ['name'])),
  }),
  raw: obj({ priority: { type: 'integer' }, rawConfig: str() }),
  nodeSelector: labelSelector,
});

export const frrNodeStateStatus: Schema = obj({
  runningConfig: str(),
  lastConversionResult: str(),
  lastReloadResult: str(),
});

export const frrk8sSchemas: Record<string, Schema> = {
  FRRConfiguration_v1beta1: resource(frrConfigurationSpec, false),
};

// ------------------------------------------------------- functionConfig ---

// fn.metallb-frr.dev/v1alpha1 MetalLBFRR (see fn/config.ts and fn/README.md).
// Resource quantities are strings or numbers; fn/config.ts checks their form.
const quantities: Schema = { type: 'object', additionalProperties: {} };
const resourceRequirements: Schema = obj({ requests: quantities, limits: quantities });

// The manifests the function emits besides FRRConfigurations (src/compile/manifests.ts).
export const manifestsSpec: Schema = obj({
  enabled: bool(),
  namespace: bool(),
  crds: bool(),
  rbac: bool(),
  daemonSet: bool(),
  images: obj({ frr: str(), agent: str() }),
  imagePullPolicy: str({ enum: ['Always', 'IfNotPresent', 'Never'] }),
  logLevel: str({ enum: ['debug', 'info', 'warn', 'error'] }),
  priorityClassName: str(),
  nodeSelector: { type: 'object', additionalProperties: str() },
  tolerations: arr(obj({
    key: str(),
    operator: str({ enum: ['Exists', 'Equal'] }),
    value: str(),
    effect: str({ enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] }),
    tolerationSeconds: int(undefined, undefined, 'int64'),
  })),
  resources: obj({ frr: resourceRequirements, reloader: resourceRequirements, agent: resourceRequirements }),
});

export const fnConfigSpec: Schema = obj({
  metallbNamespace: str(),
  frrk8sNamespace: str(),
  advertise: str({ enum: ['pools', 'services'] }),
  allowDefaultRoute: bool(),
  manifests: manifestsSpec,
});

export const fnConfigSchemas: Record<string, Schema> = {
  MetalLBFRR_v1alpha1: resource(fnConfigSpec, false),
};

export const allSchemas: Record<string, Schema> = {
  ...metallbSchemas,
  ...frrk8sSchemas,
  ...fnConfigSchemas,
};
