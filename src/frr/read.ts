// One FRRConfiguration, checked and put in canonical form, before it meets
// the others. Everything frr-k8s checks per configuration is checked here
// (api_to_config.go): a neighbour names an address or an interface, an ASN or
// a dynamic ASN; timers come in pairs; a BFD profile a neighbour uses is
// defined in the same configuration; a neighbour advertises only prefixes of
// its router (or of the VRFs the router imports, declared in the same
// configuration), in the address families it carries; local preferences and
// communities apply to advertised prefixes only. Where FRR itself would
// refuse a value that frr-k8s lets through (a hold time of 2 s, `le` longer
// than the address, a space in a password, port 0), it is refused here, in
// words; `ge`/`le` equal to the prefix length, which FRR refuses but which
// mean something, are written the way FRR takes them. Also refused: prefixes
// with host bits set (frr-k8s passes them on as written). Timers are
// truncated to whole seconds, as frr-k8s does.
import { parseCommunity, type ParsedCommunity } from '../api/community.ts';
import type { Diagnostics, Severity } from '../api/diagnostic.ts';
import type { BFDProfile, FRRConfiguration, Neighbor, Router } from '../api/frrk8s.ts';
import type { ObjectRef } from '../api/k8s.ts';
import { bitsOf, familyOfText, readAddress, readPrefix, type Family } from '../api/ip.ts';
import {
  DEFAULT_CONNECT_TIME,
  DEFAULT_HOLD_TIME,
  DEFAULT_KEEPALIVE_TIME,
  DEFAULT_PORT,
  describeNeighbor,
  type MergedBFDProfile,
  type NeighborFamily,
  type PasswordSpec,
  type PeerASN,
  type PrefixFilter,
  type RawSnippet,
} from './model.ts';
import { BFD_NUMBER_SETTINGS, pickBFDSettings } from '../api/bfd.ts';
import { interfaceNameProblem, passwordProblem, wordProblem } from '../api/frr-input.ts';
import { SecretText } from '../api/secret.ts';
import { bad, ok, type FieldProblem, type Parsed } from '../api/parsed.ts';
import { connectTime as readConnectTime, holdKeepalive, MAX_TIMER_SECONDS, wholeSeconds, type ConnectTimeProblem, type TimersProblem } from '../api/timers.ts';

/** One configuration, read. */
export interface ConfigPart {
  ref: ObjectRef;
  routers: RouterPart[];
  bfdProfiles: MergedBFDProfile[];
  raw?: RawSnippet;
}

export interface RouterPart {
  path: string;
  ref: ObjectRef;
  vrf: string;
  asn: number;
  routerId?: string;
  prefixes: string[];
  /** Imported VRFs, '' for the default one. */
  imports: string[];
  neighbors: NeighborPart[];
}

/** A field's value and whether the object set it (or it is the default). */
export interface Valued<T> {
  value: T;
  explicit: boolean;
}

export interface NeighborPart {
  path: string;
  ref: ObjectRef;
  peer: string;
  kind: 'address' | 'interface';
  family: NeighborFamily;
  asn: PeerASN;
  localASN: Valued<number | undefined>;
  port: Valued<number>;
  holdTime: Valued<number>;
  keepaliveTime: Valued<number>;
  connectTime: Valued<number>;
  ebgpMultiHop: Valued<boolean>;
  gracefulRestart?: boolean;
  bfdProfile?: string;
  sourceAddress: Valued<string | undefined>;
  password: Valued<PasswordSpec | undefined>;
  dualStack: boolean;
  advertiseV4: string[];
  advertiseV6: string[];
  /** prefix → local preference, with the field that set it. */
  localPrefs: Map<string, { localPref: number; field: string }>;
  /** canonical community → its parsed form and prefixes. */
  communities: Map<string, { community: ParsedCommunity; prefixes: string[] }>;
  nextHopV4?: { value: string; field: string };
  nextHopV6?: { value: string; field: string };
  receiveAll: boolean;
  receive: PrefixFilter[];
}

const MAX_ASN = 4294967295;

/**
 * Reads one structurally valid configuration; adds a diagnostic per problem:
 * its raw configuration, BFD profiles, then each router (its own fields
 * first, for every router, since imports name other routers' VRFs), its
 * imports and its neighbours.
 */
export function readConfig(cfg: FRRConfiguration, ref: ObjectRef, diags: Diagnostics): ConfigPart {
  const spec = cfg.spec ?? {};
  const raw = readRaw(spec.raw, ref, diags);
  const bfdProfiles = readBFDProfiles(spec.bgp?.bfdProfiles ?? [], ref, diags);
  const bfdNames = new Map(bfdProfiles.map((b) => [b.name, b.origin.field]));
  const part: ConfigPart = { ref, routers: [], bfdProfiles, ...(raw ? { raw } : {}) };

  const routers = spec.bgp?.routers ?? [];
  const heads = routers.map((r, i) => readRouterHead(r, `spec.bgp.routers[${i}]`, ref, diags));
  // Prefixes per VRF of this configuration, for imports (frr-k8s resolves
  // imports within the configuration that declares them).
  const prefixesOfVRF = new Map<string, string[]>();
  for (const { head } of heads) {
    const list = prefixesOfVRF.get(head.vrf) ?? [];
    for (const p of head.prefixes) list.push(p); // not push(...): a router can have 10^5 prefixes
    prefixesOfVRF.set(head.vrf, list);
  }
  const namespace = cfg.metadata?.namespace ?? '';
  routers.forEach((r, i) => {
    const { head, usable } = heads[i];
    const advertisable = readImports(r.imports ?? [], head, prefixesOfVRF, diags);
    (r.neighbors ?? []).forEach((n, j) => {
      const nb = readNeighbor(n, `${head.path}.neighbors[${j}]`, { ref, namespace, router: head, advertisable, bfdNames }, diags);
      if (nb) head.neighbors.push(nb);
    });
    if (usable) part.routers.push(head);
  });
  return part;
}

/** Raw configuration, appended to frr.conf as written: text FRR can read line by line. */
function readRaw(raw: NonNullable<FRRConfiguration['spec']>['raw'], ref: ObjectRef, diags: Diagnostics): RawSnippet | undefined {
  const text = raw?.rawConfig;
  if (text === undefined) return undefined;
  // FRR reads its configuration line by line, as text: a control character
  // (a CR from CRLF line ends, an escape) makes a line it refuses, and hides
  // a secret keyword from redaction (`p\rassword S` shows as `assword S`).
  const control = text.search(/[\x00-\x08\x0b-\x1f\x7f]/);
  if (control >= 0) {
    const line = text.slice(0, control).split('\n').length;
    diags.error(ref, 'spec.raw.rawConfig', `line ${line} has a control character (such as a CR of CRLF line ends) that FRR's configuration cannot carry; use plain text with LF line ends`);
    return undefined;
  }
  if (text.trim() === '') return undefined;
  // render.ts sets coalesce-time 0 to avoid FRR < 10.3 keeping withdrawn
  // prefixes announced (see COALESCE_TIME there); raw text can undo that.
  if (/^\s*coalesce-time\b/m.test(text)) {
    diags.warning(ref, 'spec.raw.rawConfig', 'sets coalesce-time: with a non-zero value, FRR before 10.3 may keep announcing a prefix removed within that time after a session comes up');
  }
  return { priority: raw?.priority ?? 0, text, origin: { ref, field: 'spec.raw.rawConfig' } };
}

/** BFD profiles by name, each defined once in a configuration; echo and passive mode defaulted. */
function readBFDProfiles(profiles: BFDProfile[], ref: ObjectRef, diags: Diagnostics): MergedBFDProfile[] {
  const out: MergedBFDProfile[] = [];
  const seen = new Map<string, string>();
  profiles.forEach((b, i) => {
    const path = `spec.bgp.bfdProfiles[${i}]`;
    const problem = wordProblem(b.name);
    const earlier = seen.get(b.name);
    if (problem) return diags.error(ref, `${path}.name`, `BFD profile name ${problem}`);
    if (earlier !== undefined) return diags.error(ref, `${path}.name`, `BFD profile "${b.name}" is defined twice in this configuration (also ${earlier})`);
    seen.set(b.name, path);
    out.push({ name: b.name, echoMode: b.echoMode ?? false, passiveMode: b.passiveMode ?? false, origin: { ref, field: path }, ...pickBFDSettings(b, BFD_NUMBER_SETTINGS) });
  });
  return out;
}

/**
 * A router's own fields (not its neighbours). `usable` is false when the
 * router cannot be merged; its neighbours are still read, for their own
 * problems.
 */
function readRouterHead(r: Router, path: string, ref: ObjectRef, diags: Diagnostics): { head: RouterPart; usable: boolean } {
  const vrf = r.vrf === 'default' ? '' : r.vrf ?? ''; // FRR's name for the default VRF
  const vrfProblem = vrf === '' ? undefined : interfaceNameProblem(vrf);
  const routerId = r.id === undefined || r.id === '' ? undefined : readAddress(r.id);
  const problems: FieldProblem[] = [];
  if (!(r.asn >= 1 && r.asn <= MAX_ASN)) problems.push({ field: 'asn', message: `router ASN must be between 1 and ${MAX_ASN}` });
  if (vrfProblem) problems.push({ field: 'vrf', message: `VRF name ${vrfProblem}` });
  if (routerId && (!routerId.ok || routerId.value.family !== 4)) problems.push({ field: 'id', message: `router ID "${r.id}" must be an IPv4 address` });
  if (r.evpn !== undefined) problems.push({ field: 'evpn', message: 'EVPN is not supported by metallb-frr\'s renderer; remove evpn or let frr-k8s render this configuration' });
  // A loop, not map and filter: a router can have 10^5 prefixes.
  const prefixes: string[] = [];
  (r.prefixes ?? []).forEach((text, k) => {
    const p = readPrefix(text);
    if (p.ok) prefixes.push(p.value.text);
    else problems.push({ field: `prefixes[${k}]`, message: p.problem });
  });
  for (const p of problems) diags.error(ref, `${path}.${p.field}`, p.message);
  const head: RouterPart = { path, ref, vrf, asn: r.asn, prefixes, imports: [], neighbors: [] };
  if (routerId?.ok && routerId.value.family === 4) head.routerId = routerId.value.text;
  return { head, usable: problems.length === 0 };
}

/**
 * The router's imports (into head.imports, '' for the default VRF), and the
 * prefixes its neighbours may be sent: its own and those of the VRFs it
 * imports.
 */
function readImports(imports: NonNullable<Router['imports']>, head: RouterPart, prefixesOfVRF: Map<string, string[]>, diags: Diagnostics): Set<string> {
  const advertisable = new Set(head.prefixes);
  imports.forEach((imp, k) => {
    const field = `${head.path}.imports[${k}].vrf`;
    const name = imp.vrf ?? '';
    const vrf = name === 'default' ? '' : name;
    const imported = prefixesOfVRF.get(vrf);
    if (name === '') return diags.error(head.ref, field, 'an import needs the name of a VRF ("default" for the default VRF)');
    if (vrf === head.vrf) return diags.error(head.ref, field, `a router cannot import its own VRF ("${name}")`);
    if (!imported) return diags.error(head.ref, field, `VRF "${name}" is imported but this configuration has no router for it (frr-k8s resolves imports within one configuration)`);
    head.imports.push(vrf); // merge keeps each once
    for (const p of imported) advertisable.add(p);
  });
  return advertisable;
}

interface NeighborContext {
  ref: ObjectRef;
  namespace: string;
  router: RouterPart;
  /** Prefixes of the router and of the VRFs it imports. */
  advertisable: Set<string>;
  bfdNames: Map<string, string>;
}

/** What the steps of reading a neighbour return: the value, or every problem (fields relative to the neighbour). */
type Step<T> = Parsed<T, FieldProblem[]>;

const refuse = (field: string | undefined, message: string): { ok: false; problem: FieldProblem[] } => bad([{ ...(field ? { field } : {}), message }]);
const NONE: readonly FieldProblem[] = [];
const problemsOf = (step: Step<unknown>): readonly FieldProblem[] => (step.ok ? NONE : step.problem);
const unset = <T>(value: T): Valued<T> => ({ value, explicit: false });
const set = <T>(value: T): Valued<T> => ({ value, explicit: true });
// The steps' results for fields left out, shared: a node can have thousands of neighbours.
const DEFAULTS = {
  localASN: ok(unset(undefined)),
  port: ok(unset(DEFAULT_PORT)),
  timers: ok({ holdTime: unset(DEFAULT_HOLD_TIME), keepaliveTime: unset(DEFAULT_KEEPALIVE_TIME) }),
  connectTime: ok(unset(DEFAULT_CONNECT_TIME)),
  password: ok(unset(undefined)),
  sourceAddress: ok(unset(undefined)),
  bfdProfile: ok(undefined),
};

/**
 * One neighbour, read in the steps of frr-k8s' neighborToFRR: who it is, its
 * AS numbers, port, timers, password, source address, BFD profile, address
 * families, what the node advertises to it and what it accepts from it.
 * Every step's problems are reported, in that order (frr-k8s stops at the
 * first); undefined when there is any.
 */
function readNeighbor(n: Neighbor, path: string, ctx: NeighborContext, diags: Diagnostics): NeighborPart | undefined {
  const identity = identityOf(n);
  // The steps after it word their problems with the neighbour's name and the
  // families it carries; a neighbour whose identity did not read is named as
  // written and taken as carrying what dualStackAddressFamily says.
  const id: Identity = identity.ok ? identity.value : { peer: '', kind: 'address', family: n.dualStackAddressFamily ? 'dual' : 'ipv4' };
  const who = describeNeighbor(id.peer || n.address || n.interface || '?', ctx.router.vrf);
  const asn = peerASNOf(n, who);
  const localASN = localASNOf(n, ctx.router, asn.ok ? asn.value : 0, who);
  const port = portOf(n);
  const timers = timersOf(n);
  const connectTime = connectTimeOf(n);
  const password = passwordForNeighbor(n, path, ctx);
  const sourceAddress = sourceAddressOf(n);
  const bfdProfile = bfdProfileOf(n, ctx.bfdNames);
  const families = addressFamilyProblems(n);
  const advertise = toAdvertiseToFRR(n.toAdvertise ?? {}, { ...id, who, path, ctx });
  const receive = toReceiveToFRR(n.toReceive);

  const report = (severity: Severity, problems: readonly FieldProblem[]): void => {
    for (const p of problems) diags.add(severity, ctx.ref, p.field ? `${path}.${p.field}` : path, p.message);
  };
  report('error', problemsOf(identity));
  report('error', problemsOf(asn));
  report('error', problemsOf(localASN));
  report('error', problemsOf(port));
  report('error', problemsOf(timers));
  report('error', problemsOf(connectTime));
  report('error', problemsOf(password));
  report('warning', passwordSecretNotes(n, ctx.namespace));
  report('error', problemsOf(sourceAddress));
  report('error', problemsOf(bfdProfile));
  report('error', families);
  report('warning', deprecationNotes(n));
  report('error', problemsOf(advertise));
  report('error', problemsOf(receive));
  if (!identity.ok || !asn.ok || !localASN.ok || !port.ok || !timers.ok || !connectTime.ok || !password.ok) return undefined;
  if (!sourceAddress.ok || !bfdProfile.ok || families.length > 0 || !advertise.ok || !receive.ok) return undefined;
  // Written out, not spread: a node can have thousands of neighbours.
  const { peer, kind, family } = identity.value;
  const adv = advertise.value;
  const part: NeighborPart = {
    path,
    ref: ctx.ref,
    peer,
    kind,
    family,
    asn: asn.value,
    localASN: localASN.value,
    port: port.value,
    holdTime: timers.value.holdTime,
    keepaliveTime: timers.value.keepaliveTime,
    connectTime: connectTime.value,
    ebgpMultiHop: { value: n.ebgpMultiHop ?? false, explicit: n.ebgpMultiHop !== undefined },
    sourceAddress: sourceAddress.value,
    password: password.value,
    dualStack: n.dualStackAddressFamily ?? false,
    advertiseV4: adv.advertiseV4,
    advertiseV6: adv.advertiseV6,
    localPrefs: adv.localPrefs,
    communities: adv.communities,
    receiveAll: receive.value.receiveAll,
    receive: receive.value.receive,
  };
  if (n.enableGracefulRestart !== undefined) part.gracefulRestart = n.enableGracefulRestart;
  if (bfdProfile.value) part.bfdProfile = bfdProfile.value;
  if (adv.nextHopV4) part.nextHopV4 = adv.nextHopV4;
  if (adv.nextHopV6) part.nextHopV6 = adv.nextHopV6;
  return part;
}

/** Who a neighbour is. */
interface Identity {
  peer: string;
  kind: 'address' | 'interface';
  family: NeighborFamily;
}

/**
 * An address or an interface (unnumbered BGP). Interface neighbours and
 * dual-stack ones carry both families.
 */
function identityOf(n: Neighbor): Step<Identity> {
  const address = n.address ?? '';
  const iface = n.interface ?? '';
  if (address === '' && iface === '') return refuse(undefined, 'a neighbor needs an address or an interface');
  if (address !== '' && iface !== '') return refuse('interface', 'address and interface are mutually exclusive');
  if (iface !== '') {
    const problem = interfaceNameProblem(iface);
    return problem ? refuse('interface', `interface ${problem}`) : ok({ peer: iface, kind: 'interface', family: 'dual' });
  }
  const a = readAddress(address);
  if (!a.ok) return refuse('address', a.problem);
  const family = n.dualStackAddressFamily ? 'dual' : a.value.family === 4 ? 'ipv4' : 'ipv6';
  return ok({ peer: a.value.text, kind: 'address', family });
}

/** The peer's AS: a number, or frr-k8s' dynamic modes. */
function peerASNOf(n: Neighbor, who: string): Step<PeerASN> {
  const hasASN = n.asn !== undefined && n.asn !== 0;
  if (hasASN && n.dynamicASN) return refuse('dynamicASN', 'asn and dynamicASN are mutually exclusive');
  if (hasASN) return ok(n.asn!);
  if (n.dynamicASN) return ok(n.dynamicASN);
  return refuse('asn', `${who} needs asn (1-${MAX_ASN}) or dynamicASN (internal, external)`);
}

/** The AS the session shows the peer instead of the router's (eBGP only). */
function localASNOf(n: Neighbor, router: RouterPart, asn: PeerASN, who: string): Step<Valued<number | undefined>> {
  if (n.localASN === undefined) return DEFAULTS.localASN;
  if (asn === router.asn || asn === 'internal') return refuse('localASN', `localASN is not supported for iBGP sessions (${who} is in the router's AS ${router.asn})`);
  if (n.localASN === router.asn) return refuse('localASN', `localASN ${n.localASN} is the router's own ASN; it must differ`);
  if (n.localASN === asn) return refuse('localASN', `localASN ${n.localASN} equals the neighbor's ASN`);
  return ok(set(n.localASN));
}

function portOf(n: Neighbor): Step<Valued<number>> {
  if (n.port === undefined) return DEFAULTS.port;
  if (n.port < 1) return refuse('port', 'port must be between 1 and 16384');
  return ok(set(n.port));
}

/** Hold and keepalive: both or neither, in whole seconds as frr-k8s passes them (src/api/timers.ts). */
function timersOf(n: Neighbor): Step<{ holdTime: Valued<number>; keepaliveTime: Valued<number> }> {
  if (n.holdTime === undefined && n.keepaliveTime === undefined) return DEFAULTS.timers;
  const timers = holdKeepalive({ holdTime: n.holdTime, keepaliveTime: n.keepaliveTime }, 'refuse');
  if (!timers.ok) return bad(timers.problem.map((p) => timersProblemText(p, n)));
  if (!timers.value) return DEFAULTS.timers;
  return ok({ holdTime: set(wholeSeconds(timers.value.hold)), keepaliveTime: set(wholeSeconds(timers.value.keepalive)) });
}

function connectTimeOf(n: Neighbor): Step<Valued<number>> {
  if (n.connectTime === undefined) return DEFAULTS.connectTime;
  const c = readConnectTime(n.connectTime);
  return c.ok ? ok(set(wholeSeconds(c.value))) : refuse('connectTime', CONNECT_TIME_PROBLEMS[c.problem](n.connectTime));
}

/**
 * Cleartext, or a Secret of the FRR-K8s namespace (frr-k8s'
 * passwordForNeighbor reads it there; the renderer resolves it).
 */
function passwordForNeighbor(n: Neighbor, path: string, ctx: NeighborContext): Step<Valued<PasswordSpec | undefined>> {
  const text = n.password ?? '';
  const secretName = n.passwordSecret?.name ?? '';
  if (text !== '' && secretName !== '') return refuse('passwordSecret', 'password and passwordSecret are mutually exclusive');
  if (text !== '') {
    const problem = passwordProblem(text);
    if (problem) return refuse('password', problem);
    return ok(set({ kind: 'text', text: new SecretText(text), origin: { ref: ctx.ref, field: `${path}.password` } }));
  }
  if (secretName !== '') return ok(set({ kind: 'secret', namespace: ctx.namespace, name: secretName, origin: { ref: ctx.ref, field: `${path}.passwordSecret` } }));
  return DEFAULTS.password;
}

/** A passwordSecret read otherwise than written (frr-k8s reads its own namespace), or not at all. */
function passwordSecretNotes(n: Neighbor, namespace: string): readonly FieldProblem[] {
  const secretName = n.passwordSecret?.name ?? '';
  if ((n.password ?? '') !== '' || n.passwordSecret === undefined) return NONE;
  if (secretName === '') return [{ field: 'passwordSecret.name', message: 'passwordSecret has no name, so no password is set' }];
  const ns = n.passwordSecret.namespace;
  if (!ns || ns === namespace) return NONE;
  return [{ field: 'passwordSecret.namespace', message: `frr-k8s reads password Secrets only from its own namespace: namespace "${ns}" is ignored and the Secret is read as ${namespace}/${secretName}` }];
}

/** An address, or an interface whose address the session uses. */
function sourceAddressOf(n: Neighbor): Step<Valued<string | undefined>> {
  const text = n.sourceaddress ?? '';
  if (text === '') return DEFAULTS.sourceAddress;
  const a = readAddress(text);
  if (a.ok) return ok(set(a.value.text));
  if (interfaceNameProblem(text) === undefined) return ok(set(text));
  return refuse('sourceaddress', `sourceaddress "${text}" is neither an IP address nor an interface name`);
}

/** A BFD profile of the same configuration (frr-k8s resolves it there). */
function bfdProfileOf(n: Neighbor, bfdNames: Map<string, string>): Step<string | undefined> {
  if (n.bfdProfile === undefined || n.bfdProfile === '') return DEFAULTS.bfdProfile;
  if (!bfdNames.has(n.bfdProfile)) return refuse('bfdProfile', `BFD profile "${n.bfdProfile}" is not defined in this configuration's spec.bgp.bfdProfiles`);
  return ok(n.bfdProfile);
}

/** Address families beyond unicast: evpn, which the renderer does not write. */
function addressFamilyProblems(n: Neighbor): readonly FieldProblem[] {
  if (n.addressFamilies === undefined) return NONE;
  return n.addressFamilies.flatMap((af, i) => (af === 'evpn' ? [{ field: `addressFamilies[${i}]`, message: 'the evpn address family is not supported by metallb-frr\'s renderer' }] : []));
}

function deprecationNotes(n: Neighbor): readonly FieldProblem[] {
  return n.disableMP ? [{ field: 'disableMP', message: 'disableMP is deprecated and ignored (as by frr-k8s); use dualStackAddressFamily' }] : NONE;
}

// ------------------------------------------------------------ toAdvertise ---

/** The neighbour a toAdvertise or toReceive entry is read for. */
interface Target extends Identity {
  who: string;
  path: string;
  ctx: NeighborContext;
}

type Advertised = Pick<NeighborPart, 'advertiseV4' | 'advertiseV6' | 'localPrefs' | 'communities' | 'nextHopV4' | 'nextHopV6'>;

/** The one family a session carries (asked only of a session that does not carry both). */
const familyName = (f: NeighborFamily): string => (f === 'ipv4' ? 'IPv4' : 'IPv6');
const carries = (f: NeighborFamily, p: Family): boolean => f === 'dual' || (p === 4 ? f === 'ipv4' : f === 'ipv6');

/**
 * What the node advertises to the neighbour (frr-k8s' toAdvertiseToFRR): the
 * allowed prefixes, then local preferences, communities and next hops, which
 * apply to allowed prefixes only.
 */
function toAdvertiseToFRR(adv: NonNullable<Neighbor['toAdvertise']>, t: Target): Step<Advertised> {
  // The allowed prefixes that read: an entry of withLocalPref or
  // withCommunity is checked against these, not against a broken one.
  const advertised = new Set<string>();
  const problems: FieldProblem[] = [];
  if ((adv.allowed?.mode ?? 'filtered') === 'all') {
    for (const p of t.ctx.advertisable) if (carries(t.family, familyOfText(p))) advertised.add(p);
  } else {
    (adv.allowed?.prefixes ?? []).forEach((text, k) => {
      const p = allowedPrefix(text, t);
      if (p.ok) advertised.add(p.value);
      else problems.push({ field: `toAdvertise.allowed.prefixes[${k}]`, message: p.problem });
    });
  }
  const localPrefs = prefixesWithLocalPref(adv.withLocalPref ?? [], advertised, t);
  const communities = prefixesWithCommunity(adv.withCommunity ?? [], advertised, t);
  const nextHops = nextHopsOf(adv.nextHop, t);
  for (const step of [localPrefs, communities, nextHops]) for (const p of problemsOf(step)) problems.push(p);
  if (problems.length > 0 || !localPrefs.ok || !communities.ok || !nextHops.ok) return bad(problems);
  const byFamily = { 4: [] as string[], 6: [] as string[] };
  for (const p of advertised) byFamily[familyOfText(p)].push(p);
  return ok({ advertiseV4: byFamily[4], advertiseV6: byFamily[6], localPrefs: localPrefs.value, communities: communities.value, ...nextHops.value });
}

/** An allowed prefix: valid, of a family the session carries, among the router's (or an imported VRF's). */
function allowedPrefix(text: string, t: Target): Parsed<string> {
  const p = readPrefix(text);
  if (!p.ok) return p;
  const { router } = t.ctx;
  const problem = familyProblem(p.value.text, t) ??
    (t.ctx.advertisable.has(p.value.text) ? undefined : `${p.value.text} is not among the router's prefixes (${router.path}.prefixes${router.imports.length ? ' or an imported VRF\'s' : ''}); a neighbor can only advertise those`);
  return problem === undefined ? ok(p.value.text) : bad(problem);
}

/** Why a neighbour cannot be sent a prefix of its family, if it cannot. */
function familyProblem(prefix: string, t: Target): string | undefined {
  const f = familyOfText(prefix);
  if (carries(t.family, f)) return undefined;
  return `${prefix} is an IPv${f} prefix but ${t.who} carries ${familyName(t.family)} only${t.kind === 'address' ? ' (set dualStackAddressFamily to carry both)' : ''}`;
}

/** A prefix of a withLocalPref or withCommunity entry: valid, of a carried family, advertised. */
function entryPrefix(text: string, advertised: Set<string>, t: Target): Parsed<string> {
  const p = readPrefix(text);
  if (!p.ok) return p;
  const problem = familyProblem(p.value.text, t) ?? (advertised.has(p.value.text) ? undefined : `${p.value.text} is not advertised to ${t.who} (add it to toAdvertise.allowed.prefixes)`);
  return problem === undefined ? ok(p.value.text) : bad(problem);
}

/** prefix → local preference: one entry per local preference, one local preference per prefix. */
function prefixesWithLocalPref(entries: Array<{ localPref: number; prefixes: string[] }>, advertised: Set<string>, t: Target): Step<NeighborPart['localPrefs']> {
  const localPrefs: NeighborPart['localPrefs'] = new Map();
  const seen = new Map<number, string>();
  const problems: FieldProblem[] = [];
  entries.forEach((entry, k) => {
    const base = `toAdvertise.withLocalPref[${k}]`;
    const earlier = seen.get(entry.localPref);
    if (earlier !== undefined) {
      problems.push({ field: `${base}.localPref`, message: `local preference ${entry.localPref} is already given in ${t.path}.${earlier}; list its prefixes in one entry` });
      return;
    }
    seen.set(entry.localPref, base);
    const inEntry = new Set<string>();
    entry.prefixes.forEach((text, m) => {
      const field = `${base}.prefixes[${m}]`;
      const p = entryPrefix(text, advertised, t);
      if (!p.ok) return void problems.push({ field, message: p.problem });
      if (inEntry.has(p.value)) return void problems.push({ field, message: `${p.value} is listed twice` });
      inEntry.add(p.value);
      const other = localPrefs.get(p.value);
      if (other) {
        return void problems.push({ field, message: `${p.value} has local preference ${entry.localPref} here and ${other.localPref} in ${t.path}.${other.field}; a prefix has one local preference per neighbor` });
      }
      localPrefs.set(p.value, { localPref: entry.localPref, field: `${base}.localPref` });
    });
  });
  return problems.length > 0 ? bad(problems) : ok(localPrefs);
}

/** canonical community → its prefixes: one entry per community. */
function prefixesWithCommunity(entries: Array<{ community: string; prefixes: string[] }>, advertised: Set<string>, t: Target): Step<NeighborPart['communities']> {
  const communities: NeighborPart['communities'] = new Map();
  const seen = new Map<string, string>();
  const problems: FieldProblem[] = [];
  entries.forEach((entry, k) => {
    const base = `toAdvertise.withCommunity[${k}]`;
    const c = parseCommunity(entry.community);
    if (!c.ok) return void problems.push({ field: `${base}.community`, message: c.problem });
    const earlier = seen.get(c.value.value);
    if (earlier !== undefined) {
      return void problems.push({ field: `${base}.community`, message: `community ${c.value.value} is already given in ${t.path}.${earlier}; list its prefixes in one entry` });
    }
    seen.set(c.value.value, base);
    const prefixes: string[] = [];
    entry.prefixes.forEach((text, m) => {
      const field = `${base}.prefixes[${m}]`;
      const p = entryPrefix(text, advertised, t);
      if (!p.ok) problems.push({ field, message: p.problem });
      else if (prefixes.includes(p.value)) problems.push({ field, message: `${p.value} is listed twice` });
      else prefixes.push(p.value);
    });
    communities.set(c.value.value, { community: c.value, prefixes });
  });
  return problems.length > 0 ? bad(problems) : ok(communities);
}

/** Next hops per family: an address of that family, for a family the session carries. */
function nextHopsOf(nextHop: NonNullable<Neighbor['toAdvertise']>['nextHop'], t: Target): Step<Pick<NeighborPart, 'nextHopV4' | 'nextHopV6'>> {
  const out: Pick<NeighborPart, 'nextHopV4' | 'nextHopV6'> = {};
  const problems: FieldProblem[] = [];
  for (const [key, want] of [['ipv4', 4], ['ipv6', 6]] as const) {
    const text = nextHop?.[key];
    if (text === undefined || text === '') continue;
    const field = `toAdvertise.nextHop.${key}`;
    const a = readAddress(text);
    if (!a.ok || a.value.family !== want) problems.push({ field, message: `next hop "${text}" is not an IPv${want} address` });
    else if (!carries(t.family, want)) problems.push({ field, message: `an IPv${want} next hop is set but ${t.who} carries ${familyName(t.family)} only` });
    else out[want === 4 ? 'nextHopV4' : 'nextHopV6'] = { value: a.value.text, field: `${t.path}.${field}` };
  }
  return problems.length > 0 ? bad(problems) : ok(out);
}

// -------------------------------------------------------------- toReceive ---

/** What the node accepts from the neighbour (frr-k8s' toReceiveToFRR): everything, or the prefixes selected. */
function toReceiveToFRR(toReceive: Neighbor['toReceive']): Step<Pick<NeighborPart, 'receiveAll' | 'receive'>> {
  const allowed = toReceive?.allowed;
  if (allowed?.mode === 'all') return ok({ receiveAll: true, receive: [] }); // absent: filtered
  const receive: PrefixFilter[] = [];
  const problems: FieldProblem[] = [];
  (allowed?.prefixes ?? []).forEach((selector, k) => {
    const field = `toReceive.allowed.prefixes[${k}]`;
    const p = readPrefix(selector.prefix);
    if (!p.ok) return void problems.push({ field: `${field}.prefix`, message: p.problem });
    const f = filterFor(p.value.text, p.value.prefix.len, bitsOf(p.value.prefix.family), selector.ge, selector.le);
    if (f.ok) receive.push(f.value);
    else problems.push({ field, message: f.problem });
  });
  return problems.length > 0 ? bad(problems) : ok({ receiveAll: false, receive });
}

/** frr-k8s' side of the hold/keepalive rule (src/api/timers.ts), in its words: every problem. */
function timersProblemText(p: TimersProblem, n: Neighbor): FieldProblem {
  switch (p.kind) {
    case 'unpaired':
      return { field: p.written, message: 'holdTime and keepaliveTime go together: set both or neither' };
    case 'not-a-duration':
      return { field: p.timer, message: `${p.timer} "${n[p.timer]}" is not a duration (e.g. 90s, 1m30s)` };
    case 'negative':
    case 'too-long':
      return { field: p.timer, message: `${p.timer} "${n[p.timer]}" must be between 0s and ${MAX_TIMER_SECONDS}s` };
    case 'hold-too-short':
      return { field: 'holdTime', message: `holdTime "${n.holdTime}" must be 0 or at least 3s` };
    case 'keepalive-over-hold':
      return { field: 'keepaliveTime', message: `keepaliveTime "${n.keepaliveTime}" must not be longer than holdTime "${n.holdTime}"` };
  }
}

const CONNECT_TIME_PROBLEMS: Record<ConnectTimeProblem, (text: string) => string> = {
  'not-a-duration': (text) => `connectTime "${text}" is not a duration (e.g. 90s, 1m30s)`,
  fraction: (text) => `connectTime "${text}" is not a whole number of seconds`,
  'out-of-range': (text) => `connectTime "${text}" must be between 1s and ${MAX_TIMER_SECONDS}s`,
};

/**
 * A toReceive selector in FRR's terms. frr-k8s allows ge and le equal to the
 * prefix length (meaning "from this length"); FRR refuses `ge`/`le` not longer
 * than the prefix, so they are dropped where they add nothing:
 *   /24 ge 24 le 24 → exact; /24 le 32 → le 32; /24 ge 26 → ge 26 (up to /32).
 */
export function filterFor(prefix: string, len: number, bits: number, ge?: number, le?: number): Parsed<PrefixFilter> {
  if (ge !== undefined && ge > bits) return bad(`ge ${ge} is longer than an IPv${bits === 32 ? 4 : 6} prefix (${bits})`);
  if (le !== undefined && le > bits) return bad(`le ${le} is longer than an IPv${bits === 32 ? 4 : 6} prefix (${bits})`);
  if (ge !== undefined && ge < len) return bad(`ge ${ge} is shorter than the prefix length ${len}`);
  if (le !== undefined && le < len) return bad(`le ${le} is shorter than the prefix length ${len}`);
  if (ge !== undefined && le !== undefined && ge > le) return bad(`ge ${ge} is greater than le ${le}`);
  const lo = ge ?? len;
  const hi = le ?? (ge !== undefined ? bits : len);
  if (lo === len) return ok(hi === len ? { prefix } : { prefix, le: hi });
  // With ge alone FRR reads le as the full length.
  return ok(hi === bits ? { prefix, ge: lo } : { prefix, ge: lo, le: hi });
}
