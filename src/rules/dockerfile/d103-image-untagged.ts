import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import type {DockerfileSource} from '../../core/source.js';
import {fromImages, globalArgValue, stageLabel, TAG_PARAM, type FromImage} from './support.js';

const docs = `## What it does
Reports a \`FROM\` whose image has neither a tag nor a digest (\`FROM python\`), which Docker reads
as \`:latest\`. \`FROM scratch\`, a \`FROM <stage>\` that names an earlier build stage, and images
pinned by digest are fine. \`FROM \${BASE}\` is read through the ARG's default: an untagged default
is reported, a variable that stays unresolved is not. The fix needs the tag from you (there is no
safe guess): it writes \`:<tag>\` right after the image name, or into the \`ARG\` default the image
comes from.

## Why it matters
Without a tag every build takes whatever \`latest\` points to that day: a new major version of the
runtime, another OS release, different CVEs. Builds stop being reproducible and a base image change
arrives unreviewed, mixed into an unrelated change.

## Example
\`\`\`dockerfile
FROM python
COPY app.py .
CMD ["python", "app.py"]
\`\`\`

## Use instead
\`\`\`dockerfile
FROM python:3.12-slim
COPY app.py .
CMD ["python", "app.py"]
\`\`\`

## Fix safety
The fix needs a value only you can give (the tag), so \`fix --write\` leaves it alone; the wizard
asks for it. Pick the version you test with today (\`python:3.12-slim\`, \`node:20-alpine\`), and let
Renovate or Dependabot propose updates.
`;

/** Where to write a tag for an image that has none: after the name, or into its ARG default. */
export function tagInsertPoint(source: DockerfileSource, image: FromImage): number | null {
  const endsWithVar = /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.exec(image.raw);
  if (!endsWithVar) return image.rawEnd;
  const name = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(endsWithVar[0])![1]!;
  if (!/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(endsWithVar[0]) || endsWithVar[0].includes(':')) return null;
  const arg = globalArgValue(source, name);
  if (!arg || arg.value.includes('$') || arg.value.includes(':') || arg.value.includes('@')) return null;
  return arg.end;
}

export const d103ImageUntagged = defineRule({
  id: 'D103',
  name: 'image-untagged',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'FROM image without a tag',
  docs,
  references: ['hadolint:DL3006', 'kics:9efb0b2d-89c9-41a3-91ca-dcc0aec911fd', 'trivy:DS001'],
  links: {
    'Dockerfile reference: FROM': 'https://docs.docker.com/reference/dockerfile/#from',
  },
  controls: ['cis-docker:4.2'],
  fix: 'safe',
  needsInput: true,
  *check(source, ctx): Iterable<FindingDraft> {
    for (const image of fromImages(source)) {
      if (image.isStage || image.isScratch || image.unresolved || image.tag !== null || image.digest !== null || image.raw === '') continue;
      const at = tagInsertPoint(source, image);
      const fromArg = at !== null && at !== image.rawEnd;
      yield {
        start: image.rawStart,
        end: image.rawEnd,
        message: `\`FROM ${image.resolved}\` has no tag, so every build takes whatever \`latest\` is that day`,
        locator: `${stageLabel(image.stage)} > FROM`,
        ...(at === null ? {advice: 'Add a tag to the image (for example `:3.12-slim`) where the image name is defined.'} : {}),
        fix:
          at === null
            ? null
            : {
                title: fromArg ? 'Write the tag into the ARG default of the image' : 'Write the image tag',
                safety: 'safe',
                params: [{...TAG_PARAM, default: ctx.param('tag')}],
                needsInput: ['tag'],
                edits: (params): Edit[] => [{file: source.path, start: at, end: at, text: `:${params.tag ?? ''}`}],
              },
      };
    }
  },
});
