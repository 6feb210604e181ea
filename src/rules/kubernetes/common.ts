/** Shared pieces of the Kubernetes rules: pod templates to check, fix parameters, edit shorthands. */
import {isMap, type Document, type YAMLMap} from 'yaml';
import type {Certainty, Edit, FindingDraft} from '../../core/model.js';
import type {RuleContext} from '../../core/rule.js';
import type {YamlSource} from '../../core/source.js';
import {addEntries, addEntriesBefore, appendIn, setIn} from '../../formats/yaml/edit.js';
import {containerRange, podTemplatesOf, templateRange, type ContainerRef, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, ownPair} from '../../formats/yaml/nodes.js';
import {quoted, type YValue} from '../../formats/yaml/render.js';

export type K8sSource = YamlSource & {kind: 'kubernetes'};

/**
 * The pod templates a rule checks: read-only ones (Kustomize patches) are skipped, and so are
 * fragments whose containers name no image (a kubeadm or strategic-merge patch: the API server
 * refuses a container without one, so it is not a workload of its own).
 */
export function templatesOf(source: K8sSource, ctx: RuleContext): PodTemplate[] {
  return podTemplatesOf(source, ctx.project).filter((t) => !t.readOnly && t.containers.every((c) => typeof c.value.image === 'string' && c.value.image !== ''));
}

export const opts = (t: PodTemplate): {doc: Document.Parsed} => ({doc: t.object.doc});

export function sc(c: ContainerRef): Record<string, unknown> {
  return asRecord(c.value.securityContext);
}
export function podSc(t: PodTemplate): Record<string, unknown> {
  return asRecord(t.specValue.securityContext);
}

/** A `securityContext` a finding can be about: the pod's or a container's, where a finding on it goes and the node a fix edits. */
export interface ScSite {
  /** null for the pod's securityContext. */
  container: ContainerRef | null;
  values: Record<string, unknown>;
  /** The map holding `securityContext:` (the pod spec or the container). */
  owner: YAMLMap;
  range: {start: number; end: number};
  locator: string;
  fixable: boolean;
}

/** The pod's securityContext, then each container's, in that order. */
export function securityContexts(t: PodTemplate): ScSite[] {
  return [
    {container: null, values: podSc(t), owner: t.spec, range: templateRange(t), locator: t.locator, fixable: isFixable(t)},
    ...t.containers.map((c) => ({container: c, values: sc(c), owner: c.node, range: containerRange(c), locator: c.locator, fixable: isFixable(t, c)})),
  ];
}

/**
 * A finding on `key` of a securityContext site: where the site is, its locator `<site> > key`, and
 * the message for a container or for the pod (whose containers inherit the setting).
 */
export function siteFinding(site: ScSite, key: string, message: {container: string; pod: string}, extra: Partial<FindingDraft> = {}): FindingDraft {
  return {...site.range, locator: `${site.locator} > ${key}`, message: site.container ? message.container : message.pod, ...extra};
}

/** Sets `securityContext.<path>` of a container. */
export function setContainerSc(source: K8sSource, t: PodTemplate, c: ContainerRef, path: readonly string[], value: YValue): Edit[] {
  return setIn(source, c.node, ['securityContext', ...path], value, opts(t));
}

/**
 * Sets keys of the mapping under `key` of `parent` (created when missing: before `before` when
 * given, else after the last pair; an existing one is extended where it is).
 */
function setEntriesUnder(source: K8sSource, t: PodTemplate, parent: YAMLMap, key: string, entries: Record<string, YValue>, before?: string): Edit[] {
  if (Object.keys(entries).length === 0) return [];
  const pair = ownPair(parent, key);
  const target = pair ? deref(pair.value, t.object.doc) : null;
  if (!pair) return before ? addEntriesBefore(source, parent, before, {[key]: entries}, opts(t)) : addEntries(source, parent, {[key]: entries}, opts(t));
  if (isMap(target)) {
    const edits: Edit[] = [];
    const missing: Record<string, YValue> = {};
    for (const [k, v] of Object.entries(entries)) {
      if (ownPair(target, k)) edits.push(...setIn(source, target, [k], v, opts(t)));
      else missing[k] = v;
    }
    if (Object.keys(missing).length > 0) {
      if (target.items.length === 0) return [...edits, ...setIn(source, parent, [key], missing, opts(t))];
      edits.push(...addEntries(source, target, missing, opts(t)));
    }
    return edits;
  }
  return setIn(source, parent, [key], entries, opts(t));
}

/**
 * Sets keys of the pod-level `securityContext` (created before `containers:` when missing; an
 * existing one is extended where it is).
 */
export function setPodSc(source: K8sSource, t: PodTemplate, entries: Record<string, YValue>): Edit[] {
  return setEntriesUnder(source, t, t.spec, 'securityContext', entries, 'containers');
}

/** Sets keys of a container's `securityContext` in one edit per place (created when missing, extended where it is). */
export function setContainerScEntries(source: K8sSource, t: PodTemplate, c: ContainerRef, entries: Record<string, YValue>): Edit[] {
  return setEntriesUnder(source, t, c.node, 'securityContext', entries);
}

/**
 * A sysctl for the pod (`securityContext.sysctls`), the others kept: edits appending to an existing
 * list, or else the `sysctls` entry to write with the other keys of the pod's `securityContext`.
 */
export function podSysctl(source: K8sSource, t: PodTemplate, name: string, value: string): {edits: Edit[]; entry?: YValue} {
  const existing = Array.isArray(podSc(t).sysctls) ? (podSc(t).sysctls as unknown[]).map(asRecord) : [];
  if (existing.some((s) => s.name === name)) return {edits: []};
  const scPair = ownPair(t.spec, 'securityContext');
  const scMap = scPair ? deref(scPair.value, t.object.doc) : null;
  const item = {name, value: quoted(value)};
  if (isMap(scMap) && ownPair(scMap, 'sysctls')) return {edits: appendIn(source, scMap, ['sysctls'], [item], opts(t))};
  return {edits: [], entry: [item]};
}

/** The least sure of some certainties (known when there are none). */
export function leastCertain(certainties: readonly Certainty[]): Certainty {
  if (certainties.includes('not-known')) return 'not-known';
  return certainties.includes('inferred') ? 'inferred' : 'known';
}

/** Adds pod spec keys (before `containers:`) or sets them where they are. */
export function setPodSpecKey(source: K8sSource, t: PodTemplate, key: string, value: YValue): Edit[] {
  if (ownPair(t.spec, key)) return setIn(source, t.spec, [key], value, opts(t));
  return addEntriesBefore(source, t.spec, 'containers', {[key]: value}, opts(t));
}

/** `ports[].containerPort` values of a container. */
export function containerPorts(c: ContainerRef): number[] {
  const ports = Array.isArray(c.value.ports) ? c.value.ports : [];
  return ports.map((p) => Number(asRecord(p).containerPort)).filter((n) => Number.isFinite(n));
}

export function isFixable(t: PodTemplate, c?: ContainerRef): boolean {
  return !t.readOnly && !(c && c.shared);
}

export const PSS_DOC = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

/** The first lines of a core (`v1`) object a fix writes as a new file: its kind, name and namespace (2-space YAML). */
export function objectHead(kind: string, name: string, namespace: string | null): string[] {
  return ['apiVersion: v1', `kind: ${kind}`, 'metadata:', `  name: ${name}`, ...(namespace ? [`  namespace: ${namespace}`] : [])];
}

/** A small Pod manifest for rule docs: extra pod spec lines and container lines (2-space YAML). */
export function podManifest(podLines: readonly string[], containerLines: readonly string[], opts: {metadata?: readonly string[]} = {}): string {
  return [
    '```yaml',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: api',
    ...(opts.metadata ?? []).map((l) => `  ${l}`),
    'spec:',
    ...podLines.map((l) => `  ${l}`),
    '  containers:',
    '    - name: api',
    '      image: ghcr.io/acme/api:1.4.2',
    ...containerLines.map((l) => `      ${l}`),
    '```',
  ].join('\n');
}

/** A small Deployment `api` for rule docs: extra metadata lines and pod spec lines before its one container (2-space YAML). */
export function deploymentManifest(podLines: readonly string[], opts: {metadata?: readonly string[]} = {}): string {
  return [
    '```yaml',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    ...(opts.metadata ?? []).map((l) => `  ${l}`),
    'spec:',
    '  selector: {matchLabels: {app: api}}',
    '  template:',
    '    metadata: {labels: {app: api}}',
    '    spec:',
    ...podLines.map((l) => `      ${l}`),
    '      containers:',
    '        - name: api',
    '          image: ghcr.io/acme/api:1.4.2',
    '```',
  ].join('\n');
}

/** A Namespace `shop` for rule docs, with labels, and the YAML documents that follow it (2-space YAML). */
export function namespaceManifest(labels: readonly string[] = [], following = ''): string {
  const labelLines = labels.length > 0 ? ['  labels:', ...labels.map((l) => `    ${l}`)] : [];
  return ['```yaml', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', ...labelLines, ...(following ? [following.trim()] : []), '```'].join('\n');
}

/** True when the pod or one of its containers is a Windows HostProcess container (it needs `hostNetwork: true`). */
export function usesHostProcess(t: PodTemplate): boolean {
  if (asRecord(asRecord(podSc(t).windowsOptions)).hostProcess === true) return true;
  return t.containers.some((c) => asRecord(sc(c).windowsOptions).hostProcess === true);
}
