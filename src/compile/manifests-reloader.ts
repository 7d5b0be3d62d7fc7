// The reloader: a POSIX sh script (frr-reloader.sh, shellchecked) that runs
// in the FRR image next to FRR and applies the frr.conf the node agent
// writes. Its header describes the protocol; the shared directory and the
// names of its files are the agent's contract (src/api/agent.ts; a unit test
// checks that the script uses them).
import RELOADER_SCRIPT from './frr-reloader.sh';

export { RELOADER_SCRIPT };
