import type {Edit, FindingDraft} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import type {DockerfileSource} from '../../core/source.js';
import {defineRule} from '../../core/rule.js';
import {insertLinesAtLine, insertLinesBefore, keywordCase} from '../../formats/dockerfile/edit.js';
import {finalStage, lastOf, resolveBase} from '../../formats/dockerfile/stages.js';
import {podTemplatesOf} from '../../formats/yaml/kubernetes.js';
import {lookup} from '../../formats/yaml/nodes.js';
import {imageFamily} from '../../knowledge/images.js';
import {composeBuildsOf, dockerfileForImage} from '../../knowledge/image-source.js';
import {stageLabel} from './support.js';

const docs = `## What it does
Reports (as info) a final image without a \`HEALTHCHECK\` — in its last stage or a stage it builds
FROM. \`HEALTHCHECK NONE\` counts as a deliberate choice. It stays quiet where a health check has
no place or is defined elsewhere:
- build stages (only the final image runs);
- images without a shell or tools to probe with: \`scratch\`, distroless, Chainguard and Docker
  Hardened runtime images, and Windows images;
- a Compose service of the repository that builds this Dockerfile and sets \`healthcheck:\`;
- a Kubernetes workload of the repository that runs this image and has a liveness, readiness or
  startup probe (Kubernetes ignores HEALTHCHECK and uses its probes). The image is matched by its
  last path segment without tag (\`ghcr.io/acme/api:1.4\` -> \`api\`) against the Dockerfile's folder
  name (\`services/api/Dockerfile\`), the name in \`api.Dockerfile\` / \`Dockerfile.api\`, and the
  \`image:\` and service name of Compose services that build it.

The fix needs the check command from you: it inserts
\`HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD <command>\` before the
final \`CMD\`/\`ENTRYPOINT\` (or at the end).

## Why it matters
Without a health check Docker and Compose only know whether the process exists, not whether it
answers: a deadlocked or misconfigured service shows as "Up", \`depends_on: condition:
service_healthy\` cannot wait for it, and Swarm/Compose cannot restart it.

## Example
\`\`\`dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
\`\`\`

## Use instead
\`\`\`dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://localhost/ || exit 1
\`\`\`

## Fix safety
The fix needs a value only you can give (the command), so \`fix --write\` leaves it alone; the
wizard asks for it. The command runs inside the container: use a tool the image has (\`curl\`,
\`wget\`, the app's own \`healthcheck\` subcommand).
`;

const NO_PROBE_FAMILIES = new Set(['scratch', 'distroless', 'chainguard', 'dhi', 'windows', 'ubi-micro']);
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** The Dockerfiles of the repository whose image a Kubernetes container with a probe runs (read once per project). */
function probedDockerfiles(project: Project): Set<DockerfileSource> {
  const probed = new Set<DockerfileSource>();
  for (const manifest of project.ofKind('kubernetes')) {
    for (const template of podTemplatesOf(manifest, project)) {
      for (const {field, value} of template.containers) {
        if (field !== 'containers' || typeof value.image !== 'string') continue;
        if (!PROBES.some((p) => value[p] !== undefined && value[p] !== null)) continue;
        const dockerfile = dockerfileForImage(project, value.image, manifest.path);
        if (dockerfile) probed.add(dockerfile);
      }
    }
  }
  return probed;
}

export const d115NoHealthcheck = defineRule({
  id: 'D115',
  name: 'no-healthcheck',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Final image has no HEALTHCHECK',
  docs,
  references: ['hadolint:DL3057', 'kics:b03a748a-542d-44f4-bb86-9199ab4fd2d5', 'checkov:CKV_DOCKER_2', 'trivy:DS026'],
  controls: ['cis-docker:4.6'],
  fix: 'safe',
  needsInput: true,
  *check(source, ctx): Iterable<FindingDraft> {
    const model = source.dockerfile;
    const final = finalStage(model);
    if (!final) return;
    const {chain, image} = resolveBase(model, final);
    if (chain.some((s) => s.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK'))) return;
    if (NO_PROBE_FAMILIES.has(imageFamily(image)) || model.escape === '`') return;
    // Defined elsewhere: Compose healthcheck, Kubernetes probes.
    if (composeBuildsOf(ctx.project, source.path).some((b) => lookup(b.service, 'healthcheck'))) return;
    if (ctx.project.memo(probedDockerfiles).has(source)) return;
    const anchor = lastOf(final, 'CMD', 'ENTRYPOINT');
    const fromRange = final.from.getRange();
    const start = source.lines.offset(fromRange.start.line, fromRange.start.character);
    const end = source.lines.lineEnd(fromRange.start.line);
    yield {
      start,
      end,
      message: 'The final image has no HEALTHCHECK: Docker and Compose cannot tell a hung service from a healthy one',
      locator: `${stageLabel(final)} > HEALTHCHECK`,
      fix: {
        title: 'Add a HEALTHCHECK',
        safety: 'safe',
        params: [
          {
            name: 'healthcheck',
            label: 'Health check command, run inside the container (e.g. curl -fsS http://localhost:8080/health || exit 1)',
            default: ctx.param('healthcheck'),
            validate: (v) => (v.trim() !== '' && !/[\r\n]/.test(v) ? null : 'a one-line command'),
          },
        ],
        needsInput: ['healthcheck'],
        edits: (params): Edit[] => {
          const command = (params.healthcheck ?? '').trim();
          const line = `${keywordCase(source, 'HEALTHCHECK')} --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ${command}`;
          return [anchor ? insertLinesBefore(source, anchor, [line]) : insertLinesAtLine(source, source.lines.lineCount, [line])];
        },
      },
    };
  },
});
