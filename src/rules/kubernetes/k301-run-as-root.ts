import type {Edit} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {isUidLike} from '../../core/params.js';
import {dockerfileForImage, runAsForImage, type RunAs} from '../../knowledge/image-source.js';
import {nonRootCaveat} from '../../knowledge/images.js';
import {plannedRunAs} from '../../knowledge/non-root-user.js';
import {templateRange, type ContainerRef, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import {podSc, sc, setContainerSc, setPodSc, templatesOf, valueOf, PSS_DOC, type K8sSource} from './common.js';
import type {RuleContext} from '../../core/rule.js';

const docs = `## What it does
Reports a pod template whose containers may run as root: neither \`runAsNonRoot: true\` nor a
\`runAsUser\` above 0 applies to a container (pod or container \`securityContext\`), or a
\`runAsUser: 0\` / \`runAsNonRoot: false\` is set.

## Why it matters
A process that runs as root inside a container is root on the node as soon as it escapes
(a kernel or runtime bug, a mounted socket). The Restricted Pod Security Standard requires
\`runAsNonRoot: true\` and no \`runAsUser: 0\`; with a numeric \`runAsUser\` the kubelet can
verify it even when the image's \`USER\` is a name.

## Example
\`\`\`yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
\`\`\`

## Use instead
\`\`\`yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
\`\`\`

## Fix safety
Unsafe: the image must work as that user (files it writes must be writable by it). The fix adds a
pod-level \`securityContext\` with \`runAsNonRoot: true\` and \`runAsUser\`/\`runAsGroup\`/\`fsGroup\`:
the UID of the image when the repository builds it (its Dockerfile's \`USER\`), the image's own
user for images that drop privileges themselves (postgres 999, run directly as that user with
\`fsGroup\` so its volume is writable) or ship one (node 1000), else the \`uid\`/\`gid\` parameters
(10001). Values already set are kept; a container-level \`runAsUser: 0\` becomes the UID.
`;

interface Problem {
  container: ContainerRef;
  why: string;
}

function problemsOf(t: PodTemplate): Problem[] {
  const psc = podSc(t);
  const out: Problem[] = [];
  for (const c of t.containers) {
    const csc = sc(c);
    const user = csc.runAsUser ?? psc.runAsUser;
    const nonRoot = csc.runAsNonRoot ?? psc.runAsNonRoot;
    if (user === 0) out.push({container: c, why: 'runs as runAsUser 0 (root)'});
    else if (nonRoot === false) out.push({container: c, why: 'sets runAsNonRoot: false'});
    else if (nonRoot !== true && !(typeof user === 'number' && user > 0)) out.push({container: c, why: 'may run as root (no runAsNonRoot or runAsUser)'});
    else if (nonRoot !== true) out.push({container: c, why: 'has no runAsNonRoot: true'});
  }
  return out;
}

/** The UID to run the pod as: the first container whose image tells one, else the parameters. */
function imageRunAs(t: PodTemplate, ctx: RuleContext): RunAs | null {
  for (const c of t.containers) {
    if (c.field === 'ephemeralContainers') continue;
    const image = typeof c.value.image === 'string' ? c.value.image : '';
    // A root Dockerfile of the repo gets its user from D101: follow the UID D101 will write.
    const found = runAsForImage(ctx.project, image, t.object.source.path, (dockerfile) => plannedRunAs(dockerfile, ctx.param));
    if (found) return found;
  }
  return null;
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
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const problems = problemsOf(t);
      if (problems.length === 0) continue;
      const known = imageRunAs(t, ctx);
      const uidParam = param(ctx, 'uid', 'User id (runAsUser)', isUidLike);
      const gidParam = param(ctx, 'gid', 'Group id (runAsGroup, fsGroup)', isUidLike);
      if (known) {
        uidParam.default = String(known.uid);
        gidParam.default = String(known.gid);
      }
      const names = problems.map((p) => `${p.container.name} ${p.why}`).join('; ');
      // nginx, httpd, Apache PHP images need root to start as they are: say how instead of breaking them.
      // (An image built by a Dockerfile of the repo is decided there, by D101.)
      const caveat = problems
        .map((p) => p.container.value.image)
        .filter((image): image is string => typeof image === 'string' && !dockerfileForImage(ctx.project, image, t.object.source.path))
        .map((image) => nonRootCaveat(image))
        .find((c) => c !== null);
      if (caveat) {
        yield {
          ...templateRange(t),
          locator: t.locator,
          message: `${t.locator}: ${names}. A root process in a container is root on the node once it escapes, but this image cannot simply run as another user`,
          advice: caveat,
          fix: null,
        };
        continue;
      }
      yield {
        ...templateRange(t),
        locator: t.locator,
        message: `${t.locator}: ${names}. A root process in a container is root on the node once it escapes; run it as a non-root user`,
        ...(known ? {advice: `runAsUser comes from ${known.source}.`} : {}),
        fix: {
          title: 'Run the pod as a non-root user (runAsNonRoot, runAsUser/runAsGroup/fsGroup)',
          safety: 'unsafe' as const,
          params: [uidParam, gidParam],
          risk: 'The image must work as that user: paths it writes must be writable by it.',
          edits: (params) => {
            const uid = Number(valueOf(params, uidParam));
            const gid = Number(valueOf(params, gidParam));
            const psc = podSc(t);
            const entries: Record<string, number | boolean> = {};
            if (psc.runAsNonRoot !== true) entries.runAsNonRoot = true;
            if (!(typeof psc.runAsUser === 'number' && psc.runAsUser > 0)) entries.runAsUser = uid;
            if (psc.runAsGroup === undefined || psc.runAsGroup === 0) entries.runAsGroup = gid;
            if (psc.fsGroup === undefined || psc.fsGroup === 0) entries.fsGroup = gid;
            const edits: Edit[] = setPodSc(source, t, entries);
            for (const c of t.containers) {
              const csc = asRecord(c.value.securityContext);
              if (csc.runAsUser === 0) edits.push(...setContainerSc(source, t, c, ['runAsUser'], uid));
              if (csc.runAsNonRoot === false) edits.push(...setContainerSc(source, t, c, ['runAsNonRoot'], true));
            }
            return edits;
          },
        },
      };
    }
  },
});
