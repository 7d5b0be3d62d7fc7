// `metallb-frr build [DIR|-]`: a plain manifest stream in (an app directory,
// or stdin), the manifests to apply out. For CI pipelines, the Argo CD plugin
// and kustomize's legacy exec plugin. Flags, input and output here; the work
// is src/compile/build.ts.
import { readFileSync } from 'node:fs';
import { parseFlags, streamed, UsageError, type RunResult } from '../src/api/command-line.ts';
import type { KubeObject } from '../src/api/k8s.ts';
import { build } from '../src/compile/build.ts';
import { readApp, type FileProblem } from '../src/krm/dir.ts';
import { inputLimit, tooLargeProblem } from '../src/krm/limits.ts';
import { InputError } from '../src/krm/resourcelist.ts';
import { parseStream, streamTexts, type StreamObject } from '../src/krm/stream.ts';

export const BUILD_USAGE = `usage: metallb-frr build [DIR|-] [--config FILE] [--metallb-namespace NS] [--frrk8s-namespace NS] [--advertise pools|services] [--strict] [--env-prefix PREFIX] [--argocd] [--max-input-size SIZE]`;

/** `readStdin` may refuse (InputError) more than the given number of bytes. */
export function runBuild(argv: string[], readStdin: (maxBytes: number) => string, env: NodeJS.ProcessEnv = process.env): RunResult {
  let args;
  let limit: number;
  try {
    args = parseFlags({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        'metallb-namespace': { type: 'string' },
        'frrk8s-namespace': { type: 'string' },
        advertise: { type: 'string' },
        strict: { type: 'boolean' },
        'env-prefix': { type: 'string' },
        argocd: { type: 'boolean' },
        'max-input-size': { type: 'string' },
      },
    });
    if (args.positionals.length > 1) throw new UsageError('build takes one DIR (or - for stdin)');
    if (args.values['env-prefix'] === '') throw new UsageError('--env-prefix must not be empty');
    const l = inputLimit(args.values['max-input-size'], env);
    if (typeof l === 'string') throw new UsageError(l);
    limit = l;
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n${BUILD_USAGE}\n` };
    throw e;
  }
  const from = args.positionals[0] ?? '-';

  let items: StreamObject[];
  let fileProblems: FileProblem[] = [];
  let config: KubeObject | undefined;
  try {
    if (from === '-') {
      items = parseStream(limited(readStdin(limit), limit), 'stdin');
    } else {
      const app = readApp(from, env, limit);
      items = app.objects;
      fileProblems = app.problems;
    }
    if (args.values.config) {
      const cfgDocs = parseStream(readFileSync(args.values.config, 'utf8'), args.values.config);
      if (cfgDocs.length !== 1) throw new InputError(`${args.values.config}: expected exactly one configuration object`);
      config = cfgDocs[0].obj;
    }
  } catch (e) {
    if (e instanceof InputError || (e as NodeJS.ErrnoException).code) return { code: 1, stdout: '', stderr: `error: ${(e as Error).message}\n` };
    throw e;
  }

  const r = build({
    items,
    fileProblems,
    ...(config ? { config } : {}),
    flags: args.values,
    env,
    ...(args.values['env-prefix'] !== undefined ? { envPrefix: args.values['env-prefix'] } : {}),
    argocd: args.values.argocd === true,
  });
  const stderr = r.lines.map((l) => l + '\n').join('');
  if (!r.objects) return { code: 1, stdout: '', stderr };
  const objects = r.objects;
  // Written object by object (fn/main.ts): the output may be larger than one string.
  return streamed(0, () => streamTexts(objects), stderr);
}

/** The text, unless it is over the limit (a reader that does not check it itself). */
function limited(text: string, limit: number): string {
  if (Buffer.byteLength(text) > limit) throw new InputError(tooLargeProblem('the input on stdin', limit));
  return text;
}
