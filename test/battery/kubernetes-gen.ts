/**
 * Generated Kubernetes manifests: several documents (`---`, with comments between), workloads of
 * every kind the K3xx rules read (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, a List),
 * Namespaces, Services and ConfigMaps; containers with partial security contexts, resources,
 * literal secrets in env, host paths and namespaces; anchors with `<<:` merges and aliases; block
 * and flow styles, quoting, comments, CRLF.
 */
import fc from 'fast-check';
import {entry, map, quoteStyle, renderDocument, scalar, seq, yStyle, type YEntry, type YMap, type YNode} from './yaml-render.js';

const IMAGES = ['nginx:1.25', 'nginx', 'ghcr.io/acme/api:1.4.0', 'redis:7-alpine', 'postgres:16', 'busybox:1.36', 'python:3.12-slim', 'gcr.io/distroless/static:nonroot', 'quay.io/prometheus/node-exporter:v1.8.0'];

const flowOr = <T extends YNode>(node: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.tuple(node, fc.boolean()).map(([n, flow]) => ((n.t === 'map' || n.t === 'seq') && flow ? {...n, flow: true} : n));

const securityContext: fc.Arbitrary<YNode> = flowOr(
  fc
    .record({
      runAsNonRoot: fc.constantFrom(null, 'true', 'false'),
      runAsUser: fc.constantFrom(null, '0', '1000'),
      privileged: fc.constantFrom(null, 'true', 'false'),
      allowPrivilegeEscalation: fc.constantFrom(null, 'true', 'false'),
      readOnlyRootFilesystem: fc.constantFrom(null, 'true', 'false'),
      capabilities: fc.constantFrom(null, 'add', 'drop'),
    })
    .map((c) => {
      const entries: YEntry[] = [];
      for (const key of ['runAsNonRoot', 'runAsUser', 'privileged', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem'] as const) if (c[key] !== null) entries.push(entry(key, scalar(c[key])));
      if (c.capabilities === 'add') entries.push(entry('capabilities', map([entry('add', seq([scalar('NET_ADMIN'), scalar('SYS_TIME')]))])));
      if (c.capabilities === 'drop') entries.push(entry('capabilities', map([entry('drop', seq([scalar('ALL')], {flow: true}))])));
      return map(entries);
    }),
);

const resources: fc.Arbitrary<YNode> = flowOr(
  fc.record({requests: fc.boolean(), limits: fc.boolean(), cpu: quoteStyle}).map((r) => {
    const entries: YEntry[] = [];
    if (r.requests) entries.push(entry('requests', map([entry('cpu', scalar('100m', r.cpu)), entry('memory', scalar('64Mi'))])));
    if (r.limits) entries.push(entry('limits', map([entry('memory', scalar('128Mi'))])));
    return map(entries);
  }),
);

const env: fc.Arbitrary<YNode> = fc
  .subarray(
    [
      ['DB_PASSWORD', 'hunter2-Secr3t'],
      ['API_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
      ['LOG_LEVEL', 'debug'],
      ['PORT', '8080'],
    ] as Array<[string, string]>,
    {minLength: 1},
  )
  .chain((vars) => fc.tuple(fc.constant(vars), quoteStyle, fc.boolean(), fc.boolean()))
  .map(([vars, quote, flowItems, withRef]) => {
    const items: YNode[] = vars.map(([name, value]) => map([entry('name', scalar(name)), entry('value', scalar(value, /^\d+$/.test(value) ? 'double' : quote))], {flow: flowItems}));
    if (withRef) items.push(map([entry('name', scalar('SECRET_KEY')), entry('valueFrom', map([entry('secretKeyRef', map([entry('name', scalar('app')), entry('key', scalar('key'))]))]))]));
    return seq(items);
  });

interface ContainerSpec {
  name: string;
  image: string;
  extras: YEntry[];
  merge: boolean;
}

const CONTAINER_EXTRAS: Array<fc.Arbitrary<YEntry>> = [
  securityContext.map((v) => entry('securityContext', v)),
  resources.map((v) => entry('resources', v)),
  env.map((v) => entry('env', v)),
  flowOr(fc.constant(seq([map([entry('containerPort', scalar('8080'))])]))).map((v) => entry('ports', v)),
  fc.constant(entry('volumeMounts', seq([map([entry('name', scalar('data')), entry('mountPath', scalar('/data'))])]))),
  fc.constant(entry('imagePullPolicy', scalar('Always'))),
  fc.constant(entry('args', seq([scalar('--port'), scalar('8080', 'double')], {flow: true}))),
];

const container: fc.Arbitrary<ContainerSpec> = fc.record({
  name: fc.constantFrom('app', 'web', 'sidecar', 'init'),
  image: fc.constantFrom(...IMAGES),
  extras: fc.array(fc.oneof(...CONTAINER_EXTRAS), {maxLength: 4}),
  merge: fc.boolean(),
});

const POD_EXTRAS: Array<fc.Arbitrary<YEntry>> = [
  fc.constant(entry('hostNetwork', scalar('true'))),
  fc.constant(entry('hostPID', scalar('true'))),
  fc.constant(entry('automountServiceAccountToken', scalar('false'))),
  fc.constant(entry('serviceAccountName', scalar('api'))),
  flowOr(fc.constant(map([entry('runAsNonRoot', scalar('true')), entry('seccompProfile', map([entry('type', scalar('RuntimeDefault'))]))]))).map((v) => entry('securityContext', v)),
  fc.constantFrom(
    seq([map([entry('name', scalar('data')), entry('emptyDir', map([]))])]),
    seq([map([entry('name', scalar('data')), entry('hostPath', map([entry('path', scalar('/var/lib/data'))]))])]),
    seq([map([entry('name', scalar('data')), entry('hostPath', map([entry('path', scalar('/var/run/docker.sock'))]))])]),
  ).map((v) => entry('volumes', v)),
];

type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'Pod';

interface DocSpec {
  kind: WorkloadKind | 'Namespace' | 'Service' | 'ConfigMap' | 'List';
  name: string;
  namespace: string | null;
  containers: ContainerSpec[];
  initContainer: boolean;
  podExtras: YEntry[];
  comments: boolean[];
}

const doc: fc.Arbitrary<DocSpec> = fc.record({
  kind: fc.constantFrom<DocSpec['kind']>('Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'Namespace', 'Service', 'ConfigMap', 'List'),
  name: fc.constantFrom('api', 'web', 'worker', 'db'),
  namespace: fc.constantFrom(null, 'default', 'shop'),
  containers: fc.uniqueArray(container, {minLength: 1, maxLength: 2, selector: (c) => c.name}),
  initContainer: fc.boolean(),
  podExtras: fc.array(fc.oneof(...POD_EXTRAS), {maxLength: 3}),
  comments: fc.array(fc.boolean(), {minLength: 8, maxLength: 8}),
});

function metadata(d: DocSpec, name: string): YEntry {
  const entries = [entry('name', scalar(name))];
  if (d.namespace) entries.push(entry('namespace', scalar(d.namespace)));
  entries.push(entry('labels', map([entry('app', scalar(name))]), {}));
  return entry('metadata', map(entries));
}

export interface KubernetesCase {
  files: Array<{path: string; text: string}>;
  crlf: boolean;
}

export const kubernetes: fc.Arbitrary<KubernetesCase> = fc
  .record({
    docs: fc.array(doc, {minLength: 1, maxLength: 3}),
    style: yStyle,
    anchors: fc.boolean(),
    leadingSeparator: fc.boolean(),
    crlf: fc.constantFrom(false, false, true),
    boms: fc.constantFrom(0, 0, 0, 1, 2),
    split: fc.boolean(),
  })
  .map(({docs, style, anchors, leadingSeparator, crlf, boms, split}) => {
    let comments = 0;
    const c = () => `c${++comments}`;
    const names = new Set<string>();
    const rendered = docs.map((d, docIndex) => {
      let name = d.name;
      for (let n = 2; names.has(`${d.kind}/${name}`); n++) name = `${d.name}${n}`;
      names.add(`${d.kind}/${name}`);
      const head = [entry('apiVersion', scalar(apiVersion(d.kind))), entry('kind', scalar(d.kind)), metadata(d, name)];
      if (d.kind === 'Namespace' || d.kind === 'ConfigMap' || d.kind === 'Service') {
        if (d.kind === 'ConfigMap') head.push(entry('data', map([entry('LOG_LEVEL', scalar('info'))])));
        if (d.kind === 'Service') head.push(entry('spec', map([entry('selector', map([entry('app', scalar(name))])), entry('ports', seq([map([entry('port', scalar('80'))])]))])));
        return renderDocument(map(head), {style, header: d.comments[0] ? [c()] : []});
      }
      const containerAnchor = anchors && docIndex === 0 ? 'defaults' : null;
      const containers = d.containers.map((spec, i) => {
        const entries: YEntry[] = [entry('name', scalar(spec.name)), entry('image', scalar(spec.image, spec.image.includes(':') && d.comments[1] ? 'double' : 'plain'))];
        for (const extra of spec.extras) if (!entries.some((e) => e.key === extra.key)) entries.push({...extra});
        entries.forEach((e, j) => {
          if (d.comments[(i + j) % 8] && e.value.t === 'scalar') e.trailing = c();
        });
        return map(entries, containerAnchor && spec.merge && i > 0 ? {merge: [containerAnchor]} : i === 0 && containerAnchor ? {anchor: containerAnchor} : {});
      });
      const podEntries: YEntry[] = [];
      if (d.initContainer) podEntries.push(entry('initContainers', seq([map([entry('name', scalar('migrate')), entry('image', scalar('busybox:1.36')), entry('command', seq([scalar('sh'), scalar('-c'), scalar('echo ok')], {flow: true}))])])));
      podEntries.push(entry('containers', seq(containers), d.comments[2] ? {before: c()} : {}));
      for (const extra of d.podExtras) if (!podEntries.some((e) => e.key === extra.key)) podEntries.push({...extra});
      if (d.kind === 'Job' || d.kind === 'CronJob') podEntries.push(entry('restartPolicy', scalar('Never')));
      const podSpec = map(podEntries);
      const template = map([entry('metadata', map([entry('labels', map([entry('app', scalar(name))], {flow: d.comments[3]}))])), entry('spec', podSpec)]);
      let body: YEntry[];
      switch (d.kind) {
        case 'Pod':
          body = [entry('spec', podSpec)];
          break;
        case 'Job':
          body = [entry('spec', map([entry('backoffLimit', scalar('2')), entry('template', template)]))];
          break;
        case 'CronJob':
          body = [entry('spec', map([entry('schedule', scalar('*/5 * * * *', 'double')), entry('jobTemplate', map([entry('spec', map([entry('template', template)]))]))]))];
          break;
        case 'List':
          return renderDocument(
            map([entry('apiVersion', scalar('v1')), entry('kind', scalar('List')), entry('items', seq([map([entry('apiVersion', scalar('apps/v1')), entry('kind', scalar('Deployment')), metadata(d, name), entry('spec', deploymentSpec(name, template))])]))]),
            {style, header: d.comments[0] ? [c()] : []},
          );
        default:
          body = [entry('spec', d.kind === 'DaemonSet' ? map([entry('selector', map([entry('matchLabels', map([entry('app', scalar(name))]))])), entry('template', template)]) : deploymentSpec(name, template, d.kind === 'StatefulSet'))];
      }
      return renderDocument(map([...head, ...body]), {style, header: d.comments[0] ? [c()] : []});
    });
    const files: Array<{path: string; text: string}> = [];
    const eol = (t: string) => '\uFEFF'.repeat(boms) + (crlf ? t.replace(/\n/g, '\r\n') : t);
    if (split) rendered.forEach((text, i) => files.push({path: `k8s/${i}.yaml`, text: eol(text)}));
    else files.push({path: 'k8s/all.yaml', text: eol((leadingSeparator ? '---\n' : '') + rendered.join(`---\n# ${c()}\n`))});
    return {files, crlf};
  });

function deploymentSpec(name: string, template: YMap, statefulSet = false): YMap {
  return map([
    ...(statefulSet ? [entry('serviceName', scalar(name))] : []),
    entry('replicas', scalar('2')),
    entry('selector', map([entry('matchLabels', map([entry('app', scalar(name))]))])),
    entry('template', template),
  ]);
}

function apiVersion(kind: DocSpec['kind']): string {
  if (kind === 'Job') return 'batch/v1';
  if (kind === 'CronJob') return 'batch/v1';
  if (kind === 'Namespace' || kind === 'Service' || kind === 'ConfigMap' || kind === 'Pod' || kind === 'List') return 'v1';
  return 'apps/v1';
}
