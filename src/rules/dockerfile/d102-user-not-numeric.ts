import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {instructionSpan, replaceArguments} from '../../formats/dockerfile/edit.js';
import {stageUser} from '../../knowledge/dockerfile-user.js';

const docs = `## What it does
Reports a final image whose \`USER\` is a name (\`USER app\`) instead of numeric ids
(\`USER 10001:10001\`). The fix writes the numeric \`UID:GID\` where the Dockerfile says which
(\`useradd --uid\`/\`adduser -u\` and \`groupadd --gid\`/\`addgroup -g\` in the same file) or the image
is known (node's \`node\` is 1000:1000, distroless \`nonroot\` is 65532:65532). Only the user the
image runs as counts (the last \`USER\` of the final stage, through the stages it builds \`FROM\`);
\`USER \${APP_UID}\` that resolves to a number through its ARG default is fine; \`root\` is D101's
business; Windows images (which have no numeric users) are not checked.

## Why it matters
Kubernetes cannot verify \`runAsNonRoot: true\` against a user name: the kubelet refuses to start the
container ("image has non-numeric user … cannot verify user is non-root") unless the pod also sets
\`runAsUser\`. A numeric USER works without a passwd lookup and keeps the Dockerfile, Compose and
Kubernetes on the same UID.

## Example
\`\`\`dockerfile
FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 app && useradd --system --no-log-init --uid 10001 --gid app app
USER app
CMD ["app"]
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 app && useradd --system --no-log-init --uid 10001 --gid app app
USER 10001:10001
CMD ["app"]
\`\`\`

## Fix safety
Safe: the numeric ids name the same user the name did, so the process runs exactly as before. When
neither the file nor the knowledge base gives the ids (a user created without \`--uid\`, a name the
base image defines), there is no fix: create the user with an explicit UID and write it.
`;

export const d102UserNotNumeric = defineRule({
  id: 'D102',
  name: 'user-not-numeric',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'USER is a name, not a numeric UID:GID',
  docs,
  references: ['hadolint:DL3066'],
  links: {
    'Pod Security Standards': 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  },
  fix: 'safe',
  *check(source): Iterable<FindingDraft> {
    const model = source.dockerfile;
    const stage = model.stages.at(-1);
    if (!stage) return;
    const eff = stageUser(model, stage);
    if (!eff || !eff.instruction || eff.family === 'windows' || eff.kind !== 'non-root' || eff.value === null) return;
    const [userPart = '', groupPart] = eff.value.split(':', 2);
    const numeric = /^\d+$/.test(userPart) && (groupPart === undefined || /^\d+$/.test(groupPart));
    if (numeric) return;
    const raw = (eff.instruction.getArgumentsContent() ?? '').trim();
    const span = instructionSpan(source, eff.instruction);
    const base = {start: span.start, end: span.end, locator: eff.stage === stage ? 'stage[final] > USER' : 'stage[base] > USER'};
    const message = `USER ${raw} names the user instead of giving its numeric ids: Kubernetes cannot verify runAsNonRoot against a name.`;
    const literal = !raw.includes('$');
    if (eff.uid !== null && literal) {
      const value = eff.gid !== null ? `${eff.uid}:${eff.gid}` : `${eff.uid}`;
      const target = eff.instruction;
      yield {
        ...base,
        message,
        fix: {
          title: `Write USER ${value} (the ids of ${userPart})`,
          safety: 'safe',
          params: [],
          edits: () => [replaceArguments(source, target, value)],
        },
      };
      return;
    }
    yield {
      ...base,
      message,
      advice:
        eff.uid !== null
          ? `The value comes from a variable; set it to the numeric ids (${eff.uid}${eff.gid !== null ? `:${eff.gid}` : ''}).`
          : `shipshape cannot tell the UID of ${userPart}: create it with an explicit id (e.g. \`useradd --uid 10001\` / \`adduser -u 10001\`) and write \`USER 10001:10001\`.`,
    };
  },
});
