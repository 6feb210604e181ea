import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {argumentSpans, flagOf} from '../../formats/dockerfile/edit.js';
import {instructionLocator} from './support.js';

const docs = `## What it does
Reports \`ADD https://…\` (or \`http://\`, \`ftp://\`) that downloads a file into the image without
\`--checksum\`. Git sources (\`ADD https://github.com/org/repo.git#v1.2 /src\`) are not reported.
Guidance only.

## Why it matters
The download is not verified: whatever the server (or anyone in between) returns that day ends up
in the image, and the layer cache can hide a changed file for a long time. A pinned checksum turns
a silent change into a failed build.

## Example
\`\`\`dockerfile
FROM debian:bookworm-slim
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
\`\`\`

## Use instead
\`\`\`dockerfile
# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
\`\`\`

## Fix safety
No automatic fix: the checksum must come from the publisher (a release's SHA256SUMS file) or from a
download you verified. Either add \`--checksum=sha256:<digest>\` (Dockerfile syntax 1.6+), or
download with \`curl -fsSLo file <url> && echo "<sha256>  file" | sha256sum -c -\` in a RUN.
`;

export const d108AddRemoteUrl = defineRule({
  id: 'D108',
  name: 'add-remote-url',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'ADD downloads a URL without a checksum',
  docs,
  references: ['kics:4b410d24-1cbe-4430-a632-62c9a931cf1c'],
  links: {
    'Dockerfile reference: ADD --checksum': 'https://docs.docker.com/reference/dockerfile/#add---checksum',
  },
  controls: ['cis-docker:4.9', 'cis-docker:4.12'],
  fix: null,
  *check(source): Iterable<FindingDraft> {
    for (const stage of source.dockerfile.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'ADD' || flagOf(instruction, 'checksum')) continue;
        const args = argumentSpans(source, instruction);
        for (const arg of args.slice(0, -1)) {
          const url = arg.value.replace(/^["']|["']$/g, '');
          if (!/^(https?|ftp):\/\//i.test(url) || /\.git(#|$)/.test(url)) continue;
          yield {
            start: arg.start,
            end: arg.end,
            message: `\`ADD ${url}\` downloads a file into the image without verifying it`,
            locator: `${instructionLocator(stage, instruction)} > ${url}`,
            advice: 'Pin the download: `ADD --checksum=sha256:<digest> <url> <dest>` (Dockerfile syntax 1.6+), or `RUN curl -fsSLo <file> <url> && echo "<sha256>  <file>" | sha256sum -c -`.',
          };
        }
      }
    }
  },
});
