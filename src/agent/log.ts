// JSON logs, one object per line: {"time","level","msg",...fields}. Fields
// are plain values the agent chooses (names, counts, durations, messages the
// FRR library worded); no Kubernetes object, Secret or frr.conf text is ever
// passed here.
import { LOG_LEVELS, type LogLevel } from '../api/agent.ts';

export type Fields = Record<string, string | number | boolean | undefined | string[]>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

/** A logger writing lines at `level` and above to `write` (stdout by default). */
export function jsonLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const at = (l: LogLevel) => (msg: string, fields: Fields = {}) => {
    if (LOG_LEVELS.indexOf(l) < min) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: l, msg };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) entry[k] = v;
    write(JSON.stringify(entry) + '\n');
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that keeps its lines (tests). */
export function memoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, ...jsonLogger('debug', (l) => lines.push(JSON.parse(l) as Record<string, unknown>)) };
}
