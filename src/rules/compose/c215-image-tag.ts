import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {parseImageRef} from '../../knowledge/images.js';
import {locator, rangeOf, services} from '../../formats/yaml/compose.js';
import {lookup, scalarOf} from '../../formats/yaml/nodes.js';
import {composeExample} from './common.js';

const docs = `## What it does
Finds \`image:\` values without a tag or digest, or tagged \`latest\` (services built here with
\`build:\` are not reported: their \`image:\` names the build's result).

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
  title: 'Image untagged or latest',
  docs,
  references: [],
  links: {
    'Compose file reference: image': 'https://docs.docker.com/reference/compose-file/services/#image',
  },
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
      if (ref.tag && ref.tag !== 'latest') continue;
      const node = found.value!;
      out.push({
        ...rangeOf(svc, node),
        locator: locator(svc, 'image'),
        message: ref.tag ? `Service "${svc.name}" uses ${img}: latest changes under you.` : `Service "${svc.name}" uses ${img} without a tag: it means latest, which changes under you.`,
        fix: {
          title: 'Pin the image tag',
          safety: 'safe',
          params: [{name: 'tag', label: `Tag for ${img.replace(/:latest$/, '')}`, default: '', validate: (v) => (/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(v) && v !== 'latest' ? null : 'a tag such as 1.27 or 7.4-alpine')}],
          needsInput: ['tag'],
          edits: (p) => {
            if (!p.tag) return [];
            const r = node.range!;
            const raw = src.text.slice(r[0], r[1]);
            const at = raw.indexOf(img);
            if (at === -1) return [];
            const base = ref.tag ? img.slice(0, img.length - ':latest'.length) : img;
            return [{file: src.path, start: r[0] + at, end: r[0] + at + img.length, text: `${base}:${p.tag}`}];
          },
        },
      });
    }
    return out;
  },
});
