// What makes the input a ResourceList (kind ResourceList, apiVersion
// config.kubernetes.io/v1, v1alpha1 or v1beta1, nothing around it) and its
// items Kubernetes objects (a non-empty apiVersion, kind and metadata.name):
// otherwise one line naming what the input or the item is, whichever way
// the text is read (YAML in parts, YAML whole, JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResourceList } from '../../src/krm/resourcelist.ts';
import { refusal } from '../lib/refusal.ts';

const ITEMS = 'items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n';

function message(text: string): string | undefined {
  return refusal(() => parseResourceList(text));
}

/** The same input as YAML read in parts, YAML read whole (a leading `---`: no cut), and JSON. */
function readings(head: Record<string, string>, item: Record<string, unknown>): string[] {
  const yamlHead = Object.entries(head).map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`).join('');
  const yamlItem = Object.entries(item).map(([k, v], i) => `${i === 0 ? '- ' : '  '}${k}: ${JSON.stringify(v)}\n`).join('');
  const yaml = `${yamlHead}items:\n${yamlItem}`;
  return [yaml, `---\n${yaml}`, JSON.stringify({ ...head, items: [item] })];
}

test('the head: the ResourceList kind and one of its three apiVersions, or a line naming what the input is', () => {
  const want: Array<[Record<string, string>, string | undefined]> = [
    [{ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' }, undefined],
    [{ apiVersion: 'config.kubernetes.io/v1alpha1', kind: 'ResourceList' }, undefined],
    [{ apiVersion: 'config.kubernetes.io/v1beta1', kind: 'ResourceList' }, undefined],
    [{ apiVersion: 'config.kubernetes.io/v1', kind: 'List' }, 'input is config.kubernetes.io/v1 List, not a config.kubernetes.io/v1 ResourceList'],
    [{ apiVersion: 'x/config.kubernetes.io/v1', kind: 'ResourceList' }, 'input is x/config.kubernetes.io/v1 ResourceList, not a config.kubernetes.io/v1 ResourceList'],
    [{ apiVersion: 'config.kubernetes.io/v1beta2', kind: 'ResourceList' }, 'input is config.kubernetes.io/v1beta2 ResourceList, not a config.kubernetes.io/v1 ResourceList'],
    [{ apiVersion: 'config.kubernetes.io/v10', kind: 'ResourceList' }, 'input is config.kubernetes.io/v10 ResourceList, not a config.kubernetes.io/v1 ResourceList'],
    [{ kind: 'ResourceList' }, 'input is <no apiVersion> ResourceList, not a config.kubernetes.io/v1 ResourceList'],
    [{ apiVersion: 'config.kubernetes.io/v1' }, 'input is an object without a kind, not a config.kubernetes.io/v1 ResourceList'],
  ];
  const item = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };
  for (const [head, line] of want) for (const text of readings(head, item)) assert.equal(message(text), line, text);
});

test('an item without a non-empty apiVersion, kind or metadata.name: one line naming the item and what it lacks', () => {
  const head = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' };
  const want: Array<[Record<string, unknown>, string]> = [
    [{ apiVersion: '', kind: 'ConfigMap', metadata: { name: 'a' } }, 'ResourceList.items[0] (ConfigMap a) has no apiVersion: every item must be a Kubernetes object'],
    [{ apiVersion: 'v1', kind: '', metadata: { name: 'a' } }, 'ResourceList.items[0] (a) has no kind: every item must be a Kubernetes object'],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } }, 'ResourceList.items[0] (ConfigMap) has no metadata.name: every item must be a Kubernetes object'],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, 'ResourceList.items[0] (ConfigMap) has no metadata.name: every item must be a Kubernetes object'],
    [{ apiVersion: 'v1', kind: 'ConfigMap' }, 'ResourceList.items[0] (ConfigMap) has no metadata.name: every item must be a Kubernetes object'],
    [{ kind: '', metadata: { name: '' } }, 'ResourceList.items[0] has no apiVersion, kind, metadata.name: every item must be a Kubernetes object'],
  ];
  for (const [item, line] of want) for (const text of readings(head, item)) assert.equal(message(text), line, text);
  assert.equal(message(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n${ITEMS}`), undefined);
});
