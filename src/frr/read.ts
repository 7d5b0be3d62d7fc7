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
import type { Diagnostics } from '../api/diagnostic.ts';
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
  type Origin,
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

/** Reads one structurally valid configuration; adds a diagnostic per problem. */
export function readConfig(cfg: FRRConfiguration, ref: ObjectRef, diags: Diagnostics): ConfigPart {
  const part: ConfigPart = { ref, routers: [], bfdProfiles: [] };
  const namespace = cfg.metadata?.namespace ?? '';
  const spec = cfg.spec ?? {};

  const raw = spec.raw;
  // FRR reads its configuration line by line, as text: a control character
  // (a CR from CRLF line ends, an escape) makes a line it refuses, and hides
  // a secret keyword from redaction (`p\rassword S` shows as `assword S`).
  const control = raw?.rawConfig === undefined ? -1 : raw.rawConfig.search(/[\x00-\x08\x0b-\x1f\x7f]/);
  if (control >= 0) {
    const line = raw!.rawConfig!.slice(0, control).split('\n').length;
    diags.error(ref, 'spec.raw.rawConfig', `line ${line} has a control character (such as a CR of CRLF line ends) that FRR's configuration cannot carry; use plain text with LF line ends`);
  } else if (raw?.rawConfig !== undefined && raw.rawConfig.trim() !== '') {
    part.raw = { priority: raw.priority ?? 0, text: raw.rawConfig, origin: { ref, field: 'spec.raw.rawConfig' } };
    // render.ts sets coalesce-time 0 to avoid FRR < 10.3 keeping withdrawn
    // prefixes announced (see COALESCE_TIME there); raw text can undo that.
    if (/^\s*coalesce-time\b/m.test(raw.rawConfig)) {
      diags.warning(ref, 'spec.raw.rawConfig', 'sets coalesce-time: with a non-zero value, FRR before 10.3 may keep announcing a prefix removed within that time after a session comes up');
    }
  }

  const bfdNames = new Map<string, string>();
  (spec.bgp?.bfdProfiles ?? []).forEach((b, i) => {
    const path = `spec.bgp.bfdProfiles[${i}]`;
    const problem = wordProblem(b.name);
    if (problem) {
      diags.error(ref, `${path}.name`, `BFD profile name ${problem}`);
      return;
    }
    const earlier = bfdNames.get(b.name);
    if (earlier !== undefined) {
      diags.error(ref, `${path}.name`, `BFD profile "${b.name}" is defined twice in this configuration (also ${earlier})`);
      return;
    }
    bfdNames.set(b.name, path);
    part.bfdProfiles.push(readBFDProfile(b, { ref, field: path }));
  });

  const routers = spec.bgp?.routers ?? [];
  // Prefixes per VRF of this configuration, for imports (frr-k8s resolves
  // imports within the configuration that declares them).
  const prefixesOfVRF = new Map<string, string[]>();
  const readRouters = routers.map((r, i) => readRouterHead(r, `spec.bgp.routers[${i}]`, ref, diags));
  for (const { head } of readRouters) {
    const list = prefixesOfVRF.get(head.vrf) ?? [];
    for (const p of head.prefixes) list.push(p); // not push(...): a router can have 10^5 prefixes
    prefixesOfVRF.set(head.vrf, list);
  }

  routers.forEach((r, i) => {
    const { head, usable } = readRouters[i];
    const path = head.path;
    const advertisable = new Set(head.prefixes);
    (r.imports ?? []).forEach((imp, k) => {
      const field = `${path}.imports[${k}].vrf`;
      const name = imp.vrf ?? '';
      if (name === '') {
        diags.error(ref, field, 'an import needs the name of a VRF ("default" for the default VRF)');
        return;
      }
      const vrf = name === 'default' ? '' : name;
      if (vrf === head.vrf) {
        diags.error(ref, field, `a router cannot import its own VRF ("${name}")`);
        return;
      }
      const imported = prefixesOfVRF.get(vrf);
      if (!imported) {
        diags.error(ref, field, `VRF "${name}" is imported but this configuration has no router for it (frr-k8s resolves imports within one configuration)`);
        return;
      }
      if (!head.imports.includes(vrf)) head.imports.push(vrf);
      for (const p of imported) advertisable.add(p);
    });
    (r.neighbors ?? []).forEach((n, j) => {
      const nb = readNeighbor(n, `${path}.neighbors[${j}]`, { ref, namespace, router: head, advertisable, bfdNames }, diags);
      if (nb) head.neighbors.push(nb);
    });
    if (usable) part.routers.push(head);
  });
  return part;
}

function readBFDProfile(b: BFDProfile, origin: Origin): MergedBFDProfile {
  return { name: b.name, echoMode: b.echoMode ?? false, passiveMode: b.passiveMode ?? false, origin, ...pickBFDSettings(b, BFD_NUMBER_SETTINGS) };
}

/**
 * A router's own fields (not its neighbours). `usable` is false when the
 * router cannot be merged; its neighbours are still read, for their own
 * problems.
 */
function readRouterHead(r: Router, path: string, ref: ObjectRef, diags: Diagnostics): { head: RouterPart; usable: boolean } {
  let usable = true;
  if (!(r.asn >= 1 && r.asn <= MAX_ASN)) {
    diags.error(ref, `${path}.asn`, `router ASN must be between 1 and ${MAX_ASN}`);
    usable = false;
  }
  let vrf = r.vrf ?? '';
  if (vrf === 'default') vrf = ''; // FRR's name for the default VRF
  if (vrf !== '') {
    const problem = interfaceNameProblem(vrf);
    if (problem) {
      diags.error(ref, `${path}.vrf`, `VRF name ${problem}`);
      usable = false;
    }
  }
  let routerId: string | undefined;
  if (r.id !== undefined && r.id !== '') {
    const a = readAddress(r.id);
    if (!a.ok || a.value.family !== 4) {
      diags.error(ref, `${path}.id`, `router ID "${r.id}" must be an IPv4 address`);
      usable = false;
    } else {
      routerId = a.value.text;
    }
  }
  if (r.evpn !== undefined) {
    diags.error(ref, `${path}.evpn`, 'EVPN is not supported by metallb-frr\'s renderer; remove evpn or let frr-k8s render this configuration');
    usable = false;
  }
  const prefixes: string[] = [];
  (r.prefixes ?? []).forEach((text, k) => {
    const p = readPrefix(text);
    if (!p.ok) {
      diags.error(ref, `${path}.prefixes[${k}]`, p.problem);
      usable = false;
    } else {
      prefixes.push(p.value.text);
    }
  });
  const head: RouterPart = { path, ref, vrf, asn: r.asn, prefixes, imports: [], neighbors: [] };
  if (routerId) head.routerId = routerId;
  return { head, usable };
}

interface NeighborContext {
  ref: ObjectRef;
  namespace: string;
  router: RouterPart;
  /** Prefixes of the router and of the VRFs it imports. */
  advertisable: Set<string>;
  bfdNames: Map<string, string>;
}

const familyName = (f: NeighborFamily): string => (f === 'ipv4' ? 'IPv4' : f === 'ipv6' ? 'IPv6' : 'IPv4 and IPv6');
const carries = (f: NeighborFamily, p: Family): boolean => f === 'dual' || (p === 4 ? f === 'ipv4' : f === 'ipv6');

/** One neighbour; undefined (after reporting why) when it cannot be used. */
function readNeighbor(n: Neighbor, path: string, ctx: NeighborContext, diags: Diagnostics): NeighborPart | undefined {
  const { ref, router } = ctx;
  let failed = false;
  const error = (field: string, message: string) => {
    failed = true;
    diags.error(ref, field ? `${path}.${field}` : path, message);
  };

  // Identity: an address or an interface.
  let peer = '';
  let kind: 'address' | 'interface' = 'address';
  let family: NeighborFamily = 'ipv4';
  const address = n.address ?? '';
  const iface = n.interface ?? '';
  if (address === '' && iface === '') {
    error('', 'a neighbor needs an address or an interface');
  } else if (address !== '' && iface !== '') {
    error('interface', 'address and interface are mutually exclusive');
  } else if (address !== '') {
    const a = readAddress(address);
    if (!a.ok) error('address', a.problem);
    else {
      peer = a.value.text;
      family = a.value.family === 4 ? 'ipv4' : 'ipv6';
    }
  } else {
    const problem = interfaceNameProblem(iface);
    if (problem) error('interface', `interface ${problem}`);
    else {
      peer = iface;
      kind = 'interface';
    }
  }
  // Interface (unnumbered) neighbours and dual-stack ones carry both families.
  if (kind === 'interface' || n.dualStackAddressFamily) family = 'dual';
  const who = describeNeighbor(peer || address || iface || '?', router.vrf);

  // Peer AS.
  let asn: PeerASN = 0;
  const hasASN = n.asn !== undefined && n.asn !== 0;
  if (hasASN && n.dynamicASN) error('dynamicASN', 'asn and dynamicASN are mutually exclusive');
  else if (hasASN) asn = n.asn!;
  else if (n.dynamicASN) asn = n.dynamicASN;
  else error('asn', `${who} needs asn (1-${MAX_ASN}) or dynamicASN (internal, external)`);
  const ibgp = asn === router.asn || asn === 'internal';

  const localASN: Valued<number | undefined> = { value: undefined, explicit: false };
  if (n.localASN !== undefined) {
    if (ibgp) error('localASN', `localASN is not supported for iBGP sessions (${who} is in the router's AS ${router.asn})`);
    else if (n.localASN === router.asn) error('localASN', `localASN ${n.localASN} is the router's own ASN; it must differ`);
    else if (n.localASN === asn) error('localASN', `localASN ${n.localASN} equals the neighbor's ASN`);
    localASN.value = n.localASN;
    localASN.explicit = true;
  }

  const port: Valued<number> = { value: DEFAULT_PORT, explicit: false };
  if (n.port !== undefined) {
    if (n.port < 1) error('port', 'port must be between 1 and 16384');
    port.value = n.port;
    port.explicit = true;
  }

  // Timers: both or neither (frr-k8s), truncated to whole seconds as frr-k8s does.
  const holdTime: Valued<number> = { value: DEFAULT_HOLD_TIME, explicit: false };
  const keepaliveTime: Valued<number> = { value: DEFAULT_KEEPALIVE_TIME, explicit: false };
  const timers = holdKeepalive({ holdTime: n.holdTime, keepaliveTime: n.keepaliveTime }, 'refuse');
  if (!timers.ok) {
    for (const p of timers.problem) {
      const t = timersProblemText(p, n);
      error(t.field!, t.message);
    }
  } else if (timers.value) {
    holdTime.value = wholeSeconds(timers.value.hold);
    keepaliveTime.value = wholeSeconds(timers.value.keepalive);
    holdTime.explicit = keepaliveTime.explicit = true;
  }
  const connectTime: Valued<number> = { value: DEFAULT_CONNECT_TIME, explicit: false };
  if (n.connectTime !== undefined) {
    const c = readConnectTime(n.connectTime);
    if (!c.ok) error('connectTime', CONNECT_TIME_PROBLEMS[c.problem](n.connectTime));
    else {
      connectTime.value = wholeSeconds(c.value);
      connectTime.explicit = true;
    }
  }

  // Password: cleartext or a Secret of the FRR-K8s namespace.
  const password: Valued<PasswordSpec | undefined> = { value: undefined, explicit: false };
  const secretName = n.passwordSecret?.name ?? '';
  if (n.password !== undefined && n.password !== '' && secretName !== '') {
    error('passwordSecret', 'password and passwordSecret are mutually exclusive');
  } else if (n.password !== undefined && n.password !== '') {
    const problem = passwordProblem(n.password);
    if (problem) error('password', problem);
    password.value = { kind: 'text', text: new SecretText(n.password), origin: { ref, field: `${path}.password` } };
    password.explicit = true;
  } else if (secretName !== '') {
    const ns = n.passwordSecret?.namespace;
    if (ns && ns !== ctx.namespace) {
      diags.warning(ref, `${path}.passwordSecret.namespace`, `frr-k8s reads password Secrets only from its own namespace: namespace "${ns}" is ignored and the Secret is read as ${ctx.namespace}/${secretName}`);
    }
    password.value = { kind: 'secret', namespace: ctx.namespace, name: secretName, origin: { ref, field: `${path}.passwordSecret` } };
    password.explicit = true;
  } else if (n.passwordSecret !== undefined) {
    diags.warning(ref, `${path}.passwordSecret.name`, 'passwordSecret has no name, so no password is set');
  }

  const sourceAddress: Valued<string | undefined> = { value: undefined, explicit: false };
  if (n.sourceaddress !== undefined && n.sourceaddress !== '') {
    const a = readAddress(n.sourceaddress);
    if (a.ok) sourceAddress.value = a.value.text;
    else if (interfaceNameProblem(n.sourceaddress) === undefined) sourceAddress.value = n.sourceaddress;
    else error('sourceaddress', `sourceaddress "${n.sourceaddress}" is neither an IP address nor an interface name`);
    sourceAddress.explicit = true;
  }

  let bfdProfile: string | undefined;
  if (n.bfdProfile !== undefined && n.bfdProfile !== '') {
    if (!ctx.bfdNames.has(n.bfdProfile)) {
      error('bfdProfile', `BFD profile "${n.bfdProfile}" is not defined in this configuration's spec.bgp.bfdProfiles`);
    }
    bfdProfile = n.bfdProfile;
  }

  (n.addressFamilies ?? []).forEach((af, i) => {
    if (af === 'evpn') error(`addressFamilies[${i}]`, 'the evpn address family is not supported by metallb-frr\'s renderer');
  });
  if (n.disableMP) diags.warning(ref, `${path}.disableMP`, 'disableMP is deprecated and ignored (as by frr-k8s); use dualStackAddressFamily');

  // What the node advertises to this neighbour.
  const adv = n.toAdvertise ?? {};
  const advertiseV4: string[] = [];
  const advertiseV6: string[] = [];
  const advertised = new Set<string>();
  const add = (p: string) => {
    if (advertised.has(p)) return;
    advertised.add(p);
    (familyOfText(p) === 4 ? advertiseV4 : advertiseV6).push(p);
  };
  const familyProblem = (p: string): string | undefined => {
    const f = familyOfText(p);
    if (carries(family, f)) return undefined;
    return `${p} is an IPv${f} prefix but ${who} carries ${familyName(family)} only${kind === 'address' ? ' (set dualStackAddressFamily to carry both)' : ''}`;
  };
  const routerPrefixesField = `${router.path}.prefixes`;
  if ((adv.allowed?.mode ?? 'filtered') === 'all') {
    for (const p of ctx.advertisable) if (carries(family, familyOfText(p))) add(p);
  } else {
    (adv.allowed?.prefixes ?? []).forEach((text, k) => {
      const field = `toAdvertise.allowed.prefixes[${k}]`;
      const p = readPrefix(text);
      if (!p.ok) return error(field, p.problem);
      const fp = familyProblem(p.value.text);
      if (fp) return error(field, fp);
      if (!ctx.advertisable.has(p.value.text)) {
        return error(field, `${p.value.text} is not among the router's prefixes (${routerPrefixesField}${router.imports.length ? ' or an imported VRF\'s' : ''}); a neighbor can only advertise those`);
      }
      add(p.value.text);
    });
  }
  const advertisedProblem = (p: string): string | undefined =>
    advertised.has(p) ? undefined : `${p} is not advertised to ${who} (add it to toAdvertise.allowed.prefixes)`;
  /** A prefix of a withLocalPref or withCommunity entry: valid, of a carried family, advertised. */
  const entryPrefix = (field: string, text: string): string | undefined => {
    const p = readPrefix(text);
    const problem = p.ok ? familyProblem(p.value.text) ?? advertisedProblem(p.value.text) : p.problem;
    if (problem) {
      error(field, problem);
      return undefined;
    }
    return p.ok ? p.value.text : undefined;
  };

  const localPrefs = new Map<string, { localPref: number; field: string }>();
  const seenLocalPrefs = new Map<number, string>();
  (adv.withLocalPref ?? []).forEach((entry, k) => {
    const base = `toAdvertise.withLocalPref[${k}]`;
    const earlier = seenLocalPrefs.get(entry.localPref);
    if (earlier !== undefined) {
      error(`${base}.localPref`, `local preference ${entry.localPref} is already given in ${path}.${earlier}; list its prefixes in one entry`);
      return;
    }
    seenLocalPrefs.set(entry.localPref, base);
    const inEntry = new Set<string>();
    entry.prefixes.forEach((text, m) => {
      const field = `${base}.prefixes[${m}]`;
      const pt = entryPrefix(field, text);
      if (pt === undefined) return;
      if (inEntry.has(pt)) return error(field, `${pt} is listed twice`);
      inEntry.add(pt);
      const other = localPrefs.get(pt);
      if (other) {
        return error(field, `${pt} has local preference ${entry.localPref} here and ${other.localPref} in ${path}.${other.field}; a prefix has one local preference per neighbor`);
      }
      localPrefs.set(pt, { localPref: entry.localPref, field: `${base}.localPref` });
    });
  });

  const communities = new Map<string, { community: ParsedCommunity; prefixes: string[] }>();
  const seenCommunities = new Map<string, string>();
  (adv.withCommunity ?? []).forEach((entry, k) => {
    const base = `toAdvertise.withCommunity[${k}]`;
    const parsed = parseCommunity(entry.community);
    if (!parsed.ok) return error(`${base}.community`, parsed.problem);
    const c = parsed.value;
    const earlier = seenCommunities.get(c.value);
    if (earlier !== undefined) {
      return error(`${base}.community`, `community ${c.value} is already given in ${path}.${earlier}; list its prefixes in one entry`);
    }
    seenCommunities.set(c.value, base);
    const prefixes: string[] = [];
    entry.prefixes.forEach((text, m) => {
      const field = `${base}.prefixes[${m}]`;
      const pt = entryPrefix(field, text);
      if (pt === undefined) return;
      if (prefixes.includes(pt)) return error(field, `${pt} is listed twice`);
      prefixes.push(pt);
    });
    communities.set(c.value, { community: c, prefixes });
  });

  let nextHopV4: NeighborPart['nextHopV4'];
  let nextHopV6: NeighborPart['nextHopV6'];
  for (const [key, want] of [['ipv4', 4], ['ipv6', 6]] as const) {
    const text = adv.nextHop?.[key];
    if (text === undefined || text === '') continue;
    const field = `toAdvertise.nextHop.${key}`;
    const a = readAddress(text);
    if (!a.ok || a.value.family !== want) {
      error(field, `next hop "${text}" is not an IPv${want} address`);
      continue;
    }
    if (!carries(family, want)) {
      error(field, `an IPv${want} next hop is set but ${who} carries ${familyName(family)} only`);
      continue;
    }
    const v = { value: a.value.text, field: `${path}.${field}` };
    if (want === 4) nextHopV4 = v;
    else nextHopV6 = v;
  }

  // What the node accepts from this neighbour.
  const recv = n.toReceive?.allowed;
  const receiveAll = (recv?.mode ?? 'filtered') === 'all';
  const receive: PrefixFilter[] = [];
  if (!receiveAll) {
    (recv?.prefixes ?? []).forEach((sel, k) => {
      const field = `toReceive.allowed.prefixes[${k}]`;
      const p = readPrefix(sel.prefix);
      if (!p.ok) return error(`${field}.prefix`, p.problem);
      const f = filterFor(p.value.text, p.value.prefix.len, bitsOf(p.value.prefix.family), sel.ge, sel.le);
      if (!f.ok) return error(field, f.problem);
      receive.push(f.value);
    });
  }

  if (failed) return undefined;
  return {
    path,
    ref,
    peer,
    kind,
    family,
    asn,
    localASN,
    port,
    holdTime,
    keepaliveTime,
    connectTime,
    ebgpMultiHop: { value: n.ebgpMultiHop ?? false, explicit: n.ebgpMultiHop !== undefined },
    ...(n.enableGracefulRestart !== undefined ? { gracefulRestart: n.enableGracefulRestart } : {}),
    ...(bfdProfile ? { bfdProfile } : {}),
    sourceAddress,
    password,
    dualStack: n.dualStackAddressFamily ?? false,
    advertiseV4,
    advertiseV6,
    localPrefs,
    communities,
    ...(nextHopV4 ? { nextHopV4 } : {}),
    ...(nextHopV6 ? { nextHopV6 } : {}),
    receiveAll,
    receive,
  };
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
