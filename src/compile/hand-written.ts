// Hand-written FRRConfigurations of the input, checked as frr-k8s would
// judge them on the nodes they reach: in the FRR-K8s namespace (elsewhere
// frr-k8s ignores them: a warning), with node selectors it can evaluate, under
// no generated configuration's name, merging cleanly with the generated
// configurations and with each other, and with the password Secrets they name.
import type { Diagnostics } from '../api/diagnostic.ts';
import type { FRRConfiguration } from '../api/frrk8s.ts';
import { refOf } from '../api/k8s.ts';
import { selectorMatches, selectorProblems } from '../api/selector.ts';
import { usablePassword } from '../api/secret.ts';
import { checkCompatible, type SecretSource } from '../frr/index.ts';
import type { Model } from '../metallb/model.ts';
import { conjunction } from '../metallb/selectors.ts';
import type { FnConfig } from './options.ts';

/**
 * Hand-written FRRConfigurations must merge cleanly, under frr-k8s' rules,
 * with every generated configuration and with each other, wherever they can
 * meet on a node: judged per node when Nodes are given, otherwise for every
 * pair whose node selectors can hold together.
 */
export function checkHandWritten(model: Model, generated: FRRConfiguration[], cfg: Pick<FnConfig, 'frrk8sNamespace'>, diags: Diagnostics): void {
  // A hand-written configuration may have no spec at all (the schema does
  // not require one): an empty configuration for every node, as for frr-k8s.
  const handWritten = model.frrConfigurations.filter((c) => {
    const ns = c.metadata.namespace;
    if (!ns) {
      diags.info(refOf(c), 'metadata.namespace', `no namespace: taken as in "${cfg.frrk8sNamespace}" (frrk8sNamespace), where kubectl apply -n or kustomize's namespace would put it`);
    } else if (ns !== cfg.frrk8sNamespace) {
      diags.warning(refOf(c), 'metadata.namespace', `frr-k8s reads FRRConfigurations only from namespace "${cfg.frrk8sNamespace}"; this one is not checked and will be ignored there (if frr-k8s runs in "${ns}", as MetalLB's Helm chart runs it in its own namespace, set frrk8sNamespace: ${ns})`);
      return false;
    }
    // frr-k8s fails every node on a selector it cannot evaluate. Such a
    // configuration matches no node and meets no other selector below: it is
    // judged on its own only.
    for (const p of selectorProblems(c.spec?.nodeSelector)) diags.error(refOf(c), `spec.nodeSelector.${p.path}`, p.message);
    return true;
  });
  for (const c of handWritten) {
    if (generated.some((g) => g.metadata.name === c.metadata.name)) {
      diags.error(refOf(c), 'metadata.name', `the name is taken by a generated FRRConfiguration; rename the hand-written one`);
    }
  }
  // A generated configuration whose name a hand-written one takes is left out
  // of the merges below: the error above says it, and merge would say it
  // again ("appears twice"). The hand-written one is still judged against
  // the others.
  const others = generated.filter((g) => !handWritten.some((c) => c.metadata.name === g.metadata.name));
  const seen = new Set<string>();
  const report = (ds: ReturnType<typeof checkCompatible>) => {
    for (const d of ds) {
      const key = JSON.stringify(d);
      if (seen.has(key)) continue;
      seen.add(key);
      diags.list.push(d);
    }
  };
  // Each on its own first: what a node would refuse in it alone (a bad raw
  // configuration, a bad prefix) is refused even where no generated
  // configuration meets it.
  for (const h of handWritten) report(checkCompatible([h]));
  if (model.nodes) {
    for (const node of model.nodes) {
      const labels = node.labels;
      const hw = handWritten.filter((c) => selectorMatches(c.spec?.nodeSelector, labels));
      // Stryker disable next-line ConditionalExpression: equivalent: a shortcut; the generated configurations alone merge (compiled from one checked model)
      if (hw.length === 0) continue;
      const gen = others.filter((c) => selectorMatches(c.spec?.nodeSelector, labels));
      report(checkCompatible([...gen, ...hw]));
    }
    return;
  }
  const meet = (a: FRRConfiguration, b: FRRConfiguration) => conjunction([a.spec?.nodeSelector ?? {}, b.spec?.nodeSelector ?? {}]) !== undefined;
  handWritten.forEach((h, i) => {
    for (const g of others) if (meet(h, g)) report(checkCompatible([g, h]));
    for (const other of handWritten.slice(0, i)) if (meet(other, h)) report(checkCompatible([other, h]));
  });
}

/**
 * The password Secrets hand-written neighbours name, looked up as frr-k8s
 * does (in its own namespace, by name; merge warns about another namespace).
 * One the input lacks must come from elsewhere: a warning, as for a BGPPeer.
 * One the input has but that holds no password frr.conf can carry makes
 * frr-k8s fail every node the configuration reaches: an error. Secret values
 * never reach a message.
 */
export function checkHandWrittenSecrets(model: Model, secrets: SecretSource, cfg: Pick<FnConfig, 'frrk8sNamespace'>, diags: Diagnostics): void {
  const ns = cfg.frrk8sNamespace;
  for (const c of model.frrConfigurations) {
    if ((c.metadata.namespace || ns) !== ns) continue;
    // The model holds only configurations the schema found well formed
    // (parse.ts): every router and neighbour is an object; lists may be absent.
    const routers: unknown = c.spec?.bgp?.routers;
    if (!Array.isArray(routers)) continue;
    routers.forEach((r: { neighbors?: unknown }, i) => {
      const neighbors = r.neighbors;
      if (!Array.isArray(neighbors)) return;
      neighbors.forEach((n: { password?: unknown; passwordSecret?: { name?: unknown } }, j) => {
        const name = n.passwordSecret?.name;
        // No name, or a password as well: merge reports those.
        if (typeof name !== 'string' || name === '' || (n.password ?? '') !== '') return;
        const field = `spec.bgp.routers[${i}].neighbors[${j}].passwordSecret`;
        const secret = secrets({ namespace: ns, name });
        if (!secret) {
          diags.warning(refOf(c), field, `Secret ${ns}/${name} is not in the input; it must exist in the cluster (e.g. from a sealed or external secret) or the session will not come up`);
          return;
        }
        const got = usablePassword(secret);
        if (!got.ok) diags.error(refOf(c), field, got.problem);
      });
    });
  }
}
