// The agent's Prometheus metrics (prom-client, own registry), served on
// /metrics. Label values are fixed words, never names or text from objects.
//
//   metallb_frr_agent_reloads_total{result}            reloads asked of FRR: success | failure | timeout
//   metallb_frr_agent_failures_total{stage}            conversion (select/merge/render) | reload | restore
//   metallb_frr_agent_last_reload_success_timestamp_seconds
//   metallb_frr_agent_render_duration_seconds          select + merge + render of the node's frr.conf
//   metallb_frr_agent_configurations_selected          FRRConfigurations selecting this node
//   metallb_frr_agent_frr_restarts_total               FRR restarts noticed (config re-applied)
//   metallb_frr_agent_in_sync                          1 when FRR runs the configuration the inputs ask for
//   metallb_frr_agent_frr_state_failures_total         reads of FRR's state that failed (no answer in time, unreadable)
// plus prom-client's process metrics (process_resident_memory_bytes, ...),
// and FRR's own BGP and BFD metrics under frr-k8s' names (frrmetrics.ts).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface AgentMetrics {
  registry: Registry;
  reloads: Counter<'result'>;
  failures: Counter<'stage'>;
  lastSuccess: Gauge;
  renderDuration: Histogram;
  selected: Gauge;
  frrRestarts: Counter;
  inSync: Gauge;
  frrStateFailures: Counter;
}

export function createMetrics(opts: { processMetrics?: boolean } = {}): AgentMetrics {
  const registry = new Registry();
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const m: AgentMetrics = {
    registry,
    reloads: new Counter({ name: 'metallb_frr_agent_reloads_total', help: 'Reloads of FRR asked by the agent, by result (success, failure, timeout).', labelNames: ['result'], registers }),
    failures: new Counter({ name: 'metallb_frr_agent_failures_total', help: 'Failures by stage: conversion (select, merge, render), reload, restore (re-applying the last good configuration).', labelNames: ['stage'], registers }),
    lastSuccess: new Gauge({ name: 'metallb_frr_agent_last_reload_success_timestamp_seconds', help: 'When FRR last accepted a configuration (Unix time).', registers }),
    renderDuration: new Histogram({ name: 'metallb_frr_agent_render_duration_seconds', help: "Selecting, merging and rendering the node's frr.conf.", buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers }),
    selected: new Gauge({ name: 'metallb_frr_agent_configurations_selected', help: 'FRRConfigurations that select this node.', registers }),
    frrRestarts: new Counter({ name: 'metallb_frr_agent_frr_restarts_total', help: 'FRR restarts the agent noticed (it then re-applies the configuration).', registers }),
    inSync: new Gauge({ name: 'metallb_frr_agent_in_sync', help: '1 when FRR runs the configuration the inputs ask for, 0 otherwise.', registers }),
    frrStateFailures: new Counter({ name: 'metallb_frr_agent_frr_state_failures_total', help: "Reads of FRR's BGP and BFD state (through the reloader) that failed: no answer in time, or one that could not be read.", registers }),
  };
  for (const r of ['success', 'failure', 'timeout']) m.reloads.inc({ result: r }, 0);
  for (const s of ['conversion', 'reload', 'restore']) m.failures.inc({ stage: s }, 0);
  m.inSync.set(0);
  return m;
}
