// The agent's side of the reloader protocol (see the script and the protocol
// in src/compile/frr-reloader.sh; file names in src/api/agent.ts): write the candidate frr.conf
// atomically, then the request id; poll for the result with that id.
//
// Files are written with mode 0600: the candidate holds passwords, and the
// reloader runs as root in the same pod.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RELOADER_FILES } from '../api/agent.ts';
import { redactSecretText } from '../frr/index.ts';
import { AnswerPoll } from './answer-poll.ts';

export type ReloadStatus = 'ok' | 'failed' | 'timeout';

export interface ReloadResult {
  status: ReloadStatus;
  /** Where it failed: test (frr-reload.py --test), reload, read (the candidate). */
  stage?: string;
  /** frr-reload.py's output (passwords redacted) or why there is no answer. */
  message: string;
  /** The FRR daemons' pids when the reload started ("zebra:12 bgpd:34 ..."). */
  daemons?: string;
  /** Their pids when it ended (a daemon that restarted meanwhile shows here). */
  after?: string;
  /** The reloader saw FRR busy (`locked`: another session held its configuration). */
  busy?: string;
}

export interface Reloader {
  /** Applies `config` and resolves with the reloader's answer (never rejects). */
  reload(config: string): Promise<ReloadResult>;
  /** The FRR daemons' pids as the reloader last saw them; undefined before it wrote any. */
  daemons(): string | undefined;
  /** Stops waiting for answers (shutdown). */
  close(): void;
}

export interface FileReloaderOptions {
  /** Give up waiting for an answer after this long. */
  timeoutMs: number;
  /** How often to look for the answer. */
  pollMs?: number;
  /** Called once the request is written (benchmarks: event → reload requested). */
  onRequested?: (id: string) => void;
}

export class FileReloader implements Reloader {
  private readonly prefix = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly answers: AnswerPoll;

  constructor(
    readonly dir: string,
    private readonly opts: FileReloaderOptions,
  ) {
    this.answers = new AnswerPoll(opts.pollMs ?? 25);
  }

  reload(config: string): Promise<ReloadResult> {
    const id = `${this.prefix}-${++this.seq}-${Date.now()}`;
    try {
      writeAtomic(join(this.dir, RELOADER_FILES.candidate), config);
      writeAtomic(join(this.dir, RELOADER_FILES.request), `${id}\n`);
    } catch (e) {
      return Promise.resolve({ status: 'failed', stage: 'write', message: `cannot write to ${this.dir}: ${(e as Error).message}` });
    }
    this.opts.onRequested?.(id);
    return this.answers.until<ReloadResult>(
      () => {
        const answer = this.readResult();
        return answer?.id === id ? answer.result : undefined;
      },
      this.opts.timeoutMs,
      () => ({ status: 'timeout', message: `the reloader did not answer within ${Math.round(this.opts.timeoutMs / 1000)}s (is the reloader container running?)` }),
      () => ({ status: 'timeout', message: 'the agent is stopping' }),
    );
  }

  daemons(): string | undefined {
    try {
      return readFileSync(join(this.dir, RELOADER_FILES.daemons), 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.answers.close();
  }

  private readResult(): { id: string; result: ReloadResult } | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.dir, RELOADER_FILES.result), 'utf8');
    } catch {
      return undefined;
    }
    return parseResult(text);
  }
}

/** Parses reload.result: key=value lines, an empty line, the message. */
export function parseResult(text: string): { id: string; result: ReloadResult } | undefined {
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const fields: Record<string, string> = {};
  for (const line of head.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
  }
  if (!fields.id || (fields.status !== 'ok' && fields.status !== 'failed')) return undefined;
  // frr-reload.py prints the lines it changes; the reloader has redacted
  // them already, this is the agent's own guarantee (the reconciler also
  // scrubs the secrets it knows by value).
  const result: ReloadResult = { status: fields.status, message: redactSecretText(body.trimEnd()) };
  if (fields.stage) result.stage = fields.stage;
  if (fields.daemons) result.daemons = fields.daemons;
  if (fields.after) result.after = fields.after;
  if (fields.busy) result.busy = fields.busy;
  return { id: fields.id, result };
}

/**
 * What frr-reload.py and vtysh print when FRR, not the candidate, is the
 * problem: another session holds the configuration (FRR 10's mgmtd locks its
 * datastores while a file loads: the frr container's own start-up load, an
 * operator's `configure terminal file-lock`; FRR 8's `% Configuration is
 * locked by other client`), vtysh reaches no daemon, the running
 * configuration cannot be read, vtysh timed out.
 */
const FRR_UNAVAILABLE: ReadonlyArray<[RegExp, string]> = [
  [/locked by (?:an)?other (?:session|client)|configuration is locked/i, "FRR's configuration is locked by another session"],
  [/failed to connect to any daemons/i, "vtysh reaches none of FRR's daemons"],
  [/vtysh \((?:show|mark) running-config\) exited/i, "FRR's running configuration could not be read"],
  [/returned status \d+ for command "configure"/i, 'vtysh could not enter configuration mode'],
  [/vtysh call timed out/i, 'vtysh timed out'],
];

/**
 * Why a failed answer says nothing about the candidate, or undefined when FRR
 * refused the candidate itself. Such a failure is retried with backoff; a
 * refusal is not (until the inputs change or FRR restarts).
 */
export function transientCause(r: ReloadResult): string | undefined {
  if (r.status === 'ok') return undefined;
  if (r.status === 'timeout') return 'no answer from the reloader';
  if (r.stage === 'write' || r.stage === 'read') return 'the candidate could not be handed over';
  if (r.busy === 'locked') return FRR_UNAVAILABLE[0][1];
  if (r.daemons && r.after && r.after !== r.daemons) return `FRR's daemons changed during the reload (${r.daemons} -> ${r.after})`;
  for (const [re, cause] of FRR_UNAVAILABLE) if (re.test(r.message)) return cause;
  return undefined;
}

/** Writes through a temporary file and a rename: readers see the old or the new file, whole. */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}
