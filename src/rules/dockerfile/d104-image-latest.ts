import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import type {DockerfileSource} from '../../core/source.js';
import {floatingTag} from '../../knowledge/floating-tags.js';
import {fromImages, globalArgValue, stageLabel, TAG_PARAM, type FromImage} from './support.js';

const docs = `## What it does
Reports \`FROM image:latest\` and the other tags that follow a branch, a channel or a release
track instead of a version (\`main\`, \`master\`, \`develop\`, \`dev\`, \`edge\`, \`nightly\`,
\`stable\`, \`lts\`, \`rolling\`, \`unstable\`, …, also with a variant suffix such as
\`stable-alpine\`; the list and why each floats is \`src/knowledge/floating-tags.ts\`, shared with
C215 and K311), also when the tag comes from an ARG default (\`ARG TAG=latest\` …
\`FROM node:\${TAG}\`). \`scratch\`, build stages and images pinned by digest are not reported. The
fix needs the tag from you: it replaces the floating tag where it is written (in the FROM line or in
the ARG default).

## Why it matters
\`latest\` (like \`main\` or \`nightly\`) is just the tag a publisher moved last: it changes under you
without notice, so two builds of the same commit can run on different OS releases or runtime major
versions, and a base image upgrade ships unreviewed.

## Example
\`\`\`dockerfile
FROM node:latest
COPY . .
CMD ["node", "server.js"]
\`\`\`

## Use instead
\`\`\`dockerfile
FROM node:20-bookworm-slim
COPY . .
CMD ["node", "server.js"]
\`\`\`

## Fix safety
The fix needs a value only you can give (the tag), so \`fix --write\` leaves it alone; the wizard
asks for it. Choose the version you run today and let Renovate or Dependabot propose updates.
`;

/** The exact span of the floating tag a FROM uses: in the FROM line, or in the ARG default it comes from. */
function floatingSpan(source: DockerfileSource, image: FromImage): {start: number; end: number} | null {
  const literal = /:([^:/$]+)$/.exec(image.raw);
  if (literal && floatingTag(literal[1])) return {start: image.rawStart + literal.index + 1, end: image.rawEnd};
  const tagVar = /:\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(image.raw);
  const whole = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(image.raw);
  const name = tagVar?.[1] ?? whole?.[1];
  if (!name) return null;
  const arg = globalArgValue(source, name);
  if (!arg) return null;
  if (tagVar && floatingTag(arg.value)) return {start: arg.start, end: arg.end};
  if (whole) {
    const m = /:([^:/]+)$/.exec(arg.value);
    if (m && floatingTag(m[1])) return {start: arg.start + m.index + 1, end: arg.end};
  }
  return null;
}

export const d104ImageLatest = defineRule({
  id: 'D104',
  name: 'image-latest',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'FROM a floating tag (latest, main, nightly, …)',
  docs,
  references: ['hadolint:DL3007', 'kics:f45ea400-6bbe-4501-9fc7-1c3d75c32067', 'checkov:CKV_DOCKER_7', 'trivy:DS001'],
  controls: ['cis-docker:4.2'],
  fix: 'safe',
  needsInput: true,
  *check(source, ctx): Iterable<FindingDraft> {
    for (const image of fromImages(source)) {
      const floating = floatingTag(image.tag);
      if (image.isStage || image.isScratch || image.digest !== null || !floating) continue;
      const span = floatingSpan(source, image);
      yield {
        start: image.rawStart,
        end: image.rawEnd,
        message: `\`FROM ${image.resolved}\` follows ${floating.means}: builds are not reproducible`,
        locator: `${stageLabel(image.stage)} > FROM`,
        ...(span ? {} : {advice: `Replace \`${image.tag}\` with a version tag where the image is defined.`}),
        fix: span
          ? {
              title: `Replace ${image.tag} with a version tag`,
              safety: 'safe',
              params: [{...TAG_PARAM, default: ctx.param('tag')}],
              needsInput: ['tag'],
              edits: (params): Edit[] => [{file: source.path, start: span.start, end: span.end, text: params.tag ?? ''}],
            }
          : null,
      };
    }
  },
});
