// dist/metallb-frr: with no arguments, the KRM function (ResourceList on
// stdin → stdout), as kpt and kustomize run it. Subcommands share the binary.
// Only what the chosen mode needs is loaded: the agent and its dependencies
// live in dist/agent.cjs, required on demand, so the function starts fast.
import { readSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { RunResult } from '../src/api/command-line.ts';
import { inputLimit, tooLargeProblem } from '../src/krm/limits.ts';
import { InputError } from '../src/krm/resourcelist.ts';
import { writeAll, writeParts } from '../src/krm/output.ts';
import { runBuild, BUILD_USAGE } from './build.ts';
import { runConvert } from './convert.ts';
import { runFunction } from './function.ts';
import { renderCommand } from './render.ts';

const VERSION = process.env.METALLB_FRR_VERSION ?? '0.1.0';

const USAGE = `metallb-frr ${VERSION}: MetalLB CRs in, FRR-K8s FRRConfigurations out.

usage:
  metallb-frr                      KRM function: ResourceList on stdin, ResourceList on stdout
  ${BUILD_USAGE.replace('usage: ', '')}
                                   plain manifest stream out (CI, Argo CD plugin)
  metallb-frr convert-configmap [FILE|-]
                                   MetalLB's pre-0.13 ConfigMap in, MetalLB resources out
  metallb-frr kustomize-plugin CONFIG
                                   kustomize legacy exec plugin (resources on stdin)
  metallb-frr render --node NAME [--labels k=v,...] [--secrets] [--hostname NAME]
                     [--namespace NS] [--log-level LEVEL] [--max-input-size SIZE]
                                   merge FRRConfigurations (stdin) for a node, print frr.conf
  metallb-frr diff OLD NEW [--output text|markdown|json] [--nodes FILE] [--config FILE]
                  [--frrk8s-namespace NS] [--forbid session-removal|node-isolation|password-change]...
                  [--max-withdrawn N|P%]
                                   BGP-level changes between two revisions (DIR, FILE, - or git:REV:PATH);
                                   exit 0 none, 1 changes, 2 error, 3 a guard tripped
  metallb-frr explain [DIR|-] --node NAME [--labels k=v,...] (--prefix P | --service NS/NAME | --peer NAME)
                     [--config FILE] [--output text|json]
                                   why a prefix, service or peer is (or is not) announced from a node
  metallb-frr agent --node-name NAME --namespace NS [...]
                                   the node agent (see README)
  metallb-frr version | help
`;

/** stdin, at most `maxBytes` of it: more is an InputError, without reading the rest. */
function readStdin(maxBytes = Infinity): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // No stdin at all (closed, or a TTY that cannot be read) reads as empty.
      if (code === 'EOF' || (code === 'EAGAIN' && total === 0)) break;
      if (code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // a non-blocking pipe, not ready: wait 1 ms
      continue;
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw new InputError(tooLargeProblem('the input on stdin', maxBytes));
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** The function's input limit (environment only: its configuration is in the input). */
function functionInput(): string | RunResult {
  const limit = inputLimit(undefined);
  if (typeof limit === 'string') return { code: 2, stdout: '', stderr: `error: ${limit}\n` };
  try {
    return readStdin(limit);
  } catch (e) {
    if (e instanceof InputError) return { code: 1, stdout: '', stderr: `error: ${e.message}\n` };
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  let r: RunResult;
  switch (cmd) {
    case undefined: {
      const input = functionInput();
      r = typeof input === 'string' ? runFunction(input) : input;
      break;
    }
    case 'build':
      r = runBuild(rest, readStdin);
      break;
    case 'convert-configmap':
      r = runConvert(rest, readStdin);
      break;
    case 'kustomize-plugin':
      // kustomize passes the plugin's own config file as the first argument.
      if (rest.length !== 1) {
        r = { code: 2, stdout: '', stderr: 'error: kustomize-plugin takes the path of the plugin config file\n' };
        break;
      }
      r = runBuild(['-', '--config', rest[0]], readStdin);
      break;
    case 'render':
      r = await renderCommand(rest, readStdin);
      break;
    case 'diff':
      r = (await loadReview()).runDiff(rest, readStdin, { isTTY: isatty(1) });
      break;
    case 'explain':
      r = (await loadReview()).runExplain(rest, readStdin);
      break;
    case 'agent':
      return (await loadAgent()).agentMain(rest);
    case 'version':
    case '--version':
      r = { code: 0, stdout: `${VERSION}\n`, stderr: '' };
      break;
    case 'help':
    case '--help':
    case '-h':
      r = { code: 0, stdout: USAGE, stderr: '' };
      break;
    default:
      r = { code: 2, stdout: '', stderr: `error: unknown command "${cmd}"\n\n${USAGE}` };
  }
  if (r.stdoutParts) writeParts(1, r.stdoutParts());
  else writeAll(1, r.stdout);
  writeAll(2, r.stderr);
  return r.code;
}

// In the bundle, the agent is a separate file next to it (dist/agent.cjs);
// from source (tests, tsx) it is the TypeScript module. The specifier is kept
// out of esbuild's sight so that the agent is not bundled into the CLI.
declare const AGENT_BUNDLE: string | undefined;
interface AgentModule {
  agentMain(argv: string[]): Promise<number>;
}
async function loadAgent(): Promise<AgentModule> {
  if (typeof AGENT_BUNDLE === 'string') return require(`${__dirname}/${AGENT_BUNDLE}`) as AgentModule;
  const source = '../src/agent/main.ts';
  return (await import(source)) as AgentModule;
}

// The review commands likewise (dist/review.cjs).
declare const REVIEW_BUNDLE: string | undefined;
type ReviewModule = typeof import('./review.ts');
async function loadReview(): Promise<ReviewModule> {
  if (typeof REVIEW_BUNDLE === 'string') return require(`${__dirname}/${REVIEW_BUNDLE}`) as ReviewModule;
  const source = './review.ts';
  return (await import(source)) as ReviewModule;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not bad input: say so plainly, with the stack for the report.
    process.stderr.write(`internal error (please report): ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 3;
  },
);
