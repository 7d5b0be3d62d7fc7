// Go's time.Duration text form, as metav1.Duration carries it in Kubernetes
// objects: parse ("1m30s", "90s", "1.5h", "300ms") and format ("1m30s").
// Values are whole nanoseconds, as Go holds them.

const UNIT_NANOS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * Whole nanoseconds, or undefined when the text is not a Go duration. As Go's
 * time.ParseDuration: a fraction below a nanosecond is dropped, not rounded
 * ("3.0000000006s" is 3s). Unlike it, a value past 2^63 ns (292 years) is not
 * refused here: every caller refuses far less.
 */
export function durationNanos(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  const re = /^(?:(\d+)(?:\.(\d*))?|\.(\d+))(ns|us|µs|μs|ms|s|m|h)/;
  let total = 0;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m) return undefined;
    const unit = UNIT_NANOS[m[4]];
    total += Number(m[1] ?? 0) * unit + fractionNanos(m[2] ?? m[3] ?? '', unit);
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** Go's leadingFraction and its use: the digits as an integer over a power of ten, times the unit, truncated. */
function fractionNanos(digits: string, unit: number): number {
  let f = 0n;
  let scale = 1;
  for (const d of digits) {
    // Go stops taking digits where the integer would overflow an int64.
    if (f > MAX_INT64 / 10n) break;
    const y = f * 10n + BigInt(d);
    if (y > MAX_INT64 + 1n) break;
    f = y;
    scale *= 10;
  }
  return f === 0n ? 0 : Math.trunc(Number(f) * (unit / scale));
}

/** Milliseconds, or undefined when the text is not a Go duration (the agent's flags). */
export function parseDuration(text: string): number | undefined {
  const ns = durationNanos(text);
  return ns === undefined ? undefined : ns / 1e6;
}

/** Formats nanoseconds the way Go's Duration.String() does: 1m30s, 3m0s, 500ms, 0s. */
export function formatNanos(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let rest = Math.abs(ns);
  let out: string;
  if (rest < 1e9) {
    out = `${trim(rest / 1e6)}ms`;
  } else {
    const h = Math.floor(rest / 3600e9);
    rest -= h * 3600e9;
    const m = Math.floor(rest / 60e9);
    rest -= m * 60e9;
    const s = `${trim(rest / 1e9)}s`;
    out = h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s;
  }
  return neg ? `-${out}` : out;
}

function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}
