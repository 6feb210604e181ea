import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {ciFlavorOf, readPipeline} from '../../formats/ci/pipeline.js';
import {COSIGN_INSTALLER, supplyChainOf} from '../../formats/ci/supply-chain.js';
import {workflowExample} from './common.js';

/** The release workflow of the docs: on a version tag, allowed to push packages. */
const RELEASE = {name: 'release', on: ['push:', "  tags: ['v*']"], permissions: ['contents: read', 'packages: write']};
const LOGIN = ['- uses: docker/login-action@v3', '  with:', '    registry: ghcr.io', '    username: ${{ github.actor }}', '    password: ${{ secrets.GITHUB_TOKEN }}'];

/** What the build-push step of the docs is given; `- id: build` names it for signing. */
const PUSH_WITH = ['  with:', '    push: true', '    tags: ghcr.io/example/api:${{ github.ref_name }}'];

/** The keyless signing steps after the push (steps-list lines), for an image. */
function signSteps(image: string): string[] {
  return [`- uses: ${COSIGN_INSTALLER}`, '- name: Sign the image (keyless)', '  env:', '    DIGEST: ${{ steps.build.outputs.digest }}', `  run: cosign sign --yes "${image}@\${DIGEST}"`];
}

const docs = `## What it does
Reports a pipeline file that pushes container images (\`docker push\`, \`docker buildx build --push\`,
\`docker/build-push-action\` with \`push: true\`, kaniko with \`--destination\`, \`podman\`/\`buildah push\`,
\`crane push\`, \`ko build\`, …) but has no signing step (\`cosign sign\`, \`sigstore/cosign-installer\`,
\`notation sign\`, \`actions/attest-build-provenance\`, \`docker trust sign\`). The signing step must be in the
same file as the push, where the pushed digest is known; one finding per file, on its first push.

## Why it matters
A registry tag says nothing about who built the image. A signature made in the pipeline lets a
deployment (a Kubernetes admission policy such as Kyverno or Sigstore policy-controller,
\`cosign verify\`) refuse an image that this pipeline did not build, for example one pushed with a
leaked registry token. Keyless signing with Sigstore needs no key to manage: the CI's OIDC identity
signs, and the signature is logged in a public transparency log.

## Example
${workflowExample('image', [...LOGIN, '- uses: docker/build-push-action@v6', ...PUSH_WITH], RELEASE)}

## Use instead
${workflowExample('image', [...LOGIN, '- id: build', '  uses: docker/build-push-action@v6', ...PUSH_WITH, ...signSteps('ghcr.io/example/api')], {...RELEASE, permissions: [...RELEASE.permissions, 'id-token: write']})}

## Fix safety
No automatic fix: guidance only. Signing needs the pushed digest (an output of the build step),
the \`id-token: write\` permission (GitHub) or an \`id_tokens:\` entry with \`aud: sigstore\` (GitLab),
and a decision on who verifies the signature; the finding's advice gives the steps to add.
`;

const GITHUB_ADVICE = [
  'Sign each pushed image by digest with Sigstore keyless signing. Give the job `permissions: id-token: write`, give the build step an `id: build`, and add after the push:',
  ...signSteps('REGISTRY/IMAGE').map((l) => `      ${l}`),
  'Verify it where you deploy: `cosign verify --certificate-identity-regexp … --certificate-oidc-issuer https://token.actions.githubusercontent.com REGISTRY/IMAGE@DIGEST`.',
].join('\n');

const GITLAB_ADVICE = [
  'Sign each pushed image by digest with Sigstore keyless signing. In the job that pushes, add:',
  '  id_tokens:',
  '    SIGSTORE_ID_TOKEN:',
  '      aud: sigstore',
  'and after the push (with cosign installed in the job image):',
  '    - cosign sign --yes "$IMAGE@$DIGEST"',
  'where DIGEST is the pushed digest (e.g. `docker buildx imagetools inspect $IMAGE --format "{{json .Manifest.Digest}}"`).',
].join('\n');

export const p403UnsignedImages = defineRule({
  id: 'P403',
  name: 'unsigned-images',
  kind: 'ci',
  severity: 'info',
  title: 'Images are pushed without a signing step',
  docs,
  references: [],
  links: {
    'Sigstore cosign, signing containers': 'https://docs.sigstore.dev/cosign/signing/signing_with_containers/',
    'sigstore/cosign-installer': 'https://github.com/sigstore/cosign-installer',
    'GitLab, Sigstore keyless signing': 'https://docs.gitlab.com/ci/yaml/signing_examples/',
  },
  controls: ['cis-docker:4.5'],
  fix: null,
  *check(source): Iterable<FindingDraft> {
    const flavor = ciFlavorOf(source.path, source.docs);
    const chain = supplyChainOf(readPipeline(flavor, source.docs), source.text);
    const push = chain.pushes[0];
    if (!push || chain.signs) return;
    const count = chain.pushes.length;
    yield {
      start: push.start,
      end: push.end,
      message: `This pipeline pushes container images${count > 1 ? ` (${count} push steps)` : ''} but never signs them, so a deployment cannot verify that an image was built here and not pushed by someone holding a registry token`,
      locator: 'pipeline > push',
      fix: null,
      advice: flavor === 'github' ? GITHUB_ADVICE : GITLAB_ADVICE,
    };
  },
});
