// The agent's kubeconfig reader (src/agent/kubeconfig.ts) and in-cluster
// access (src/agent/kubeapi.ts): what they take from files, and one line for
// what they cannot use. The requests themselves run against a real
// kube-apiserver in test/e2e/agent-kube.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { kubeconfigAccess } from '../../src/agent/kubeconfig.ts';
import { inClusterAccess } from '../../src/agent/kubeapi.ts';
import { tempDir } from '../lib/fixtures.ts';

function kubeconfig(dir: string, user: Record<string, unknown>, cluster: Record<string, unknown> = { server: 'https://127.0.0.1:6443/' }): string {
  const file = join(dir, 'config');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'c',
      contexts: [{ name: 'other', context: { cluster: 'x', user: 'x' } }, { name: 'c', context: { cluster: 'k', user: 'u' } }],
      clusters: [{ name: 'k', cluster }],
      users: [{ name: 'u', user }],
    }),
  );
  return file;
}

describe('kubeconfigAccess', () => {
  it('takes the current context: server, CA (file relative to the kubeconfig), token', () => {
    const t = tempDir('kubeconfig');
    try {
      mkdirSync(join(t.dir, 'pki'));
      writeFileSync(join(t.dir, 'pki', 'ca.crt'), 'CA');
      const a = kubeconfigAccess(kubeconfig(t.dir, { token: 'abc' }, { server: 'https://127.0.0.1:6443/', 'certificate-authority': 'pki/ca.crt' }));
      assert.equal(a.server, 'https://127.0.0.1:6443');
      assert.equal(a.ca?.toString(), 'CA');
      assert.equal(a.token?.(), 'abc');
      assert.equal(a.insecureSkipTLSVerify, undefined);
    } finally {
      t.cleanup();
    }
  });

  it('client certificates as data, a token file, insecure-skip-tls-verify', () => {
    const t = tempDir('kubeconfig');
    try {
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const a = kubeconfigAccess(kubeconfig(t.dir, { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') }, { server: 'https://k:1', 'certificate-authority-data': b64('CA'), 'insecure-skip-tls-verify': true }));
      assert.deepEqual([a.cert?.toString(), a.key?.toString(), a.ca?.toString(), a.insecureSkipTLSVerify, a.token], ['CERT', 'KEY', 'CA', true, undefined]);
      writeFileSync(join(t.dir, 'token'), 'from-file\n');
      assert.equal(kubeconfigAccess(kubeconfig(t.dir, { tokenFile: 'token' })).token?.(), 'from-file');
    } finally {
      t.cleanup();
    }
  });

  it('says in one line what it cannot use', () => {
    const t = tempDir('kubeconfig');
    try {
      assert.throws(() => kubeconfigAccess(kubeconfig(t.dir, { exec: { command: 'aws' } })), /^Error: .*config: user "u": exec is not supported by the agent \(use a token or a client certificate\)$/);
      assert.throws(() => kubeconfigAccess(kubeconfig(t.dir, {}, {})), /no server for cluster "k"/);
      writeFileSync(join(t.dir, 'bad'), 'current-context: nope\n');
      assert.throws(() => kubeconfigAccess(join(t.dir, 'bad')), /bad: no current context "nope"/);
      assert.throws(() => kubeconfigAccess(join(t.dir, 'missing')), /missing: ENOENT/);
    } finally {
      t.cleanup();
    }
  });
});

describe('inClusterAccess', () => {
  it("the service's address (IPv6 in brackets), the ServiceAccount's token and CA", () => {
    const t = tempDir('sa');
    try {
      writeFileSync(join(t.dir, 'token'), 'tok\n');
      writeFileSync(join(t.dir, 'ca.crt'), 'CA');
      const a = inClusterAccess({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, t.dir);
      assert.equal(a.server, 'https://[fd00::1]:443');
      assert.equal(a.token?.(), 'tok');
      assert.equal(a.ca?.toString(), 'CA');
      assert.throws(() => inClusterAccess({}, t.dir), /not in a cluster/);
    } finally {
      t.cleanup();
    }
  });
});
