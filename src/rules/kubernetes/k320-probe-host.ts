import {isMap} from 'yaml';
import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {containerRange} from '../../formats/yaml/kubernetes.js';
import {removeKey} from '../../formats/yaml/edit.js';
import {asRecord, lookupPath} from '../../formats/yaml/nodes.js';
import {PSS_DOC, isFixable, podManifest, templatesOf, type K8sSource} from './common.js';

/** Where a container may name a host: probes and lifecycle handlers, HTTP and TCP. */
const HANDLERS: ReadonlyArray<readonly string[]> = [
  ...['livenessProbe', 'readinessProbe', 'startupProbe'].flatMap((p) => [[p, 'httpGet'], [p, 'tcpSocket']]),
  ...['postStart', 'preStop'].flatMap((h) => [['lifecycle', h, 'httpGet'], ['lifecycle', h, 'tcpSocket']]),
];

const docs = `## What it does
Reports a container whose liveness, readiness or startup probe, or whose \`postStart\`/\`preStop\`
handler, names a \`host\` in its \`httpGet\` or \`tcpSocket\` action.

## Why it matters
The kubelet runs probes and handlers from the node, with the node's network access. A \`host\` field
points them anywhere: at the node's own services, at the cloud metadata endpoint, at another
namespace's pods, past every NetworkPolicy. Since Kubernetes v1.34 the Baseline Pod Security
Standard forbids it; the default (the pod's own IP) is what a probe is for.

## Example
${podManifest([], ['livenessProbe:', '  httpGet:', '    host: 169.254.169.254', '    path: /healthz', '    port: 8080'])}

## Use instead
${podManifest([], ['livenessProbe:', '  httpGet:', '    path: /healthz', '    port: 8080'])}

## Fix safety
Unsafe: the probe or handler now calls the pod itself. Where it checked a dependency on another
host, the pod must check that dependency itself (an \`exec\` probe or an endpoint of its own). The fix
removes the \`host\` field.
`;

export const k320ProbeHost = defineRule({
  id: 'K320',
  name: 'probe-host',
  kind: 'kubernetes',
  severity: 'medium',
  title: 'Probe or lifecycle handler calls another host',
  docs,
  references: [],
  links: {
    'Pod Security Standards: Host Probes / Lifecycle Hooks': PSS_DOC,
    'KEP-4940: block the host field of probes and lifecycle handlers': 'https://github.com/kubernetes/enhancements/issues/4940',
  },
  controls: ['pss:baseline/host-probes-lifecycle-hooks'],
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const c of t.containers) {
        const found = HANDLERS.filter((path) => {
          let v: unknown = c.value;
          for (const k of path) v = asRecord(v)[k];
          const host = asRecord(v).host;
          return host !== undefined && host !== null && host !== '';
        });
        if (found.length === 0) continue;
        const where = found.map((p) => p.join('.')).join(', ');
        yield {
          ...containerRange(c),
          locator: `${c.locator} > probe host`,
          message: `${c.locator} sends ${where} to another host; the kubelet calls it from the node, past network policies. Probe the pod itself`,
          fix: isFixable(t, c)
            ? {
                title: 'Remove the host of probes and lifecycle handlers',
                safety: 'unsafe' as const,
                params: [],
                risk: 'A probe that checked another host now checks the pod itself.',
                edits: (): Edit[] =>
                  found.flatMap((path) => {
                    const action = lookupPath(t.object.doc, c.node, path);
                    return action && !action.shared && isMap(action.value) ? removeKey(source, action.value, 'host') : [];
                  }),
              }
            : null,
        };
      }
    }
  },
});
