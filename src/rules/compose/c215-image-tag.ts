import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {floatingTag, validPinnedTag} from '../../knowledge/floating-tags.js';
import {parseImageRef} from '../../knowledge/images.js';
import {locator, rangeOf, services} from '../../formats/yaml/compose.js';
import {lookup, scalarOf} from '../../formats/yaml/nodes.js';
import {composeExample} from './common.js';

const docs = `## What it does
Finds \`image:\` values without a tag or digest, or with a tag that follows a branch or channel
instead of a version: \`latest\`, \`main\`, \`master\`, \`develop\`, \`edge\`, \`nightly\`, \`stable\`, …
(the list D104 and K311 share, in \`src/knowledge/floating-tags.ts\`). Services built here with
\`build:\` are not reported: their \`image:\` names the build's result.

## Why it matters
\`latest\` changes under you: two machines run different code, a rollback cannot go back, and a
compromised upstream image arrives on the next pull unnoticed.

## Example
${composeExample('cache', 'redis:latest')}

## Use instead
${composeExample('cache', 'redis:7.4-alpine')}

## Fix safety
No silent guess: the fix needs the tag (parameter \`tag\`), which the wizard asks for; \`fix --write\`
leaves it alone. It then replaces or adds the tag and keeps the rest of the value.
`;

export const c215ImageTag = defineRule({
  id: 'C215',
  name: 'image-tag',
  kind: 'compose',
  severity: 'medium',
  title: 'Image untagged or on a floating tag (latest, main, nightly, …)',
  docs,
  references: [],
  links: {
    'Compose file reference: image': 'https://docs.docker.com/reference/compose-file/services/#image',
  },
  controls: ['cis-docker:5.28'],
  fix: 'safe',
  needsInput: true,
  check(src) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      if (lookup(svc, 'build')) continue;
      const found = lookup(svc, 'image');
      const img = scalarOf(found?.value);
      if (!found || !img || img.includes('$') || img.includes('@')) continue;
      const ref = parseImageRef(img);
      const floating = floatingTag(ref.tag);
      if (ref.tag && !floating) continue;
      const node = found.value!;
      const base = ref.tag ? img.slice(0, img.length - ref.tag.length - 1) : img;
      out.push({
        ...rangeOf(svc, node),
        locator: locator(svc, 'image'),
        message: floating ? `Service "${svc.name}" uses ${img}, which follows ${floating.means}: it changes under you.` : `Service "${svc.name}" uses ${img} without a tag: it means latest, which changes under you.`,
        fix: {
          title: 'Pin the image tag',
          safety: 'safe',
          params: [{name: 'tag', label: `Tag for ${base}`, default: '', validate: validPinnedTag}],
          needsInput: ['tag'],
          edits: (p) => {
            if (!p.tag) return [];
            const r = node.range!;
            const raw = src.text.slice(r[0], r[1]);
            const at = raw.indexOf(img);
            if (at === -1) return [];
            return [{file: src.path, start: r[0] + at, end: r[0] + at + img.length, text: `${base}:${p.tag}`}];
          },
        },
      });
    }
    return out;
  },
});
