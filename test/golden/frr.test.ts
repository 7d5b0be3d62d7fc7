// Golden tests of the FRR library (src/frr): every directory under
// test/golden/frr/accept and test/golden/frr/reject holds input.yaml, a
// stream of FRRConfigurations and Secrets (and optionally one v1 Node naming
// the node and its labels; default node-1 with only its hostname label).
// Next to it:
//   accept/*: frr.conf (the rendered file) and diagnostics.txt (warnings);
//   reject/*: diagnostics.txt (every error, one per line) and no frr.conf.
// Each input is also rendered from the reversed and a rotated stream: the
// bytes must not change. Every frr.conf must pass FRR's own grammar check
// (`vtysh -C`) of FRR 8.4 (this machine's vtysh) and of FRR 10.3 (the root
// scripts/tools.sh builds, through a chroot: root only), each skipped where it
// is not installed (required in CI).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { renderNode, secretsFrom } from '../../src/frr/index.ts';
import { e2eDescribe, isRoot, missing } from '../lib/e2e.ts';
import { FRR_FLAVOURS, frrRootCommand, type FRRVersion } from '../e2e/lib/lab.ts';
import { expectGolden } from '../lib/golden.ts';

const root = join(import.meta.dirname, 'frr');

interface Case {
  name: string;
  dir: string;
  accept: boolean;
}

const cases: Case[] = (['accept', 'reject'] as const).flatMap((kind) =>
  readdirSync(join(root, kind))
    .sort()
    .map((name) => ({ name: `${kind}/${name}`, dir: join(root, kind, name), accept: kind === 'accept' })),
);

function renderInput(objects: KubeObject[]) {
  const node = objects.find((o) => o.kind === 'Node');
  const name = node?.metadata?.name ?? 'node-1';
  const labels = { 'kubernetes.io/hostname': name, ...(node?.metadata?.labels ?? {}) };
  const configs = objects.filter((o) => o.kind === 'FRRConfiguration') as unknown as FRRConfiguration[];
  return renderNode(configs, { name, labels }, secretsFrom(objects), {});
}

describe('frr golden', () => {
  for (const c of cases) {
    it(c.name, () => {
      const objects = parseAllDocuments(readFileSync(join(c.dir, 'input.yaml'), 'utf8')).map((d) => d.toJS() as KubeObject).filter(Boolean);
      const result = renderInput(objects);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expectGolden(join(c.dir, 'diagnostics.txt'), result.diagnostics.map((d) => formatDiagnostic(d) + '\n').join(''));
      if (c.accept) {
        assert.deepEqual(errors.map((d) => formatDiagnostic(d)), [], 'an accepting case has no error');
        expectGolden(join(c.dir, 'frr.conf'), result.text);
      } else {
        assert.ok(errors.length > 0, 'a rejecting case has errors');
        assert.equal(result.text, '', 'no frr.conf when there are errors');
        assert.ok(!existsSync(join(c.dir, 'frr.conf')), 'a rejecting case has no frr.conf');
      }
      // The order of the input does not matter.
      const rotated = [...objects.slice(1), ...objects.slice(0, 1)];
      for (const order of [[...objects].reverse(), rotated]) {
        const again = renderInput(order);
        assert.equal(again.text, result.text, 'input order changed frr.conf');
        assert.deepEqual(again.diagnostics, result.diagnostics, 'input order changed the diagnostics');
      }
    });
  }
});

/** What vtysh -C of each FRR version needs. */
const VTYSH: Record<FRRVersion, () => string | false> = {
  '8.4': () => missing('vtysh'),
  '10.3': () => missing(...FRR_FLAVOURS['10.3'].requirements.filter((r) => typeof r !== 'string'), 'unshare', ['root', isRoot]),
};

/** FRR's grammar check of a file: vtysh -C, which needs no daemons. */
function vtyshCheck(version: FRRVersion, file: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'metallb-frr-vtysh-'));
  try {
    writeFileSync(join(dir, 'vtysh.conf'), 'service integrated-vtysh-config\n');
    // A copy in the temporary directory, which FRR 10's root sees at the same path.
    const copy = join(dir, 'check.conf');
    writeFileSync(copy, readFileSync(file));
    const args = ['--config_dir', dir, '-C', '-f', copy];
    const [cmd, argv] = version === '8.4' ? ['vtysh', args] : frrRootCommand(FRR_FLAVOURS[version].root, 'vtysh', args);
    const r = spawnSync(cmd, argv, { encoding: 'utf8' });
    assert.equal(r.status, 0, `vtysh -C of FRR ${version} rejects ${file}:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const version of Object.keys(VTYSH) as FRRVersion[]) {
  e2eDescribe(`frr golden files pass vtysh -C of FRR ${version}`, { skip: VTYSH[version]() }, () => golden(version));
}

function golden(version: FRRVersion): void {
  for (const c of cases.filter((x) => x.accept)) {
    it(c.name, () => vtyshCheck(version, join(c.dir, 'frr.conf')));
  }

  it('accept/seed at log level debugging (debug switches)', () => {
    const objects = parseAllDocuments(readFileSync(join(root, 'accept', 'seed', 'input.yaml'), 'utf8')).map((d) => d.toJS() as KubeObject).filter(Boolean);
    const configs = objects.filter((o) => o.kind === 'FRRConfiguration') as unknown as FRRConfiguration[];
    const r = renderNode(configs, { name: 'node-1', labels: {} }, secretsFrom(objects), { logLevel: 'debugging' });
    assert.match(r.text, /^debug bgp updates$/m);
    const dir = mkdtempSync(join(tmpdir(), 'metallb-frr-debug-'));
    try {
      writeFileSync(join(dir, 'frr.conf'), r.text);
      vtyshCheck(version, join(dir, 'frr.conf'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
