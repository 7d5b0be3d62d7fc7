// The reloader protocol end to end on one machine: the agent's FileReloader
// against the real reloader script (src/compile/frr-reloader.sh), run
// by sh, with a stand-in for frr-reload.py that succeeds or fails on demand
// and echoes a password line the way frr-reload.py echoes config lines.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileReloader, parseResult, transientCause, type ReloadResult } from '../../src/agent/reloader.ts';
import { RELOADER_DIR, RELOADER_FILES } from '../../src/api/agent.ts';
import { RELOADER_SCRIPT } from '../../src/compile/manifests-reloader.ts';
import { tempDir } from '../lib/fixtures.ts';

// How long a wait for the script (a file it writes, a process it starts or
// ends) may take before the test fails: generous, since it is reached only
// when something is wrong or the machine is very busy (a mutation run beside
// the suite made 5 s too short).
const WAIT_MS = 30_000;

const FAKE_FRR_RELOAD = `#!/bin/sh
# Stand-in for frr-reload.py: MODE --stdout ... FILE (the file is the last argument).
mode=$1
for a in "$@"; do file=$a; done
echo "called with $mode"
if grep -q FAIL_TEST "$file" && [ "$mode" = --test ]; then echo "line 3: % Unknown command: FAIL_TEST"; exit 1; fi
if grep -q FAIL_RELOAD "$file" && [ "$mode" = --reload ]; then
  echo "Failed to execute neighbor 10.0.0.9 password hunter2"
  echo "Failed to execute neighbor password password hunter3 (a session over an interface named password)"
  printf '\\033[91m  ERROR\\033[0m: bgpd refused a line\\n'
  exit 1
fi
if grep -q LOCKED "$file" && [ "$mode" = --reload ]; then
  echo "% Can't enter config; candidate datastore locked by another session"
  i=0; while [ $i -lt 70 ]; do echo "line $i of frr-reload.py's log"; i=$((i + 1)); done
  exit 0
fi
[ "$mode" = --reload ] && cp "$file" "$FRR_CONFDIR/frr.conf"
exit 0
`;

/**
 * Stand-in for vtysh's `show daemons`: the daemons listed in the file
 * `answering` beside it (all the watched ones unless the test says otherwise).
 */
const FAKE_VTYSH = `#!/bin/sh
cat "$(dirname "$0")/answering" 2>/dev/null || echo " zebra bgpd"
`;

describe('reloader script and FileReloader', () => {
  let t: { dir: string; cleanup: () => void };
  let shared: string;
  let frr: string;
  let script: ChildProcess;
  let log = '';

  const setPid = (daemon: string, pid: number) => writeFileSync(join(frr, `${daemon}.pid`), `${pid}\n`);

  before(async () => {
    t = tempDir('reloader');
    shared = join(t.dir, 'shared');
    frr = join(t.dir, 'frr');
    mkdirSync(shared);
    mkdirSync(frr);
    writeFileSync(join(t.dir, 'fake-frr-reload'), FAKE_FRR_RELOAD, { mode: 0o755 });
    writeFileSync(join(t.dir, 'vtysh'), FAKE_VTYSH, { mode: 0o755 });
    writeFileSync(join(t.dir, 'reloader.sh'), RELOADER_SCRIPT);
    setPid('zebra', process.pid);
    setPid('bgpd', process.pid);
    script = spawn('sh', [join(t.dir, 'reloader.sh')], {
      env: {
        PATH: process.env.PATH,
        RELOADER_DIR: shared,
        FRR_RELOAD: join(t.dir, 'fake-frr-reload'),
        FRR_BINDIR: t.dir,
        PYTHON: 'sh',
        FRR_CONFDIR: frr,
        FRR_RUNDIR: frr,
        FRR_DAEMONS: 'zebra bgpd',
        POLL_INTERVAL: '0.05',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    script.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    script.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + WAIT_MS;
    // The first loop writes the daemons, then the heartbeat: wait for both.
    const started = () => existsSync(join(shared, RELOADER_FILES.daemons)) && existsSync(join(shared, RELOADER_FILES.heartbeat));
    while (!started() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  });

  after(() => {
    if (script.exitCode === null) script.kill('SIGKILL');
    t.cleanup();
  });

  const reloader = (timeoutMs = 5000) => new FileReloader(shared, { timeoutMs, pollMs: 10 });

  it('is valid POSIX sh (sh -n)', () => {
    const r = spawnSync('sh', ['-n', join(t.dir, 'reloader.sh')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('publishes the daemons and a heartbeat', () => {
    assert.equal(readFileSync(join(shared, RELOADER_FILES.daemons), 'utf8'), `zebra:${process.pid} bgpd:${process.pid}\n`);
    assert.match(readFileSync(join(shared, RELOADER_FILES.heartbeat), 'utf8'), /^\d{10}\n$/);
    assert.equal(reloader().daemons(), `zebra:${process.pid} bgpd:${process.pid}`);
  });

  it('tests, then applies a candidate and answers ok with the daemons', async () => {
    const conf = 'frr defaults traditional\nhostname node1\n';
    const r = await reloader().reload(conf);
    assert.equal(r.status, 'ok', `${r.message}\n${log}`);
    assert.equal(r.stage, 'reload');
    assert.equal(r.daemons, `zebra:${process.pid} bgpd:${process.pid}`);
    assert.equal(r.after, r.daemons, 'the daemons when the reload ended');
    assert.match(r.message, /called with --reload/);
    assert.equal(readFileSync(join(frr, 'frr.conf'), 'utf8'), conf);
    // The candidate holds passwords: only its owner may read it.
    assert.equal(statSync(join(shared, RELOADER_FILES.candidate)).mode & 0o777, 0o600);
  });

  it('a candidate that fails --test is not applied', async () => {
    const r = await reloader().reload('hostname x\nFAIL_TEST\n');
    assert.equal(r.status, 'failed');
    assert.equal(r.stage, 'test');
    assert.match(r.message, /line 3: % Unknown command: FAIL_TEST/);
    assert.doesNotMatch(readFileSync(join(frr, 'frr.conf'), 'utf8'), /FAIL_TEST/);
  });

  it('a failed --reload is reported with passwords redacted and colours stripped', async () => {
    const r = await reloader().reload('hostname x\nFAIL_RELOAD\n');
    assert.equal(r.status, 'failed');
    assert.equal(r.stage, 'reload');
    assert.match(r.message, /password <redacted>/);
    assert.match(r.message, /ERROR: bgpd refused a line/);
    assert.ok(!r.message.includes('\x1b'));
    assert.match(r.message, /^Failed to execute neighbor password <redacted>$/m);
    for (const secret of ['hunter2', 'hunter3']) assert.ok(!readFileSync(join(shared, RELOADER_FILES.result), 'utf8').includes(secret), `${secret}: not even in the result file`);
  });

  it('a reload that exits 0 while FRR 10 refused lines to another session\'s lock is a failure', async () => {
    const r = await reloader().reload('hostname x\nLOCKED\n');
    assert.equal(r.status, 'failed');
    assert.equal(r.stage, 'reload');
    assert.equal(r.busy, 'locked', 'seen in the whole output, not only in the tail the result keeps');
    assert.doesNotMatch(r.message, /locked/);
    assert.equal(transientCause(r), "FRR's configuration is locked by another session");
  });

  it('waits while a daemon is down, then applies', async () => {
    setPid('bgpd', 2 ** 22 + 12345); // no such process
    const pending = reloader(WAIT_MS).reload('hostname waited\n');
    // The script notices within a few polls; under load that can take a while.
    const deadline = Date.now() + WAIT_MS;
    const noticed = () => /bgpd:-/.test(readFileSync(join(shared, RELOADER_FILES.daemons), 'utf8')) && /waits for FRR/.test(log);
    while (!noticed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.match(readFileSync(join(shared, RELOADER_FILES.daemons), 'utf8'), /bgpd:-/);
    assert.match(log, /waits for FRR/);
    setPid('bgpd', process.pid);
    const r = await pending;
    assert.equal(r.status, 'ok');
    assert.equal(readFileSync(join(frr, 'frr.conf'), 'utf8'), 'hostname waited\n');
  });

  it('waits while a daemon runs but does not answer vtysh yet (vtysh would skip its part and frr-reload.py succeed), then applies', async () => {
    writeFileSync(join(t.dir, 'answering'), ' zebra\n');
    const pending = reloader(WAIT_MS).reload('hostname answered\n');
    // The script notices within a few polls; under load that can take a while.
    const waiting = /waits for FRR: zebra:\d+ bgpd:\d+ \(bgpd does not answer vtysh yet\)/;
    const deadline = Date.now() + WAIT_MS;
    while (!waiting.test(log) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.match(log, waiting);
    assert.notEqual(readFileSync(join(frr, 'frr.conf'), 'utf8'), 'hostname answered\n');
    writeFileSync(join(t.dir, 'answering'), ' zebra bgpd\n');
    const r = await pending;
    assert.equal(r.status, 'ok');
    assert.equal(readFileSync(join(frr, 'frr.conf'), 'utf8'), 'hostname answered\n');
  });

  it('a newer request replaces an older one that was not handled yet', async () => {
    setPid('bgpd', 2 ** 22 + 12345);
    const rl = reloader(1000);
    const first = rl.reload('hostname first\n');
    const second = reloader(WAIT_MS).reload('hostname second\n');
    setPid('bgpd', process.pid);
    assert.equal((await first).status, 'timeout', 'the first id is never answered');
    assert.equal((await second).status, 'ok');
    assert.equal(readFileSync(join(frr, 'frr.conf'), 'utf8'), 'hostname second\n');
  });

  it('stops on SIGTERM', async () => {
    const code = await new Promise<number | null>((resolve) => {
      script.once('exit', (c) => resolve(c));
      script.kill('SIGTERM');
    });
    assert.equal(code, 0);
  });

  it('without a reloader the answer is a timeout', async () => {
    const r = await reloader(150).reload('hostname nobody\n');
    assert.equal(r.status, 'timeout');
    assert.match(r.message, /did not answer within/);
  });

  it('an unwritable directory is a failure, not an exception', async () => {
    const r = await new FileReloader(join(t.dir, 'missing'), { timeoutMs: 100 }).reload('x\n');
    assert.equal(r.status, 'failed');
    assert.equal(r.stage, 'write');
  });
});

// FRR 10 always runs mgmtd (staticd's and zebra's configuration live there):
// a restart of mgmtd alone must show in frr.daemons, and a request must wait
// while it is down. The pod sets no FRR_DAEMONS: the script's default decides.
describe('reloader script: the daemons it watches by default', () => {
  const watch = async (withMgmtd: boolean): Promise<{ first: string; t: { dir: string; cleanup: () => void }; script: ChildProcess; shared: string; frr: string }> => {
    const t = tempDir('reloader-daemons');
    const shared = join(t.dir, 'shared');
    const frr = join(t.dir, 'frr');
    const sbin = join(t.dir, 'sbin');
    for (const d of [shared, frr, sbin]) mkdirSync(d);
    for (const d of ['zebra', 'bgpd', 'staticd', 'bfdd', ...(withMgmtd ? ['mgmtd'] : [])]) writeFileSync(join(sbin, d), '#!/bin/sh\n', { mode: 0o755 });
    for (const d of ['zebra', 'bgpd', 'staticd', 'bfdd']) writeFileSync(join(frr, `${d}.pid`), `${process.pid}\n`);
    writeFileSync(join(t.dir, 'reloader.sh'), RELOADER_SCRIPT);
    // vtysh answers for every daemon.
    writeFileSync(join(sbin, 'vtysh'), '#!/bin/sh\necho " mgmtd zebra bgpd staticd bfdd"\n', { mode: 0o755 });
    const script = spawn('sh', [join(t.dir, 'reloader.sh')], {
      env: { PATH: process.env.PATH, RELOADER_DIR: shared, FRR_RUNDIR: frr, FRR_SBINDIR: sbin, FRR_BINDIR: sbin, PYTHON: 'true', POLL_INTERVAL: '0.05' },
      stdio: 'ignore',
    });
    const file = join(shared, RELOADER_FILES.daemons);
    const deadline = Date.now() + WAIT_MS;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { first: readFileSync(file, 'utf8').trim(), t, script, shared, frr };
  };

  it('FRR 8: zebra, bgpd, staticd and bfdd', async () => {
    const w = await watch(false);
    try {
      const p = process.pid;
      assert.equal(w.first, `zebra:${p} bgpd:${p} staticd:${p} bfdd:${p}`);
    } finally {
      w.script.kill('SIGKILL');
      w.t.cleanup();
    }
  });

  it('FRR 10: mgmtd too; a request waits until it runs', async () => {
    const w = await watch(true);
    try {
      const p = process.pid;
      assert.equal(w.first, `mgmtd:- zebra:${p} bgpd:${p} staticd:${p} bfdd:${p}`);
      const pending = new FileReloader(w.shared, { timeoutMs: 10_000, pollMs: 10 }).reload('hostname x\n');
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(!existsSync(join(w.shared, RELOADER_FILES.result)), 'no answer while mgmtd is down');
      writeFileSync(join(w.frr, 'mgmtd.pid'), `${p}\n`);
      const r = await pending;
      assert.equal(r.status, 'ok', r.message);
      assert.equal(r.daemons, `mgmtd:${p} zebra:${p} bgpd:${p} staticd:${p} bfdd:${p}`);
    } finally {
      w.script.kill('SIGKILL');
      w.t.cleanup();
    }
  });
});

// The script answers state requests from a loop of its own (a subshell): it
// must not outlive the main loop, even one killed without running its trap
// (SIGKILL), or it polls forever.
describe('reloader script: nothing outlives it', () => {
  /** Pids of the processes whose environment holds RELOADER_DIR=dir. */
  const processesOf = (dir: string): string[] =>
    readdirSync('/proc').filter((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`RELOADER_DIR=${dir}`);
      } catch {
        return false;
      }
    });

  /** Pids of the children of pid that run the same command line (subshells). */
  const subshellsOf = (pid: number): string[] => {
    const cmdline = (p: string | number): string | undefined => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'latin1');
      } catch {
        return undefined;
      }
    };
    const own = cmdline(pid);
    return readdirSync('/proc').filter((p) => {
      if (!/^\d+$/.test(p)) return false;
      try {
        // The parent pid is the second field after the command, which is in parentheses.
        const stat = readFileSync(`/proc/${p}/stat`, 'latin1');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === pid && own !== undefined && cmdline(p) === own;
      } catch {
        return false;
      }
    });
  };

  it('its state loop ends when the main loop is killed', { skip: existsSync('/proc/self/environ') ? false : 'no /proc' }, async () => {
    const t = tempDir('reloader-orphan');
    const shared = join(t.dir, 'shared');
    mkdirSync(shared);
    writeFileSync(join(t.dir, 'reloader.sh'), RELOADER_SCRIPT);
    const script = spawn('sh', [join(t.dir, 'reloader.sh')], {
      env: { PATH: process.env.PATH, RELOADER_DIR: shared, FRR_RUNDIR: t.dir, FRR_SBINDIR: t.dir, FRR_BINDIR: t.dir, PYTHON: 'true', POLL_INTERVAL: '0.05' },
      stdio: 'ignore',
    });
    try {
      // The state loop is the main shell's child that runs the same script (a
      // subshell). Short-lived children qualify too (mkdir, $(date) in log), so
      // the loop is the one still there 300 ms later.
      const deadline = Date.now() + WAIT_MS;
      let loop: string | undefined;
      while (loop === undefined && Date.now() < deadline) {
        const seen = subshellsOf(script.pid!);
        await new Promise((r) => setTimeout(r, 300));
        loop = subshellsOf(script.pid!).find((pid) => seen.includes(pid));
      }
      assert.ok(loop !== undefined, 'the main loop and the state loop run');
      script.kill('SIGKILL');
      const end = Date.now() + WAIT_MS;
      while (processesOf(shared).length > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(processesOf(shared), [], 'no process of the script is left');
    } finally {
      for (const pid of processesOf(shared)) process.kill(Number(pid), 'SIGKILL');
      t.cleanup();
    }
  });
});

describe('parseResult', () => {
  it('reads the header and the message', () => {
    assert.deepEqual(parseResult('id=a-1\nstatus=failed\nstage=test\ndaemons=zebra:1 bgpd:2\n\nline 1\nneighbor x password p\n'), {
      id: 'a-1',
      result: { status: 'failed', stage: 'test', daemons: 'zebra:1 bgpd:2', message: 'line 1\nneighbor x password <redacted>' },
    });
  });
  it('redacts everything after "password" on its line, and only on its line', () => {
    const { result } = parseResult('id=a\nstatus=failed\n\nneighbor password password hunter3\n! set a password\nneighbor eth0 remote-as 65000\n')!;
    assert.equal(result.message, 'neighbor password <redacted>\n! set a password\nneighbor eth0 remote-as 65000');
  });
  it('reads the daemons when the reload ended, and whether FRR was busy', () => {
    const r = parseResult('id=a\nstatus=failed\nstage=reload\ndaemons=zebra:1 bgpd:2\nafter=zebra:1 bgpd:-\nbusy=locked\n\n')?.result;
    assert.equal(r?.after, 'zebra:1 bgpd:-');
    assert.equal(r?.busy, 'locked');
  });
  it('ignores what is not an answer', () => {
    for (const text of ['', 'garbage', 'id=\nstatus=ok\n\n', 'id=x\nstatus=maybe\n\n', 'status=ok\n']) assert.equal(parseResult(text), undefined, JSON.stringify(text));
  });
});

describe('the reloader script and the agent agree on the protocol', () => {
  it('uses the shared directory and file names the agent uses', () => {
    assert.match(RELOADER_SCRIPT, new RegExp(`^: "\\$\\{RELOADER_DIR:=${RELOADER_DIR}\\}"$`, 'm'));
    const names: Record<keyof typeof RELOADER_FILES, string> = { candidate: 'candidate', request: 'request', result: 'result', daemons: 'daemons_file', heartbeat: 'heartbeat', stateRequest: 'state_request', state: 'state_result' };
    for (const [k, v] of Object.entries(names)) {
      assert.match(RELOADER_SCRIPT, new RegExp(`^${v}=\\$dir/${RELOADER_FILES[k as keyof typeof RELOADER_FILES].replace('.', '\\.')}$`, 'm'), k);
    }
    // Every file of the shared directory is named through those variables.
    const paths = RELOADER_SCRIPT.split('\n').filter((l) => !l.startsWith('#') && /\$dir\//.test(l) && !/^\w+=\$dir\//.test(l));
    assert.deepEqual(paths, []);
  });
});

describe('transientCause: FRR, not the candidate, was the problem', () => {
  const failed = (message: string, more: Partial<ReloadResult> = {}): ReloadResult => ({ status: 'failed', stage: 'reload', message, ...more });
  it('the configuration locked by another session (FRR 10 and FRR 8 words)', () => {
    assert.equal(transientCause(failed("% Can't enter config; candidate datastore locked by another session")), "FRR's configuration is locked by another session");
    assert.equal(transientCause(failed("% Can't enter config; running datastore locked by another session")), "FRR's configuration is locked by another session");
    assert.equal(transientCause(failed("vtysh 'configure' returned\n% Configuration is locked by other client")), "FRR's configuration is locked by another session");
  });
  it('FRR unreachable or the running configuration unreadable', () => {
    assert.equal(transientCause(failed('Exiting: failed to connect to any daemons.', { stage: 'test' })), "vtysh reaches none of FRR's daemons");
    assert.equal(transientCause(failed('frr_reload.VtyshException: vtysh (show running-config) exited with status 1:', { stage: 'test' })), "FRR's running configuration could not be read");
    assert.equal(transientCause(failed('VtyshException: vtysh returned status 1 for command "configure"')), 'vtysh could not enter configuration mode');
  });
  it('the daemons changed during the reload; no answer; the candidate not handed over', () => {
    assert.match(transientCause(failed('% Unknown command', { daemons: 'zebra:1 bgpd:2', after: 'zebra:1 bgpd:-' })) ?? '', /^FRR's daemons changed during the reload \(zebra:1 bgpd:2 -> zebra:1 bgpd:-\)$/);
    assert.equal(transientCause({ status: 'timeout', message: 'the reloader did not answer within 60s' }), 'no answer from the reloader');
    assert.equal(transientCause(failed('cannot write to /x: ENOENT', { stage: 'write' })), 'the candidate could not be handed over');
    assert.equal(transientCause(failed('cp: cannot stat', { stage: 'read' })), 'the candidate could not be handed over');
  });
  it('a refusal of the candidate is none of these', () => {
    for (const m of ['line 12: % Unknown command: frobnicate', 'vtysh failed to process new configuration: vtysh (mark file) exited with status 2:\nline 5: % Unknown command[28]:   network 10.200.0.0/33', 'Failed to execute neighbor 10.0.0.1 remote-as 65000\n% Invalid value']) {
      assert.equal(transientCause(failed(m)), undefined, m);
      assert.equal(transientCause(failed(m, { daemons: 'zebra:1', after: 'zebra:1' })), undefined, m);
    }
    assert.equal(transientCause({ status: 'ok', message: '' }), undefined);
  });
});
