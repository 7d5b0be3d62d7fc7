// Merged → frr.conf, for FRR 8.4 and later, meaning to FRR what frr-k8s'
// templates mean (internal/frr/templates):
//  - global: `frr defaults traditional` (so the defaults merge assumes — hold
//    180 s, keepalive 60 s, connect 60 s — are FRR's), hostname, logging,
//    next-hop tracking through the default route;
//  - per neighbour, an outbound route-map: one `on-match next` entry per
//    local preference and per community (additive) matching a prefix-list
//    (10, 20, …), then a permit for the prefixes the neighbour may receive
//    (65000 IPv4, 65010 IPv6), then deny (65535); and an inbound route-map
//    permitting only the toReceive prefixes (10 IPv4, 20 IPv6, deny 65535);
//  - BFD profiles, then one `router bgp` per VRF: router-id, policy
//    defaults (no ebgp-requires-policy, no default ipv4-unicast, no network
//    import-check, graceful-restart preserve-fw-state), `coalesce-time 0`
//    (withdrawals must not be lost after a session comes up; see
//    COALESCE_TIME), the neighbours' session settings, and per address
//    family the networks, VRF imports, activation and route-maps;
//  - raw configuration last, as given.
// The text depends only on the model and the options: same input, same bytes.
import { Diagnostics, type Diagnostic } from '../api/diagnostic.ts';
import type { BFDSetting } from '../api/bfd.ts';
import { FRR_K8S_LOG_LEVELS, FRR_LOG_LEVEL_NAMES, FRR_LOG_LEVELS, type FRRLogLevel } from '../api/agent.ts';
import { hostnameProblem } from '../api/frr-input.ts';
import { usablePassword } from '../api/secret.ts';
import { describeRef } from '../api/k8s.ts';
import { describeNeighbor, type Merged, type MergedBFDProfile, type MergedNeighbor, type MergedRouter, type PrefixFilter } from './model.ts';
import { neighborNames, type AF, type NeighborNames } from './names.ts';
import { redactSecretText, REDACTED } from './redact.ts';
import type { SecretSource } from './secrets.ts';

export interface RenderOptions {
  /** The `hostname` line; the node's name. */
  hostname: string;
  /** Where passwordSecret references are read (the FRR-K8s namespace's Secrets). */
  secrets?: SecretSource;
  /**
   * Write <redacted> instead of every password (for display), also for
   * every secret in raw configuration (redactSecretText). A Secret that is missing is then a
   * warning, not an error; a Secret that is present but unusable is still an
   * error.
   */
  redactPasswords?: boolean;
  /** FRR log level (default informational). */
  logLevel?: string;
}

export interface RenderResult {
  /** The frr.conf text; empty when there are errors. */
  text: string;
  diagnostics: Diagnostic[];
}

/** The debug switches turned on at log level debugging. */
const DEBUG_LINES = [
  'debug zebra events',
  'debug zebra kernel',
  'debug zebra rib',
  'debug bgp neighbor-events',
  'debug bgp updates',
  'debug bgp keepalives',
  'debug bgp nht',
  'debug bgp zebra',
  'debug bfd network',
  'debug bfd peer',
  'debug bfd zebra',
];

/**
 * Route-map entry numbers. The entries every neighbour has sit at fixed
 * numbers, so a change adds or removes modifier entries (10, 20, …) without
 * renumbering the rest: frr-reload.py then touches only what changed.
 */
const SEQ_STEP = 10;
const SEQ_OUT_ALLOWED = { v4: 65000, v6: 65010 } as const;
const SEQ_IN_ALLOWED = { v4: 10, v6: 20 } as const;
const SEQ_LAST = 65535;

/**
 * `coalesce-time 0` in every `router bgp`: without it FRR 8.4 can keep
 * announcing a prefix whose `network` line was removed, for as long as the
 * session stays up.
 *
 * When a session reaches Established, bgpd puts the peer in a new update
 * subgroup and arms that subgroup's coalesce timer (the instance's
 * coalesce-time: 1000 ms + 50 ms per configured peer, at most 10 s). While
 * the timer runs, group_announce_route_walkcb() (bgpd/bgp_updgrp_adv.c)
 * skips the subgroup for every best-path change, trusting the full table
 * walk at expiry. That walk (subgroup_announce_table) only visits prefixes
 * that still have a path, so a prefix that lost its last path meanwhile is
 * never withdrawn if it was already in the subgroup's adj-out: and other
 * walks do put prefixes there during the window without waiting for the
 * timer (the route-map delay-timer's policy walk after a reload that touched
 * a prefix-list or route-map, `clear bgp … soft out`). The entry then stays
 * in adj-out (show bgp summary counts it in PfxSnt; advertised-routes lists
 * it; the BGP table does not have it) and the peer keeps the route. Nothing
 * short of a session reset removes it: a soft clear walks the table again
 * and skips it again.
 *
 * Seen as e2e scenario 8 failing under load (prefix removed by
 * frr-reload.py's `no network` less than ~1 s after the session came up and
 * the policy walk had announced it), and reproduced on every attempt by
 * removing a prefix right after a session reset and a soft-out refresh
 * (scenario 9 of test/e2e/frr-lab.test.ts). Fixed upstream in FRR 10.3
 * ("bgpd: Withdraw routes without waiting for the coalescing timer to
 * expire", FRRouting/frr#17667), not in 8.4.
 *
 * With coalesce-time 0 no subgroup ever arms the timer: the table is
 * announced at once when the session comes up and every change is
 * processed as it happens. Coalescing only saves work when several peers
 * with the same outbound policy come up together and share one update
 * group; every neighbour here has its own route-maps, so its own update
 * group, and loses nothing.
 */
const COALESCE_TIME = 0;

export function render(merged: Merged, opts: RenderOptions): RenderResult {
  const diags = new Diagnostics();
  const level = logLevel(opts.logLevel, diags);
  const badHostname = hostnameProblem(opts.hostname);
  if (badHostname) diags.error(undefined, undefined, `hostname ${badHostname}`);

  const out: string[] = [];
  const sources = merged.sources.map((r) => comment(`${r.namespace ? `${r.namespace}/` : ''}${r.name ?? ''}`));
  out.push(`! frr.conf for ${opts.hostname}, rendered by metallb-frr. Do not edit.`);
  out.push(sources.length ? `! From FRRConfigurations: ${sources.join(', ')}` : '! From no FRRConfiguration.');
  out.push('frr defaults traditional');
  out.push(`hostname ${opts.hostname}`);
  out.push(`log stdout ${level}`);
  out.push('log timestamp precision 3');
  if (level === 'debugging') out.push(...DEBUG_LINES);
  out.push('ip nht resolve-via-default');
  out.push('ipv6 nht resolve-via-default');
  out.push('!');

  const used = new Map<string, string>();
  for (const r of merged.routers) {
    for (const n of r.neighbors) {
      const names = neighborNames(r.vrf, n.peer, n.kind);
      const who = describeNeighbor(n.peer, r.vrf);
      const clash = used.get(names.routeMapOut);
      if (clash !== undefined) {
        const o = n.origins[0];
        diags.error(o.ref, o.field, `${who} and ${clash} get the same prefix-list and route-map names (${names.routeMapOut}); rename the interface or VRF`);
        continue;
      }
      used.set(names.routeMapOut, who);
      renderPolicies(out, n, names, who, diags);
    }
  }

  if (merged.bfdProfiles.length > 0) renderBFD(out, merged.bfdProfiles);
  for (const r of merged.routers) renderRouter(out, r, opts, diags);

  for (const raw of merged.raw) {
    out.push(`! Raw configuration of ${comment(describeRef(raw.origin.ref))} (priority ${raw.priority})`);
    const text = raw.text.replace(/\s+$/, '');
    out.push(opts.redactPasswords ? redactSecretText(text) : text);
    out.push('!');
  }

  if (diags.hasErrors) return { text: '', diagnostics: diags.list };
  return { text: out.join('\n') + '\n', diagnostics: diags.list };
}

/**
 * Text for a `!` comment: object names, which the API server keeps to DNS
 * names but a file can fill with anything, must not end the comment line.
 */
function comment(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function logLevel(requested: string | undefined, diags: Diagnostics): FRRLogLevel {
  if (requested === undefined || requested === '') return 'informational';
  if ((FRR_LOG_LEVELS as readonly string[]).includes(requested)) return requested as FRRLogLevel;
  if (Object.hasOwn(FRR_K8S_LOG_LEVELS, requested)) return FRR_K8S_LOG_LEVELS[requested as keyof typeof FRR_K8S_LOG_LEVELS];
  diags.error(undefined, undefined, `unknown log level "${requested}" (want one of ${FRR_LOG_LEVEL_NAMES.join(', ')})`);
  return 'informational';
}

// ---------------------------------------------------------------- policies ---

const ip = (af: AF): string => (af === 'v4' ? 'ip' : 'ipv6');

/**
 * Prefix-list entries carry no sequence number: FRR numbers them as they come
 * (5, 10, …) and frr-reload.py compares them by content. With numbers of our
 * own, a changed list would reuse a number for another prefix, and
 * frr-reload.py's "no … seq N permit <old>" after "… seq N permit <new>"
 * deletes the new entry (FRR 8.4 deletes by number).
 */
function prefixList(out: string[], name: string, af: AF, entries: string[]): void {
  for (const e of entries) out.push(`${ip(af)} prefix-list ${name} permit ${e}`);
}

function filterText(f: PrefixFilter): string {
  return `${f.prefix}${f.ge !== undefined ? ` ge ${f.ge}` : ''}${f.le !== undefined ? ` le ${f.le}` : ''}`;
}

interface RouteMapEntry {
  action: 'permit' | 'deny';
  seq: number;
  lines: string[];
}

function routeMap(out: string[], name: string, entries: RouteMapEntry[]): void {
  for (const e of entries) {
    out.push(`route-map ${name} ${e.action} ${e.seq}`);
    for (const l of e.lines) out.push(` ${l}`);
    out.push('exit');
  }
  out.push('!');
}

function renderPolicies(out: string[], n: MergedNeighbor, names: NeighborNames, who: string, diags: Diagnostics): void {
  out.push(`! ${who}`);
  const adv = n.advertise;
  const outEntries: RouteMapEntry[] = [];
  const modifier = (name: string, af: AF, prefixes: string[], set: string) => {
    if (prefixes.length === 0) return;
    prefixList(out, name, af, prefixes);
    const seq = (outEntries.length + 1) * SEQ_STEP;
    outEntries.push({ action: 'permit', seq, lines: [`match ${ip(af)} address prefix-list ${name}`, set, 'on-match next'] });
  };
  for (const lp of adv.localPrefs) {
    for (const af of ['v4', 'v6'] as const) modifier(names.localPref(lp.localPref, af), af, lp[af], `set local-preference ${lp.localPref}`);
  }
  for (const c of adv.communities) {
    const set = c.large ? `set large-community ${c.value} additive` : `set community ${c.value} additive`;
    for (const af of ['v4', 'v6'] as const) modifier(names.community(c.value, c.large, af), af, c[af], set);
  }
  if (outEntries.length * SEQ_STEP >= SEQ_OUT_ALLOWED.v4) {
    const o = n.origins[0];
    diags.error(o.ref, o.field, `${who} needs ${outEntries.length} local-preference and community entries in route-map ${names.routeMapOut}, more than ${SEQ_OUT_ALLOWED.v4 / SEQ_STEP - 1}; use fewer distinct values`);
    return;
  }
  for (const af of ['v4', 'v6'] as const) {
    if (adv[af].length === 0) continue;
    prefixList(out, names.allowedOut(af), af, adv[af]);
    const lines = [`match ${ip(af)} address prefix-list ${names.allowedOut(af)}`];
    if (af === 'v4' && adv.nextHopV4) lines.push(`set ip next-hop ${adv.nextHopV4}`);
    if (af === 'v6' && adv.nextHopV6) lines.push(`set ipv6 next-hop global ${adv.nextHopV6}`);
    outEntries.push({ action: 'permit', seq: SEQ_OUT_ALLOWED[af], lines });
  }
  outEntries.push({ action: 'deny', seq: SEQ_LAST, lines: [] });
  routeMap(out, names.routeMapOut, outEntries);

  const inEntries: RouteMapEntry[] = [];
  if (n.receive.all) {
    inEntries.push({ action: 'permit', seq: SEQ_IN_ALLOWED.v4, lines: [] });
  } else {
    for (const af of ['v4', 'v6'] as const) {
      const filters = n.receive[af];
      if (filters.length === 0) continue;
      prefixList(out, names.allowedIn(af), af, filters.map(filterText));
      inEntries.push({ action: 'permit', seq: SEQ_IN_ALLOWED[af], lines: [`match ${ip(af)} address prefix-list ${names.allowedIn(af)}`] });
    }
    inEntries.push({ action: 'deny', seq: SEQ_LAST, lines: [] });
  }
  routeMap(out, names.routeMapIn, inEntries);
}

// --------------------------------------------------------------------- BFD ---

/** Each BFD setting as a profile's lines, in the order FRR shows them. */
const BFD_LINES: Readonly<Record<BFDSetting, (v: number | boolean) => string[]>> = {
  receiveInterval: (v) => [`  receive-interval ${v}`],
  transmitInterval: (v) => [`  transmit-interval ${v}`],
  detectMultiplier: (v) => [`  detect-multiplier ${v}`],
  echoMode: (on) => (on ? ['  echo-mode'] : []),
  echoInterval: (v) => [`  echo transmit-interval ${v}`, `  echo receive-interval ${v}`],
  passiveMode: (on) => (on ? ['  passive-mode'] : []),
  minimumTtl: (v) => [`  minimum-ttl ${v}`],
};

function renderBFD(out: string[], profiles: MergedBFDProfile[]): void {
  out.push('bfd');
  for (const p of profiles) {
    out.push(` profile ${p.name}`);
    for (const [setting, lines] of Object.entries(BFD_LINES)) {
      const v = p[setting as BFDSetting];
      if (v !== undefined) for (const l of lines(v)) out.push(l);
    }
    out.push(' exit');
    out.push(' !');
  }
  out.push('exit');
  out.push('!');
}

// ------------------------------------------------------------------ routers ---

function renderRouter(out: string[], r: MergedRouter, opts: RenderOptions, diags: Diagnostics): void {
  out.push(`router bgp ${r.asn}${r.vrf ? ` vrf ${r.vrf}` : ''}`);
  if (r.routerId) out.push(` bgp router-id ${r.routerId}`);
  out.push(' no bgp ebgp-requires-policy');
  out.push(' no bgp default ipv4-unicast');
  out.push(' no bgp network import-check');
  out.push(' bgp graceful-restart preserve-fw-state');
  out.push(` coalesce-time ${COALESCE_TIME}`);
  for (const n of r.neighbors) renderSession(out, r, n, opts, diags);

  for (const af of ['v4', 'v6'] as const) {
    const lines: string[] = [];
    for (const p of r.prefixes) if ((af === 'v6') === p.includes(':')) lines.push(`network ${p}`);
    for (const v of r.imports) lines.push(`import vrf ${v}`);
    for (const n of r.neighbors) {
      if (n.family !== 'dual' && n.family !== (af === 'v4' ? 'ipv4' : 'ipv6')) continue;
      const names = neighborNames(r.vrf, n.peer, n.kind);
      lines.push(`neighbor ${n.peer} activate`);
      lines.push(`neighbor ${n.peer} route-map ${names.routeMapIn} in`);
      lines.push(`neighbor ${n.peer} route-map ${names.routeMapOut} out`);
    }
    if (lines.length === 0) continue;
    out.push(' !');
    out.push(` address-family ${af === 'v4' ? 'ipv4' : 'ipv6'} unicast`);
    for (const l of lines) out.push(`  ${l}`);
    out.push(' exit-address-family');
  }
  out.push('exit');
  out.push('!');
}

function renderSession(out: string[], r: MergedRouter, n: MergedNeighbor, opts: RenderOptions, diags: Diagnostics): void {
  const p = n.peer;
  const line = (s: string) => out.push(` neighbor ${p} ${s}`);
  line(`${n.kind === 'interface' ? 'interface ' : ''}remote-as ${n.asn}`);
  if (n.localASN !== undefined) line(`local-as ${n.localASN} no-prepend replace-as`);
  if (n.port !== undefined) line(`port ${n.port}`);
  const password = passwordFor(n, r, opts, diags);
  if (password !== undefined) line(`password ${password}`);
  // Stryker disable next-line LogicalOperator,ConditionalExpression: equivalent: merge sets holdTime and keepaliveTime together or neither
  if (n.holdTime !== undefined && n.keepaliveTime !== undefined) line(`timers ${n.keepaliveTime} ${n.holdTime}`);
  if (n.connectTime !== undefined) line(`timers connect ${n.connectTime}`);
  if (n.ebgpMultiHop) line('ebgp-multihop');
  if (n.sourceAddress !== undefined) line(`update-source ${n.sourceAddress}`);
  if (needsDisableConnectedCheck(r, n)) line('disable-connected-check');
  if (n.bfdProfile !== undefined) {
    line('bfd');
    line(`bfd profile ${n.bfdProfile}`);
  }
  if (n.gracefulRestart) line('graceful-restart');
}

/**
 * frr-k8s turns FRR's connected check off for single-hop eBGP over IPv6, so
 * that a peer address outside the node's connected prefixes (a global address
 * reached via a link-local next hop) still peers. Interface neighbours carry
 * both families, so never get it (FRR refuses it for them anyway).
 */
function needsDisableConnectedCheck(r: MergedRouter, n: MergedNeighbor): boolean {
  if (n.family !== 'ipv6' || n.ebgpMultiHop) return false;
  // Stryker disable next-line ConditionalExpression: equivalent: without this line 'external' differs from the router's number below, with the same answer
  if (n.asn === 'external') return true;
  if (n.asn === 'internal') return false;
  return n.asn !== r.asn;
}

function passwordFor(n: MergedNeighbor, r: MergedRouter, opts: RenderOptions, diags: Diagnostics): string | undefined {
  const spec = n.password;
  if (!spec) return undefined;
  if (spec.kind === 'text') return opts.redactPasswords ? REDACTED : spec.text.reveal();
  const who = describeNeighbor(n.peer, r.vrf);
  const secret = opts.secrets?.({ namespace: spec.namespace, name: spec.name });
  if (!secret) {
    const message = `${who}: Secret ${spec.namespace}/${spec.name} not found`;
    if (opts.redactPasswords) {
      diags.warning(spec.origin.ref, spec.origin.field, `${message}; the node needs it`);
      return REDACTED;
    }
    diags.error(spec.origin.ref, spec.origin.field, message);
    return undefined;
  }
  const got = usablePassword(secret);
  if (!got.ok) {
    diags.error(spec.origin.ref, spec.origin.field, `${who}: ${got.problem}`);
    return undefined;
  }
  return opts.redactPasswords ? REDACTED : got.value.reveal();
}
