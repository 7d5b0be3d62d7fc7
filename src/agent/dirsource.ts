// `--from-dir DIR`: FRRConfigurations and Secrets from files instead of the
// API server, for a node fed by git-sync (or any tool that updates a
// directory). Every *.yaml, *.yml and *.json file under DIR (following
// symlinks, skipping names that start with a dot, such as .git) is read;
// other kinds are ignored, and so are objects of other namespaces (objects
// without a namespace are taken to be in the agent's). The node's labels are
// --node-labels plus kubernetes.io/hostname=<node>.
//
// The directory is polled (`pollMs`): a change of any file's path, size or
// modification time re-reads it. A file that cannot be read or parsed is a
// conversion error (reported like a merge error): FRR keeps its last good
// configuration until the files are fixed, so a half-synced checkout never
// empties FRR.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocuments, yamlProblem } from '../krm/yaml.ts';
import { ALIAS_PROBLEM } from '../krm/resourcelist.ts';
import { FRRK8S_GROUP } from '../api/frrk8s.ts';
import type { KubeObject } from '../api/k8s.ts';
import { isSecret, secretsFrom, type NodeInfo } from '../frr/index.ts';
import type { Logger } from './log.ts';
import type { Inputs } from './reconciler.ts';

export class DirSource {
  private signature = '';
  private inputs: Inputs | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly namespace: string,
    private readonly node: NodeInfo,
    private readonly pollMs: number,
    private readonly log: Logger,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    this.poll();
    this.timer = setInterval(() => this.poll(), this.pollMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get synced(): boolean {
    return this.inputs !== undefined;
  }

  snapshot(): Inputs | undefined {
    return this.inputs;
  }

  /** Re-reads the directory when a file changed; returns whether it did. */
  poll(): boolean {
    const files: string[] = [];
    const problems: string[] = [];
    try {
      walk(this.dir, files);
    } catch (e) {
      problems.push(`${this.dir}: ${(e as Error).message}`);
    }
    const stats = files.map((f) => {
      try {
        const s = statSync(f);
        return `${f}:${s.size}:${s.mtimeMs}`;
      } catch {
        return `${f}:gone`;
      }
    });
    const signature = [...stats, ...problems].join('\n');
    if (signature === this.signature && this.inputs) return false;
    this.signature = signature;

    const objects: KubeObject[] = [];
    for (const f of files) {
      const where = relative(this.dir, f) || f;
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch (e) {
        problems.push(`${where}: ${(e as Error).message}`);
        continue;
      }
      parseDocuments(text).forEach((doc, i) => {
        const bad = (message: string) => problems.push(`${where}: not valid YAML (document ${i + 1}): ${message}`);
        if (doc.errors.length > 0) return bad(yamlProblem(doc.errors[0], text));
        let value: unknown;
        try {
          // Throws for what the parser lets through: an alias to no anchor, too many aliases.
          value = doc.toJS();
        } catch {
          return bad(ALIAS_PROBLEM);
        }
        if (value && typeof value === 'object' && !Array.isArray(value)) objects.push(value as KubeObject);
      });
    }
    const inNamespace = (o: KubeObject) => (o.metadata?.namespace ?? this.namespace) === this.namespace;
    const withNamespace = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, namespace: this.namespace } });
    const configs = objects
      .filter((o) => o.kind === 'FRRConfiguration' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith(`${FRRK8S_GROUP}/`) && inNamespace(o))
      .map(withNamespace);
    const secrets = objects.filter((o) => isSecret(o) && inNamespace(o)).map(withNamespace);
    this.inputs = { configs, secrets: secretsFrom(secrets), node: this.node, ...(problems.length ? { problems } : {}) };
    this.log.info('read the configuration directory', { dir: this.dir, files: files.length, configurations: configs.length, secrets: secrets.length, problems: problems.length });
    this.onChange();
    return true;
  }
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) walk(p, out);
    else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
  }
}
