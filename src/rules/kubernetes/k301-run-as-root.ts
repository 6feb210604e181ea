import type {Certainty, Edit} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {isUidLike, valueOf} from '../../core/params.js';
import {nestedFirst} from '../../formats/yaml/edit.js';
import {templateRange, type ContainerRef, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import type {YValue} from '../../formats/yaml/render.js';
import {deploymentManifest, leastCertain, podSc, sc, setContainerSc, setContainerScEntries, setPodSc, podSysctl, templatesOf, PSS_DOC, type K8sSource} from './common.js';
import {isWindowsPod, runDecision, type RunDecision} from './workload.js';
import {emptyDirEdits} from './writable-paths.js';

const docs = `## What it does
Reports a pod template with a container that \`runAsNonRoot: true\` does not apply to (from the
pod or the container \`securityContext\`), even when it sets a \`runAsUser\` above 0: admission of
the Restricted Pod Security Standard requires \`runAsNonRoot: true\` itself. A \`runAsUser: 0\` or
\`runAsNonRoot: false\` is reported too.

## Why it matters
A process that runs as root inside a container is root on the node as soon as it escapes
(a kernel or runtime bug, a mounted socket). The Restricted Pod Security Standard requires
\`runAsNonRoot: true\` and no \`runAsUser: 0\`; with a numeric \`runAsUser\` the kubelet can
verify it even when the image's \`USER\` is a name.

## Example
${deploymentManifest([])}

## Use instead
${deploymentManifest(['securityContext:', '  runAsNonRoot: true', '  runAsUser: 10001', '  runAsGroup: 10001', '  fsGroup: 10001'])}

## Fix safety
Unsafe: the program must work as that user. The fix adds \`runAsNonRoot: true\` and gives each
container the user its image can live with: the UID of the repository's Dockerfile (its \`USER\`,
or the one D101 gives it); the image's own user where its profile names one (grafana 472,
prometheus 65534, bitnami 1001; postgres 999 and other images that step down themselves but also
run as that user, with \`fsGroup\` so the volume is writable); the official nginx image as its
worker uid 101, with the safe sysctl \`net.ipv4.ip_unprivileged_port_start\` set to the lowest
port it listens on and emptyDirs at \`/var/cache/nginx\`, \`/var/run\` and \`/tmp\` (advice instead
on a \`hostNetwork\` pod, where the API server refuses that sysctl); the \`uid\`/\`gid\`
parameters (10001) for images known to run the repository's command as root (python, node,
debian, …), with emptyDirs where the image writes. Containers that must start as root (they step
down themselves and do not run as that user, httpd/Apache bind port 80 as root, the command runs
\`chown\` or \`sysctl -w\`, a node agent that reads the node) get advice instead. For an image
without a profile, a command that installs or clones into the image at start (\`git clone\`,
\`npm install\`) or a container that writes to a volume fsGroup does not apply to (\`nfs\`,
\`hostPath\`, also through a persistentVolumeClaim bound to such a PersistentVolume of the
repository: its \`volumeName\`, a \`claimRef\` or a label selector), the finding says so and how to
check, and the UID is a suggestion a person confirms (\`fix --write\` leaves it); nginx keeps its
uid 101 and emptyDirs there, confirmed the same way. Windows pods get \`runAsNonRoot\` with
\`windowsOptions.runAsUserName: ContainerUser\` and no Linux field. Values already set are kept; an
explicit \`runAsUser: 0\` or \`runAsNonRoot: false\` is changed only after a person confirms the UID.

`;

interface Problem {
  container: ContainerRef;
  why: string;
  /** The root setting is written explicitly (runAsUser: 0, runAsNonRoot: false): changed only after a person confirms. */
  explicit: boolean;
}

function problemsOf(t: PodTemplate): Problem[] {
  const psc = podSc(t);
  const out: Problem[] = [];
  for (const c of t.containers) {
    const csc = sc(c);
    const user = csc.runAsUser ?? psc.runAsUser;
    const nonRoot = csc.runAsNonRoot ?? psc.runAsNonRoot;
    if (user === 0) out.push({container: c, why: 'runs as runAsUser 0 (root)', explicit: true});
    else if (nonRoot === false) out.push({container: c, why: 'sets runAsNonRoot: false', explicit: true});
    else if (nonRoot !== true && !(typeof user === 'number' && user > 0)) out.push({container: c, why: 'may run as root (no runAsNonRoot or runAsUser)', explicit: false});
    else if (nonRoot !== true) out.push({container: c, why: 'has no runAsNonRoot: true', explicit: false});
  }
  return out;
}

/** True when the container already runs as a uid above 0 (its own or the pod's runAsUser). */
function hasUid(t: PodTemplate, c: ContainerRef): boolean {
  const user = sc(c).runAsUser ?? podSc(t).runAsUser;
  return typeof user === 'number' && user > 0;
}

interface Assigned {
  container: ContainerRef;
  decision: RunDecision & {kind: 'uid' | 'nginx' | 'not-known'};
}

function describe(c: ContainerRef, d: RunDecision): string {
  switch (d.kind) {
    case 'uid':
      return `${c.name} ${d.runs}`;
    case 'nginx':
      return `${c.name} ${d.runs}`;
    case 'root':
      return `${c.name} must start as root (${d.why})`;
    case 'not-known':
      return `${c.name} ${d.runs} (${d.why})`;
  }
}

/** The pod-level sysctl that lets a non-root nginx bind the lowest port it listens on. */
function lowestPrivilegedPort(assigned: readonly Assigned[]): number | null {
  const ports = assigned.flatMap((a) => (a.decision.kind === 'nginx' ? a.decision.ports : [])).filter((p) => p < 1024);
  return ports.length > 0 ? Math.min(...ports) : null;
}

function windowsFix(source: K8sSource, t: PodTemplate) {
  const psc = podSc(t);
  return {
    title: 'Run the Windows pod as ContainerUser (runAsNonRoot, windowsOptions.runAsUserName)',
    safety: 'unsafe' as const,
    params: [],
    risk: 'The program must work as ContainerUser: paths it writes must be writable by it.',
    edits: () => {
      const entries: Record<string, YValue> = {};
      if (psc.runAsNonRoot !== true) entries.runAsNonRoot = true;
      if (asRecord(psc.windowsOptions).runAsUserName === undefined) entries.windowsOptions = {runAsUserName: 'ContainerUser'};
      const edits: Edit[] = setPodSc(source, t, entries);
      for (const c of t.containers) if (sc(c).runAsNonRoot === false && !c.shared) edits.push(...setContainerSc(source, t, c, ['runAsNonRoot'], true));
      return edits;
    },
  };
}

export const k301RunAsRoot = defineRule({
  id: 'K301',
  name: 'run-as-root',
  kind: 'kubernetes',
  severity: 'high',
  title: 'Containers may run as root',
  docs,
  references: ['checkov:CKV_K8S_23', 'checkov:CKV_K8S_40', 'kube-linter:run-as-non-root', 'trivy:AVD-KSV-0012'],
  links: {
    'Pod Security Standards: Running as Non-root': PSS_DOC,
    'Configure a Security Context': 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  },
  controls: ['pss:restricted/running-as-non-root', 'pss:restricted/running-as-non-root-user', 'nsa:1.0', 'nsa:1.6', 'cis-k8s:5.2.7', 'cis-k8s:5.6.3'],
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const problems = problemsOf(t);
      if (problems.length === 0) continue;
      const windows = isWindowsPod(t);
      // Containers without a uid yet get the one their image can live with; the others only need runAsNonRoot.
      const decided = windows
        ? []
        : problems
            .filter((p) => p.container.field !== 'ephemeralContainers' && !hasUid(t, p.container))
            .map((p) => ({container: p.container, decision: runDecision(ctx.project, t, p.container, ctx.param)}));
      const names = problems
        .map((p) => {
          const d = decided.find((x) => x.container === p.container);
          return d && !p.explicit ? describe(p.container, d.decision) : `${p.container.name} ${p.why}`;
        })
        .join('; ');
      const lead = `${t.locator}: ${names}. A root process in a container is root on the node once it escapes`;
      if (windows) {
        yield {...templateRange(t), locator: t.locator, message: `${lead}; run it as ContainerUser`, certainty: 'known' as const, fix: windowsFix(source, t)};
        continue;
      }
      const certainty: Certainty = leastCertain(decided.map((d) => (d.decision.kind === 'not-known' ? 'not-known' : d.decision.certainty)));
      const blocked = decided.filter((d) => d.decision.kind === 'root');
      if (blocked.length > 0) {
        yield {
          ...templateRange(t),
          locator: t.locator,
          message: `${lead}, but ${blocked.map((b) => b.container.name).join(' and ')} cannot simply run as another user`,
          advice: blocked.map((b) => (b.decision.kind === 'root' ? b.decision.advice : '')).join(' '),
          certainty,
          fix: null,
        };
        continue;
      }
      const assigned = decided as Assigned[];
      const unknown = assigned.filter((a) => a.decision.kind === 'not-known');
      const primary = assigned.find((a) => a.decision.kind !== 'not-known')?.decision as (RunDecision & {kind: 'uid' | 'nginx'}) | undefined;
      const uidParam = param(ctx, 'uid', 'User id (runAsUser)', isUidLike);
      const gidParam = param(ctx, 'gid', 'Group id (runAsGroup, fsGroup)', isUidLike);
      if (primary) {
        uidParam.default = String(primary.uid);
        gidParam.default = String(primary.gid);
      }
      const explicit = problems.filter((p) => p.explicit);
      // Where shipshape cannot know the user (an image without a profile, root set on purpose), the ids are a suggestion a person confirms.
      // A uid that may not own what a volume holds (NFS, a host path) waits for a person too.
      const confirms = assigned.flatMap((a) => (a.decision.kind !== 'not-known' && a.decision.confirm ? [a.decision.confirm] : []));
      const ask = unknown.length > 0 || explicit.length > 0 || confirms.length > 0;
      const howToCheck = [
        ...unknown.map((u) => (u.decision.kind === 'not-known' ? u.decision.howToCheck : '')),
        ...confirms,
        ...(explicit.length > 0 ? [`${explicit.map((p) => `${p.container.name} ${p.why}`).join('; ')} on purpose: confirm that it may run as a non-root user.`] : []),
      ];
      const sources = assigned.flatMap((a) => (a.decision.kind === 'uid' || a.decision.kind === 'nginx' ? [`${a.container.name}: ${a.decision.source}`] : []));
      yield {
        ...templateRange(t),
        locator: t.locator,
        message: `${lead}; run it as a non-root user the kubelet verifies`,
        ...(sources.length > 0 || ask ? {advice: [...(sources.length > 0 ? [`${sources.join('; ')}.`] : []), ...howToCheck].join(' ')} : {}),
        certainty,
        fix: {
          title: assigned.some((a) => a.decision.kind === 'nginx')
            ? 'Run nginx as its own uid 101 (unprivileged-port sysctl, emptyDirs for its cache, pid and temp files)'
            : 'Run the pod as a non-root user (runAsNonRoot, runAsUser/runAsGroup/fsGroup)',
          safety: 'unsafe' as const,
          params: [uidParam, gidParam],
          risk: assigned.some((a) => a.decision.kind === 'nginx')
            ? 'nginx must not need root for anything else: templates in /etc/nginx/templates are not rendered when /etc/nginx/conf.d is not writable, and the sysctl needs Kubernetes 1.22+ (Linux 4.11+).'
            : 'The image must work as that user: paths it writes must be writable by it.',
          ...(ask ? {needsInput: ['uid', 'gid']} : {}),
          edits: (params) => fixEdits(source, t, assigned, {uid: Number(valueOf(params, uidParam)), gid: Number(valueOf(params, gidParam))}, primary ?? null),
        },
      };
    }
  },
});

function fixEdits(source: K8sSource, t: PodTemplate, assigned: readonly Assigned[], chosen: {uid: number; gid: number}, primary: {uid: number; gid: number} | null): Edit[] {
  const psc = podSc(t);
  // The uid of each container: its decision, with the parameters standing for the first one (the wizard edits those).
  const idsOf = (a: Assigned): {uid: number; gid: number} => {
    const d = a.decision;
    if (d.kind === 'not-known' || (d.kind === 'uid' && d.fromParam)) return chosen;
    if (primary && d.uid === primary.uid && d.gid === primary.gid) return chosen;
    return {uid: d.uid, gid: d.gid};
  };
  // A pod-level runAsUser would also apply to containers that rely on their image's own user: then set it per container.
  const assignedSet = new Set(assigned.map((a) => a.container));
  const podLevel = t.containers.every((c) => c.field === 'ephemeralContainers' || assignedSet.has(c) || hasUid(t, c) || sc(c).runAsUser !== undefined);
  const entries: Record<string, YValue> = {};
  if (psc.runAsNonRoot !== true) entries.runAsNonRoot = true;
  if (assigned.length > 0 && podLevel && !(typeof psc.runAsUser === 'number' && psc.runAsUser > 0)) entries.runAsUser = chosen.uid;
  if (assigned.length > 0 && podLevel && (psc.runAsGroup === undefined || psc.runAsGroup === 0)) entries.runAsGroup = chosen.gid;
  if (assigned.length > 0 && (psc.fsGroup === undefined || psc.fsGroup === 0)) entries.fsGroup = chosen.gid;
  const edits: Edit[] = [];
  const port = lowestPrivilegedPort(assigned);
  const sysctl = port !== null ? podSysctl(source, t, 'net.ipv4.ip_unprivileged_port_start', String(port)) : null;
  edits.push(...setPodSc(source, t, sysctl?.entry ? {...entries, sysctls: sysctl.entry} : entries), ...(sysctl?.edits ?? []));
  for (const c of t.containers) {
    if (c.shared) continue;
    const csc = asRecord(c.value.securityContext);
    const a = assigned.find((x) => x.container === c);
    const ids = a ? idsOf(a) : null;
    const own: Record<string, number | boolean> = {};
    if (ids && podLevel && ids.uid === chosen.uid) {
      if (csc.runAsUser === 0) own.runAsUser = ids.uid;
    } else if (ids) {
      own.runAsUser = ids.uid;
      if (csc.runAsGroup === undefined || csc.runAsGroup === 0 || ids.gid !== chosen.gid) own.runAsGroup = ids.gid;
    } else if (csc.runAsUser === 0) {
      own.runAsUser = chosen.uid;
    }
    if (csc.runAsNonRoot === false) own.runAsNonRoot = true;
    edits.push(...setContainerScEntries(source, t, c, own));
    if (a && (a.decision.kind === 'nginx' || a.decision.kind === 'uid') && a.decision.scratch.length > 0) edits.push(...emptyDirEdits(source, t, c, a.decision.scratch));
  }
  return nestedFirst(edits);
}
