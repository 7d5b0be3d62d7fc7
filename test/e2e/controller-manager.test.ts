// Smoke test of the control plane harness with kube-controller-manager
// (test/e2e/lib/apiserver.ts, `controllers: ['garbagecollector']`): the real
// garbage collector deletes an object whose ownerReference names a deleted
// owner, and leaves one whose owner is alive. Namespaced (a ConfigMap owned by
// a ConfigMap) and cluster-scoped (a ClusterRole owned by a Node, the shape of
// per-node state owned by its Node).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eDescribe, missing } from '../lib/e2e.ts';
import { controllerManagerRequirements, startCluster, withClusterLogs, type Cluster } from './lib/apiserver.ts';
import { holds, waitFor } from './lib/lab.ts';

const skip = missing(...controllerManagerRequirements());

interface Meta {
  metadata: { uid: string };
}

e2eDescribe('kube-controller-manager: the garbage collector', { skip, timeout: 5 * 60_000 }, () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ controllers: ['garbagecollector'] });
  });
  after(async () => cluster?.stop());

  const apply = (objects: object[]) => cluster.kubectl(['apply', '-f', '-'], { stdin: objects.map((o) => JSON.stringify(o)).join('\n') });
  const uid = async (...ref: string[]): Promise<string> => (JSON.parse((await cluster.kubectl(['get', ...ref, '-o', 'json'])).stdout) as Meta).metadata.uid;
  const exists = async (...ref: string[]): Promise<boolean> => (await cluster.kubectl(['get', ...ref, '-o', 'name'], { allowFail: true })).code === 0;
  const test = withClusterLogs(() => cluster);

  it('runs only the garbage collector', test(async () => {
    assert.ok(cluster.controllerManagerRunning());
    // No other controller: a new namespace gets no "default" ServiceAccount.
    await apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gc' } }]);
    await holds('no default ServiceAccount in a new namespace', async () => !(await exists('serviceaccount', 'default', '-n', 'gc')), 2000);
  }));

  it('a ConfigMap owned by a deleted ConfigMap is deleted; one whose owner lives stays', test(async () => {
    await apply([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'gc' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept-owner', namespace: 'gc' } },
    ]);
    const owner = (name: string, u: string) => [{ apiVersion: 'v1', kind: 'ConfigMap', name, uid: u }];
    await apply([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dependent', namespace: 'gc', ownerReferences: owner('owner', await uid('configmap', 'owner', '-n', 'gc')) } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'gc', ownerReferences: owner('kept-owner', await uid('configmap', 'kept-owner', '-n', 'gc')) } },
    ]);
    await cluster.kubectl(['delete', 'configmap', 'owner', '-n', 'gc', '--cascade=background']);
    await waitFor('the garbage collector to delete the dependent', async () => !(await exists('configmap', 'dependent', '-n', 'gc')), { timeoutMs: 60_000, intervalMs: 250 });
    assert.ok(await exists('configmap', 'kept', '-n', 'gc'), 'a dependent of a live owner stays');
  }));

  it('a cluster-scoped object owned by a deleted Node is deleted', test(async () => {
    await apply([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'gone' } }]);
    await apply([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'state-of-gone', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'gone', uid: await uid('node', 'gone') }] },
        rules: [],
      },
    ]);
    await cluster.kubectl(['delete', 'node', 'gone']);
    await waitFor('the garbage collector to delete the Node\'s dependent', async () => !(await exists('clusterrole', 'state-of-gone')), { timeoutMs: 60_000, intervalMs: 250 });
  }));
});
