// A BGP session's timers, one rule for both sides: where BGPPeers are read
// (src/metallb, at build time) and where FRRConfigurations are read
// (src/frr, on the node). Each side words the problems in its own terms.
//
// Hold and keepalive. MetalLB (internal/config/config.go parseTimers) and
// frr-k8s (internal/controller/api_to_config.go parseTimers) apply the same
// rule: the hold time, truncated to whole seconds, is 0 or at least 3s, and
// keepalive is not longer than hold, compared as written (before any
// truncation: 3.6s against 3.5s is refused although both become 3s). They
// differ on a missing one: MetalLB derives it (keepalive = hold / 3, hold =
// keepalive × 3), frr-k8s refuses it. Then FRR's own limit, which neither
// checks: `timers bgp` takes whole seconds from 0 to 65535, and frr-k8s
// truncates what it passes on (Duration / time.Second), so that is what both
// sides refuse beyond, and no more.
//
// Representations. A time is Go duration text in both APIs (a BGPPeer, an
// FRRConfiguration) and whole seconds in frr.conf; the MetalLB model holds
// the FRRConfiguration's text as it will be written (derived values
// included), the FRR model holds seconds. Nanoseconds (Go's time.Duration,
// what the text means) exist only inside these functions, where times are
// derived and compared.
import { durationNanos } from './duration.ts';
import { bad, ok, type Parsed } from './parsed.ts';

export type TimerName = 'holdTime' | 'keepaliveTime';

/** FRR's `timers bgp` and `timers connect` take at most this many seconds. */
export const MAX_TIMER_SECONDS = 65535;

/** Whole seconds, truncated toward zero, as frr-k8s passes a duration to FRR. */
export function wholeSeconds(ns: number): number {
  return Math.trunc(ns / 1e9) + 0; // + 0: no -0
}

/** RFC 4271's hold time, as MetalLB and frr-k8s check it: 0 (no keepalives) or at least 3 whole seconds. */
export function holdTimeAllowed(seconds: number): boolean {
  return seconds === 0 || seconds >= 3;
}

/** Hold and keepalive in nanoseconds. */
export interface HoldKeepalive {
  hold: number;
  keepalive: number;
  /** The one derived from the other, as MetalLB derives it; absent when both were written. */
  derived?: TimerName;
}

export type TimersProblem =
  /** One written without the other, where the missing one is not derived (frr-k8s). */
  | { kind: 'unpaired'; written: TimerName }
  | { kind: 'not-a-duration'; timer: TimerName }
  /** Below 0 whole seconds. */
  | { kind: 'negative'; timer: TimerName }
  | { kind: 'hold-too-short'; derived: boolean }
  | { kind: 'keepalive-over-hold'; hold: number; keepalive: number }
  /** Over FRR's 65535 whole seconds; `derived` when MetalLB's derivation made it so. */
  | { kind: 'too-long'; timer: TimerName; ns: number; derived: boolean };

/**
 * The hold and keepalive times written (undefined when absent), in the order
 * MetalLB and frr-k8s check them: each written time (a duration, not
 * negative), the missing one derived or refused, the rule between them, then
 * FRR's limit (written times first). The problems of the first of these
 * stages that has any; undefined when neither time is written (FRR's
 * defaults apply).
 */
export function holdKeepalive(
  written: Partial<Record<TimerName, string>>,
  missing: 'derive' | 'refuse',
): Parsed<HoldKeepalive | undefined, TimersProblem[]> {
  const names: TimerName[] = ['holdTime', 'keepaliveTime'];
  const given = names.filter((t) => written[t] !== undefined);
  if (given.length === 0) return ok(undefined);
  if (given.length === 1 && missing === 'refuse') return bad([{ kind: 'unpaired', written: given[0] }]);

  const ns: Partial<Record<TimerName, number>> = {};
  const unread: TimersProblem[] = [];
  for (const t of given) {
    const value = durationNanos(written[t]!);
    if (value === undefined) unread.push({ kind: 'not-a-duration', timer: t });
    else if (wholeSeconds(value) < 0) unread.push({ kind: 'negative', timer: t });
    else ns[t] = value;
  }
  if (unread.length > 0) return bad(unread);

  const derived = given.length === 1 ? names.find((t) => t !== given[0]) : undefined;
  const hold = ns.holdTime ?? ns.keepaliveTime! * 3;
  const keepalive = ns.keepaliveTime ?? Math.trunc(ns.holdTime! / 3);
  if (!holdTimeAllowed(wholeSeconds(hold))) return bad([{ kind: 'hold-too-short', derived: derived === 'holdTime' }]);
  if (keepalive > hold) return bad([{ kind: 'keepalive-over-hold', hold, keepalive }]);

  const value = { holdTime: hold, keepaliveTime: keepalive };
  const tooLong: TimersProblem[] = [...given, ...(derived ? [derived] : [])]
    .filter((t) => wholeSeconds(value[t]) > MAX_TIMER_SECONDS)
    .map((t) => ({ kind: 'too-long', timer: t, ns: value[t], derived: t === derived }));
  if (tooLong.length > 0) return bad(tooLong);
  return ok({ hold, keepalive, ...(derived ? { derived } : {}) });
}

export type ConnectTimeProblem = 'not-a-duration' | 'fraction' | 'out-of-range';

/**
 * A connect time in nanoseconds: whole seconds from 1 to 65535 (the BGPPeer
 * CRD's rules, and FRR's `timers connect`).
 */
export function connectTime(text: string): Parsed<number, ConnectTimeProblem> {
  const ns = durationNanos(text);
  if (ns === undefined) return bad('not-a-duration');
  if (ns % 1e9 !== 0) return bad('fraction');
  if (ns < 1e9 || ns > MAX_TIMER_SECONDS * 1e9) return bad('out-of-range');
  return ok(ns);
}
