import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {instructionSpan} from '../../formats/dockerfile/edit.js';

const docs = `## What it does
Reports a Dockerfile without a \`FROM\` instruction. Such a file is read as a fragment (a template
concatenated at build time, a snippet in a test suite): every instruction rule still checks its
instructions, and the rules about the image as a whole (its base, the user it runs as, its
health check) wait for the file it becomes part of.

## Why it matters
\`docker build\` refuses a file whose first instruction is not \`FROM\` (only \`ARG\`, comments and
parser directives may come first). A fragment is fine where it is concatenated; anywhere else it
is a broken build.

## Example
\`\`\`dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
COPY app /app
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
COPY app /app
\`\`\`

## Fix safety
No automatic fix: the base image is yours to choose. For a fragment on purpose, say so with
\`# shipshape-ignore-file D125\`.
`;

export const d125MissingFrom = defineRule({
  id: 'D125',
  name: 'missing-from',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'No FROM: read as a fragment',
  docs,
  references: ['hadolint:DL3061'],
  links: {'Dockerfile reference: FROM': 'https://docs.docker.com/reference/dockerfile/#from'},
  fix: null,
  *check(source): Iterable<FindingDraft> {
    if (!source.dockerfile.fragment) return;
    const first = source.dockerfile.ast.getInstructions().find((i) => i.getKeyword() !== 'ARG');
    if (!first) return;
    yield {
      ...instructionSpan(source, first),
      locator: 'fragment',
      message: `No FROM: \`${first.getKeyword()}\` comes first, so \`docker build\` refuses the file; it is checked as a fragment (instruction rules only)`,
      advice: 'Add the FROM of the base image, or mark a fragment on purpose with # shipshape-ignore-file D125.',
    };
  },
});
