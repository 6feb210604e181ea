import {isScalar} from 'yaml';
import {defineRule} from '../../core/rule.js';
import {containerRange} from '../../formats/yaml/kubernetes.js';
import {deref, ownPair} from '../../formats/yaml/nodes.js';
import {floatingTag, validPinnedTag} from '../../knowledge/floating-tags.js';
import {isFixable, podManifest, templatesOf, type K8sSource} from './common.js';

/** The tag of an image reference, '' when untagged, null when pinned by digest only. */
export function imageTag(image: string): string | null {
  if (image.includes('@')) return null;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : '';
}

const docs = `## What it does
Reports every container whose \`image\` has no tag, or a tag that follows a branch or channel
instead of a version: \`latest\`, \`main\`, \`master\`, \`develop\`, \`edge\`, \`nightly\`, \`stable\`, …
(the list D104 and C215 share, in \`src/knowledge/floating-tags.ts\`). A digest counts as pinned.

## Why it matters
An untagged or \`latest\` image changes under the manifest: a rollout or a rescheduled pod pulls
whatever was pushed last, so two replicas can run different code and a rollback cannot go back. It
also defeats \`imagePullPolicy: IfNotPresent\`.

## Example
${podManifest([], []).replace('ghcr.io/acme/api:1.4.2', 'ghcr.io/acme/api:latest')}

## Use instead
${podManifest([], [])}

## Fix safety
The fix needs the tag to use (parameter \`tag\`): shipshape does not guess versions. \`fix --write\`
leaves it alone; the wizard asks for it. Pinning by digest (\`@sha256:…\`) is even better.
`;

export const k311ImageTag = defineRule({
  id: 'K311',
  name: 'image-tag',
  kind: 'kubernetes',
  severity: 'medium',
  title: 'Container image without a tag or on a floating tag (latest, main, nightly, …)',
  docs,
  references: ['checkov:CKV_K8S_14', 'kics:583053b7-e632-46f0-b989-f81ff8045385', 'kube-linter:latest-tag', 'trivy:AVD-KSV-0013'],
  links: {
    'Images: updating images': 'https://kubernetes.io/docs/concepts/containers/images/#updating-images',
  },
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const c of t.containers) {
        const image = c.value.image;
        if (typeof image !== 'string' || image.trim() === '' || image.includes('$')) continue;
        const tag = imageTag(image);
        const floating = floatingTag(tag);
        if (tag === null || (tag !== '' && !floating)) continue;
        const pair = ownPair(c.node, 'image');
        const node = pair ? deref(pair.value, t.object.doc) : null;
        const range = isScalar(node) && node.range ? {start: node.range[0], end: node.range[1]} : containerRange(c);
        const base = tag === '' ? image : image.slice(0, image.lastIndexOf(':'));
        yield {
          ...range,
          locator: `${c.locator} > image`,
          message: `${c.locator} runs ${image}${tag === '' ? ' without a tag' : `, which follows ${floating!.means}`}: the code that runs changes whenever the image is pushed. Pin a version`,
          fix:
            isFixable(t, c) && isScalar(node) && node.range && !c.shared
              ? {
                  title: 'Pin the image to a tag',
                  safety: 'unsafe' as const,
                  params: [{name: 'tag', label: `Tag for ${base}`, default: '', validate: validPinnedTag}],
                  needsInput: ['tag'],
                  edits: (params) => {
                    const tagValue = params.tag ?? '';
                    if (!tagValue) return [];
                    const raw = source.text.slice(node.range![0], node.range![1]);
                    const quote = raw.startsWith('"') || raw.startsWith("'") ? raw[0]! : '';
                    return [{file: source.path, start: node.range![0], end: node.range![1], text: `${quote}${base}:${tagValue}${quote}`}];
                  },
                }
              : null,
        };
      }
    }
  },
});
