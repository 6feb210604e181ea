import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {image, locator, rangeOf, runsContainer, services, svcRange} from '../../formats/yaml/compose.js';
import {appendIn, setKey} from '../../formats/yaml/edit.js';
import {lookup, scalarOf, seqStrings} from '../../formats/yaml/nodes.js';
import {flow} from '../../formats/yaml/render.js';
import {writablePaths} from '../../knowledge/compose-images.js';
import {composeExample} from './common.js';

const docs = `## What it does
Finds services without \`read_only: true\`.

## Why it matters
With a writable root filesystem an attacker can drop tools and change binaries or configuration
inside the container; a read-only one keeps the image as built, and only the paths you choose
(volumes, tmpfs) can be written.

## Example
${composeExample('api', 'ghcr.io/acme/api:1.4')}

## Use instead
${composeExample('api', 'ghcr.io/acme/api:1.4', ['read_only: true', 'tmpfs:', '  - /tmp'])}

## Fix safety
Unsafe: a program that writes outside its volumes fails. The fix sets \`read_only: true\` and a
\`tmpfs\` for each writable path (parameter \`writablePaths\`, default \`/tmp\`), plus the runtime
paths known images write to (\`/var/run/postgresql\` for postgres, \`/var/run/mysqld\` for
mysql/mariadb, nginx's cache and pid paths). Data directories stay on their volumes.
`;

export const c206WritableRootfs = defineRule({
  id: 'C206',
  name: 'writable-rootfs',
  kind: 'compose',
  severity: 'medium',
  title: 'Root filesystem is writable',
  docs,
  references: [],
  links: {
    'Compose file reference: read_only': 'https://docs.docker.com/reference/compose-file/services/#read_only',
    'Compose file reference: tmpfs': 'https://docs.docker.com/reference/compose-file/services/#tmpfs',
  },
  fix: 'unsafe',
  check(src, ctx) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      if (!runsContainer(svc)) continue;
      const ro = lookup(svc, 'read_only');
      if (ro && ro.value && 'value' in ro.value && ro.value.value === true) continue;
      const img = image(svc);
      out.push({
        ...(ro ? rangeOf(svc, ro.pair) : svcRange(svc)),
        locator: locator(svc),
        message: `Service "${svc.name}" has a writable root filesystem.`,
        fix: {
          title: 'Make the root filesystem read-only (tmpfs for writable paths)',
          safety: 'unsafe',
          params: [param(ctx, 'writablePaths', 'Writable paths (comma-separated)')],
          risk: 'A program that writes outside its volumes and tmpfs paths fails.',
          edits: (p) => {
            const paths = [...new Set([...(p.writablePaths ?? ctx.param('writablePaths')).split(',').map((s) => s.trim()).filter(Boolean), ...(img ? writablePaths(img) : [])])];
            const edits: Edit[] = [];
            edits.push(...setKey(src, ro && !ro.merged ? ro.owner : svc.map, 'read_only', true, {doc: svc.doc}));
            const tmpfs = lookup(svc, 'tmpfs');
            const mounted = tmpfs ? (scalarOf(tmpfs.value) !== null ? [scalarOf(tmpfs.value)!] : seqStrings(tmpfs.value).map((t) => t.text ?? '')) : [];
            const have = new Set(mounted.map((m) => m.split(':')[0]));
            const missing = paths.filter((x) => !have.has(x));
            if (missing.length === 0) return edits;
            if (tmpfs && scalarOf(tmpfs.value) !== null) edits.push(...setKey(src, tmpfs.owner, 'tmpfs', flow([...mounted, ...missing]), {doc: svc.doc}));
            else edits.push(...appendIn(src, tmpfs ? tmpfs.owner : svc.map, ['tmpfs'], missing, {doc: svc.doc}));
            return edits;
          },
        },
      });
    }
    return out;
  },
});
