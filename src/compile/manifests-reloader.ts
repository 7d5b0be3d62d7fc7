// The reloader: a POSIX sh script (frr-reloader.sh, shellchecked) that runs
// in the FRR image next to FRR and applies the frr.conf the node agent
// writes. Its header describes the protocol; the names of its files are
// below, for the agent (a unit test checks that the script uses them).
import RELOADER_SCRIPT from './frr-reloader.sh';

export { RELOADER_SCRIPT };

/** Names of the files in the shared directory. */
export const RELOADER_FILES = {
  candidate: 'frr.conf',
  request: 'reload.request',
  result: 'reload.result',
  daemons: 'frr.daemons',
  heartbeat: 'reloader.heartbeat',
} as const;

/** Where the pod mounts the shared directory (agent and reloader). */
export const RELOADER_DIR = '/etc/frr_reloader';
