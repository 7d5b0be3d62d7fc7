// examples/ci: the exact commands of the GitHub Actions workflow's diff step
// and of the GitLab job's script, run with bash against a temporary git
// repository holding a package and two commits on top of it: a harmless one
// (exit 1, the summary table) and one that removes a BGP peer (the
// session-removal guard trips: exit 3, and the job fails).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { e2eDescribe, missing } from '../lib/e2e.ts';
import { BIN, requireBuild, ROOT, run, tempDir } from '../lib/fixtures.ts';

interface Workflow {
  jobs: Record<string, { env: Record<string, string>; steps: Array<{ id?: string; run?: string }> }>;
}
interface GitLab {
  'bgp-diff': { variables: Record<string, string>; script: string[] };
}

e2eDescribe('examples/ci: the review recipe against a git repository', { skip: missing('git', 'bash') }, () => {
  let t: { dir: string; cleanup: () => void };
  let repo: string;
  let env: NodeJS.ProcessEnv;
  const commits: string[] = [];
  const git = (...args: string[]) => {
    const r = run('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: repo, env });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };

  before(() => {
    requireBuild();
    t = tempDir('ci');
    repo = join(t.dir, 'repo');
    const bin = join(t.dir, 'bin');
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, 'metallb-frr'));
    // HOME of its own: the recipe sets git's safe.directory globally.
    env = { PATH: `${bin}:${process.env.PATH}`, HOME: t.dir, GIT_CONFIG_NOSYSTEM: '1' };
    const pkg = join(repo, 'clusters', 'prod');
    cpSync(join(ROOT, 'examples', 'seed'), pkg, { recursive: true });
    rmSync(join(pkg, 'generated'), { recursive: true });
    writeFileSync(join(pkg, 'second-peer.yaml'), 'apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: tor-b, namespace: metallb-system}\nspec: {myASN: 65001, peerASN: 65002, peerAddress: 10.0.0.2}\n');
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
    commits.push(git('rev-parse', 'HEAD'));
    // Harmless: a comment, and the advertisement tags its routes with a community.
    writeFileSync(join(pkg, 'bgp-advertisement.yaml'), `# Tagged for the ToRs.\n${readFileSync(join(pkg, 'bgp-advertisement.yaml'), 'utf8')}  communities: ["65001:100"]\n`);
    git('commit', '-qam', 'tag the pool');
    commits.push(git('rev-parse', 'HEAD'));
    git('rm', '-q', 'clusters/prod/second-peer.yaml');
    git('commit', '-qm', 'drop tor-b');
    commits.push(git('rev-parse', 'HEAD'));
  });
  after(() => t?.cleanup());

  /** Runs a script with bash in the repository at `head`; returns the exit status and bgp-diff.md. */
  function runScript(script: string, head: string, vars: Record<string, string>): { status: number; markdown: string; stdout: string; stderr: string } {
    git('checkout', '-q', head);
    const r = run('bash', ['-e', '-c', script], { cwd: repo, env: { ...env, ...vars } });
    return { status: r.status ?? -1, markdown: readFileSync(join(repo, 'bgp-diff.md'), 'utf8'), stdout: r.stdout, stderr: r.stderr };
  }

  const github = () => {
    const wf = parse(readFileSync(join(ROOT, 'examples/ci/github-actions.yaml'), 'utf8')) as Workflow;
    const job = wf.jobs['bgp-diff'];
    const step = job.steps.find((s) => s.id === 'diff')!;
    return { script: step.run!, env: job.env };
  };

  test('GitHub Actions, a harmless change: exit 1 in the step output, the summary table in the comment', () => {
    const { script, env: jobEnv } = github();
    const out = join(t.dir, 'github-output');
    writeFileSync(out, '');
    const r = runScript(script, commits[1], { PACKAGE: jobEnv.PACKAGE, BASE_SHA: commits[0], GITHUB_OUTPUT: out });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(out, 'utf8'), 'status=1\n');
    assert.match(r.markdown, /^\| 1 of 1 \| 0 \| 0 \| 0 \| 0 \| 0 \|$/m);
    assert.match(r.markdown, /~ {5}10\.200\.0\.0\/24: communities \+65001:100/);
    assert.match(r.markdown, /:white_check_mark: ok `session-removal`/);
  });

  test('GitHub Actions, a peer removed: the session-removal guard trips (exit 3)', () => {
    const { script, env: jobEnv } = github();
    const out = join(t.dir, 'github-output');
    writeFileSync(out, '');
    const r = runScript(script, commits[2], { PACKAGE: jobEnv.PACKAGE, BASE_SHA: commits[1], GITHUB_OUTPUT: out });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(out, 'utf8'), 'status=3\n');
    assert.match(r.markdown, /:x: \*\*tripped\*\* `session-removal`: 1 session removed: every node: neighbor 10\.0\.0\.2 \(AS 65001\)/);
    assert.match(r.stderr, /guard session-removal tripped/);
  });

  test('GitLab CI: the same two changes; the job fails on the second', () => {
    const job = (parse(readFileSync(join(ROOT, 'examples/ci/gitlab-ci.yml'), 'utf8')) as GitLab)['bgp-diff'];
    const script = job.script.join('\n');
    const vars = { ...job.variables, CI_API_V4_URL: 'http://127.0.0.1:9', CI_PROJECT_ID: '1', CI_MERGE_REQUEST_IID: '1' };
    let r = runScript(script, commits[1], { ...vars, CI_MERGE_REQUEST_DIFF_BASE_SHA: commits[0] });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.markdown, /^\| 1 of 1 \| 0 \| 0 \| 0 \| 0 \| 0 \|$/m);
    r = runScript(script, commits[2], { ...vars, CI_MERGE_REQUEST_DIFF_BASE_SHA: commits[1] });
    assert.notEqual(r.status, 0, 'the job fails');
    assert.match(r.markdown, /\*\*tripped\*\* `session-removal`/);
    assert.match(readFileSync(join(repo, 'bgp-diff.status'), 'utf8'), /^3$/m);
  });
});
