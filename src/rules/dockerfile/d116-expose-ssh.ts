import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {argumentSpans, deleteWithin, removeInstruction} from '../../formats/dockerfile/edit.js';
import {finalChain, instructionLocator} from './support.js';

const docs = `## What it does
Reports \`EXPOSE 22\` (or \`22/tcp\`) in the stages that make the final image. The fix removes the
\`22\` port from the EXPOSE line, or the whole line when 22 is its only port.

## Why it matters
Port 22 means an SSH server in the container: another daemon to patch, keys or passwords to manage
inside the image, and a way in that bypasses the orchestrator's logging and access control. Use
\`docker exec\` / \`kubectl exec\` to get a shell instead.

## Example
\`\`\`dockerfile
FROM debian:bookworm-slim
EXPOSE 22 8080
CMD ["/app"]
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm-slim
EXPOSE 8080
CMD ["/app"]
\`\`\`

## Fix safety
Unsafe: EXPOSE is documentation plus the default of \`docker run -P\`; removing it changes what
\`-P\` publishes. Remove the SSH server from the image as well — the fix only removes the port.
`;

export const d116ExposeSsh = defineRule({
  id: 'D116',
  name: 'expose-ssh',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'EXPOSE 22 (SSH)',
  docs,
  references: ['kics:5907595b-5b6d-4142-b173-dbb0e73fbff8', 'checkov:CKV_DOCKER_1', 'trivy:DS004'],
  controls: ['cis-docker:5.7', 'cis-docker:5.9'],
  fix: 'unsafe',
  *check(source): Iterable<FindingDraft> {
    for (const stage of finalChain(source)) {
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'EXPOSE') continue;
        const args = argumentSpans(source, instruction);
        for (let i = 0; i < args.length; i++) {
          const arg = args[i]!;
          if (!/^22(\/tcp)?$/i.test(arg.value)) continue;
          let edits: Edit[];
          if (args.length === 1) edits = removeInstruction(source, instruction);
          else if (i === 0) edits = deleteWithin(source, arg.start, args[1]!.start);
          else edits = deleteWithin(source, args[i - 1]!.end, arg.end);
          yield {
            start: arg.start,
            end: arg.end,
            message: '`EXPOSE 22` advertises an SSH server in the container; use `docker exec`/`kubectl exec` instead of SSH',
            locator: `${instructionLocator(stage, instruction)} > 22`,
            fix: {
              title: args.length === 1 ? 'Remove EXPOSE 22' : 'Remove port 22 from EXPOSE',
              safety: 'unsafe',
              params: [],
              risk: 'docker run -P no longer publishes port 22; remove the SSH server from the image too.',
              edits: () => edits,
            },
          };
        }
      }
    }
  },
});
