import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {fromImages, stageLabel} from './support.js';

const docs = `## What it does
Reports (as info) a \`FROM\` whose image is not pinned by digest (\`@sha256:…\`). \`scratch\`, build
stages used as a base, and images whose name is still a variable are not reported. There is no
automatic fix: the digest has to come from a registry.

## Why it matters
A tag is a movable pointer: \`python:3.12-slim\` is rebuilt and re-pushed every few weeks, and a
compromised or mistaken push changes what you build on. A digest names exactly one image, so the
build is reproducible and the supply chain is verifiable. Renovate and Dependabot keep digests
up to date.

## Example
\`\`\`dockerfile
FROM python:3.12-slim
CMD ["python"]
\`\`\`

## Use instead
\`\`\`dockerfile
FROM python:3.12-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
CMD ["python"]
\`\`\`

## Fix safety
No fix: look the digest up with \`docker buildx imagetools inspect python:3.12-slim\` (the
\`Digest:\` line of the index), write \`FROM python:3.12-slim@sha256:…\`, and let Renovate's
\`pinDigests\` or Dependabot update it.
`;

export const d105ImageNotPinnedByDigest = defineRule({
  id: 'D105',
  name: 'image-not-pinned-by-digest',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Base image not pinned by digest',
  docs,
  references: [],
  links: {
    'Dockerfile reference: FROM': 'https://docs.docker.com/reference/dockerfile/#from',
  },
  controls: ['cis-docker:4.2'],
  fix: null,
  *check(source): Iterable<FindingDraft> {
    for (const image of fromImages(source)) {
      if (image.isStage || image.isScratch || image.unresolved || image.digest !== null || image.raw === '') continue;
      yield {
        start: image.rawStart,
        end: image.rawEnd,
        message: `\`FROM ${image.resolved}\` is not pinned by digest: the tag can be moved to a different image`,
        locator: `${stageLabel(image.stage)} > FROM`,
        advice: `Pin it: \`docker buildx imagetools inspect ${image.resolved}\` prints the digest; write \`FROM ${image.resolved}@sha256:<digest>\` and let Renovate or Dependabot update it.`,
      };
    }
  },
});
