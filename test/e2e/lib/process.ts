// Processes an end-to-end test starts itself (the agent, a stand-in
// reloader): output appended to a log file, stopped as the kubelet stops a
// container (SIGTERM, SIGKILL after a grace period).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** Starts cmd with its stdout and stderr appended to logFile, env added to ours. */
export function launch(cmd: string, args: string[], logFile: string, env: Record<string, string> = {}): ChildProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
  closeSync(fd);
  return child;
}

/** SIGTERM, SIGKILL after 10 s; resolves with the exit code (null: killed by a signal). */
export function stop(child: ChildProcess | undefined): Promise<number | null> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
