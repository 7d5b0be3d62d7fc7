// The review tools at scale: `metallb-frr diff` of two revisions of a
// cluster with 1,000 nodes (Node objects, 10 racks) and 100 BGP peers that
// every node peers with, 10 pools and 3 advertisements; the revisions differ
// in one advertisement (one more community). Measured against compiling one
// revision with `metallb-frr build` in the same run, both in process, on
// the same files, interleaved; medians. The diff reads and compiles both
// revisions without writing YAML, so it is also shown against reading and
// compiling one revision alone (what it does twice).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runBuild } from '../fn/build.ts';
import { runDiff } from '../fn/diff.ts';
import { configsOf, loadRevision } from '../src/review/revision.ts';
import type { Measurement } from './types.ts';

const NS = 'metallb-system';

export function clusterRevision(variant: 0 | 1, nodes = 1000, peers = 100): object[] {
  const objs: object[] = [];
  for (let i = 0; i < nodes; i++) objs.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${i}`, labels: { rack: `r${i % 10}` } } });
  for (let p = 0; p < peers; p++) {
    objs.push({ apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: `peer-${p}`, namespace: NS }, spec: { myASN: 64512, peerASN: 65000 + p, peerAddress: `172.16.${p >> 8}.${(p & 255) + 1}` } });
  }
  for (let k = 0; k < 10; k++) objs.push({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: `pool-${k}`, namespace: NS }, spec: { addresses: [`10.${k}.0.0/24`] } });
  for (let a = 0; a < 3; a++) {
    const communities = a === 0 && variant === 1 ? ['65000:1', '65000:2'] : ['65000:1'];
    objs.push({ apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: { name: `adv-${a}`, namespace: NS }, spec: { ipAddressPools: [0, 1, 2].map((j) => `pool-${a * 3 + j}`), communities, localPref: 100 } });
  }
  return objs;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn: () => { code: number; stderr: string }, expect: number): number {
  const t0 = process.hrtime.bigint();
  const r = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.code !== expect) throw new Error(`exit ${r.code}, expected ${expect}: ${r.stderr}`);
  return ms;
}

export async function benchReview(runs = 3): Promise<Measurement[]> {
  const dir = mkdtempSync(join(tmpdir(), 'metallb-frr-bench-review-'));
  try {
    const write = (name: string, objs: object[]) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'cluster.yaml'), objs.map((o) => stringify(o)).join('---\n'));
      return join(dir, name);
    };
    const a = write('a', clusterRevision(0));
    const b = write('b', clusterRevision(1));
    const noStdin = () => '';
    const build: number[] = [];
    const diff: number[] = [];
    const compile: number[] = [];
    const compileOnly = () => {
      const rev = loadRevision(a, { namespace: 'frr-k8s-system', cwd: dir }, noStdin);
      return { code: configsOf(rev).length > 0 ? 0 : 1, stderr: '' };
    };
    // build's output is made as it is written (RunResult.stdoutParts): written here, all of it, into text.
    const buildAll = () => {
      const r = runBuild([a], noStdin);
      let chars = 0;
      for (const part of r.stdoutParts?.() ?? [r.stdout]) chars += part.length;
      return { code: chars > 0 ? r.code : 1, stderr: r.stderr };
    };
    time(buildAll, 0);
    time(() => runDiff([a, b], noStdin), 1);
    for (let i = 0; i < runs; i++) {
      build.push(time(buildAll, 0));
      diff.push(time(() => runDiff([a, b], noStdin), 1));
      compile.push(time(compileOnly, 0));
    }
    const c = median(build);
    const d = median(diff);
    return [
      { name: 'compile one revision (build), 1,000 nodes x 100 peers', value: c, unit: 'ms', note: `median of ${runs}` },
      { name: 'diff two revisions differing in one advertisement', value: d, unit: 'ms', note: `median of ${runs}` },
      { name: 'diff / compile', value: d / c, unit: 'x', note: 'aim < 2' },
      { name: 'read and compile one revision, no output (diff does it twice)', value: median(compile), unit: 'ms', note: `diff is ${(d / median(compile)).toFixed(2)}x this` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
