// Smoke test of the real control plane harness (test/e2e/lib/apiserver.ts):
// CRD structural-schema validation through server-side apply, RBAC answers for
// a ServiceAccount, TokenRequest tokens used as a real identity, and an
// apiserver restart on the same port and etcd.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { e2eDescribe, missing } from '../lib/e2e.ts';
import { clusterRequirements, startCluster, withClusterLogs, type Cluster } from './lib/apiserver.ts';

const skip = missing(...clusterRequirements());

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: peers.smoke.metallb-frr.test
spec:
  group: smoke.metallb-frr.test
  scope: Namespaced
  names: { plural: peers, singular: peer, kind: Peer, listKind: PeerList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [myASN, peerASN, address]
              properties:
                myASN: { type: integer, minimum: 1, maximum: 4294967295 }
                peerASN: { type: integer, minimum: 1, maximum: 4294967295 }
                address: { type: string, maxLength: 45 }
                holdTime: { type: string }
              x-kubernetes-validations:
                - rule: "self.myASN != self.peerASN || self.address != '0.0.0.0'"
                  message: "an iBGP session needs a real peer address"
`;

const peer = (name: string, spec: Record<string, unknown>): string =>
  JSON.stringify({ apiVersion: 'smoke.metallb-frr.test/v1', kind: 'Peer', metadata: { name, namespace: 'smoke' }, spec });

const RBAC = `
apiVersion: v1
kind: Namespace
metadata: { name: smoke }
---
apiVersion: v1
kind: Namespace
metadata: { name: elsewhere }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: reader, namespace: smoke }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: peer-reader, namespace: smoke }
rules:
  - apiGroups: [smoke.metallb-frr.test]
    resources: [peers]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: peer-reader, namespace: smoke }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: peer-reader }
subjects:
  - { kind: ServiceAccount, name: reader, namespace: smoke }
`;

const SA = 'system:serviceaccount:smoke:reader';

e2eDescribe('kube-apiserver + etcd harness', { skip }, () => {
  let cluster: Cluster;

  /** Runs a test body, printing the control plane's logs if it fails. */
  const withLogs = withClusterLogs(() => cluster);

  before(async () => {
    cluster = await startCluster();
    process.stderr.write(`apiserver harness: ready in ${cluster.startupMs} ms at ${cluster.server}\n`);
    await cluster.kubectl(['apply', '-f', '-'], { stdin: CRD + '---\n' + RBAC });
    await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=30s', 'crd/peers.smoke.metallb-frr.test']);
  });

  after(async () => {
    await cluster?.stop();
  });

  it(
    'accepts a valid object in a server-side dry run',
    withLogs(async () => {
      const r = await cluster.kubectl(['apply', '--server-side', '--dry-run=server', '-o', 'json', '-f', '-'], {
        stdin: peer('ok', { myASN: 64512, peerASN: 64513, address: '192.0.2.1' }),
      });
      const obj = JSON.parse(r.stdout);
      assert.equal(obj.kind, 'Peer');
      assert.equal(obj.spec.peerASN, 64513);
      // A dry run stores nothing.
      const got = await cluster.kubectl(['get', 'peers', '-n', 'smoke', '-o', 'name']);
      assert.equal(got.stdout.trim(), '');
    }),
  );

  it(
    'rejects objects that break the schema, with its messages',
    withLogs(async () => {
      const cel = await cluster.kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], {
        stdin: peer('ibgp', { myASN: 64512, peerASN: 64512, address: '0.0.0.0' }),
        allowFail: true,
      });
      assert.notEqual(cel.code, 0, cel.stdout);
      assert.match(cel.stderr, /is invalid/);
      assert.match(cel.stderr, /an iBGP session needs a real peer address/);

      const range = await cluster.kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], {
        stdin: peer('big', { myASN: 4294967296, peerASN: 1, address: '192.0.2.1' }),
        allowFail: true,
      });
      assert.notEqual(range.code, 0, range.stdout);
      assert.match(range.stderr, /spec\.myASN: Invalid value: 4294967296: spec\.myASN in body should be less than or equal to 4294967295/);

      const required = await cluster.kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], {
        stdin: peer('partial', { myASN: 64512, peerASN: 64513 }),
        allowFail: true,
      });
      assert.notEqual(required.code, 0, required.stdout);
      assert.match(required.stderr, /spec\.address: Required value/);
    }),
  );

  it(
    'answers auth can-i for a ServiceAccount per its Role',
    withLogs(async () => {
      const canI = async (...args: string[]) => {
        const r = await cluster.kubectl(['auth', 'can-i', ...args], { as: SA, allowFail: true });
        return r.stdout.trim();
      };
      assert.equal(await canI('list', 'peers.smoke.metallb-frr.test', '-n', 'smoke'), 'yes');
      assert.equal(await canI('watch', 'peers.smoke.metallb-frr.test', '-n', 'smoke'), 'yes');
      assert.equal(await canI('delete', 'peers.smoke.metallb-frr.test', '-n', 'smoke'), 'no');
      assert.equal(await canI('list', 'peers.smoke.metallb-frr.test', '-n', 'elsewhere'), 'no');
      assert.equal(await canI('get', 'secrets', '-n', 'smoke'), 'no');
      // The admin (system:masters) may do anything.
      const admin = await cluster.kubectl(['auth', 'can-i', 'delete', 'secrets', '-A']);
      assert.equal(admin.stdout.trim(), 'yes');
    }),
  );

  it(
    'authenticates requests with a TokenRequest token',
    withLogs(async () => {
      const token = await cluster.tokenFor('smoke', 'reader');
      const kubeconfig = cluster.kubeconfigFor(token, 'reader');

      const who = await cluster.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { kubeconfig });
      assert.equal(who.stdout, SA);

      const list = await cluster.kubectl(['get', 'peers', '-n', 'smoke', '-o', 'json'], { kubeconfig });
      assert.deepEqual(JSON.parse(list.stdout).items, []);

      const denied = await cluster.kubectl(['get', 'configmaps', '-n', 'smoke'], { kubeconfig, allowFail: true });
      assert.notEqual(denied.code, 0);
      assert.match(denied.stderr, /forbidden: User "system:serviceaccount:smoke:reader" cannot list resource "configmaps"/);

      // Straight HTTPS, as the node agent's client will do: the CA bundle
      // verifies the serving certificate and the token is the identity.
      const ok = await get(`${cluster.server}/apis/smoke.metallb-frr.test/v1/namespaces/smoke/peers`, token, cluster.caFile);
      assert.equal(ok.status, 200, ok.body);
      assert.equal(JSON.parse(ok.body).kind, 'PeerList');

      const bogus = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      const bad = await get(`${cluster.server}/apis/smoke.metallb-frr.test/v1/namespaces/smoke/peers`, bogus, cluster.caFile);
      assert.equal(bad.status, 401, bad.body);
    }),
  );

  it(
    'restarts kube-apiserver on the same port and etcd',
    withLogs(async () => {
      await cluster.kubectl(['apply', '--server-side', '-f', '-'], {
        stdin: peer('kept', { myASN: 64512, peerASN: 64513, address: '192.0.2.7' }),
      });
      const token = await cluster.tokenFor('smoke', 'reader');
      const url = `${cluster.server}/apis/smoke.metallb-frr.test/v1/namespaces/smoke/peers/kept`;

      // SIGKILL: the harsher stop (cluster.stop() exercises SIGTERM).
      await cluster.stopApiserver({ kill: true });
      assert.equal(cluster.apiserverRunning(), false);
      await assert.rejects(get(url, token, cluster.caFile), /ECONNREFUSED/);

      const t0 = performance.now();
      await cluster.startApiserver();
      process.stderr.write(`apiserver harness: restarted in ${Math.round(performance.now() - t0)} ms\n`);
      assert.equal(cluster.apiserverRunning(), true);

      // Same data, same CA, same service-account signing key.
      const r = await get(url, token, cluster.caFile);
      assert.equal(r.status, 200, r.body);
      assert.equal(JSON.parse(r.body).spec.address, '192.0.2.7');
    }),
  );
});

function get(url: string, token: string, caFile: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: readFileSync(caFile), headers: { authorization: `Bearer ${token}` }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
