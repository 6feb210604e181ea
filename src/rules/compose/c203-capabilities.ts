import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {containerPorts, image, locator, rangeOf, runsContainer, services, svcRange, type Service} from '../../formats/yaml/compose.js';
import {appendIn, removeItem, removeKey, setKey} from '../../formats/yaml/edit.js';
import {lookup, seqStrings} from '../../formats/yaml/nodes.js';
import {flow} from '../../formats/yaml/render.js';
import type {Project} from '../../core/project.js';
import {builtImageCaps} from '../../knowledge/built-image.js';
import {imageCaps} from '../../knowledge/compose-images.js';
import {ROOT_WEB_SERVER_CAPS} from '../../knowledge/profiles/data/common.js';
import {builtImageOf, composeExample, startsAsNonRootUser} from './common.js';

const docs = `## What it does
Finds services without \`cap_drop: [ALL]\`, and services whose \`cap_add\` grants more than the
service needs.

## Why it matters
Docker gives every container a default set of Linux capabilities (CHOWN, SETUID, NET_RAW, …). A
compromised process can use them to escalate; most services need none of them.

## Example
${composeExample('api', 'ghcr.io/acme/api:1.4', ['cap_add:', '  - SYS_ADMIN'])}

## Use instead
${composeExample('api', 'ghcr.io/acme/api:1.4', ['cap_drop:', '  - ALL'])}

## Fix safety
Unsafe: a service that needs a capability breaks without it. The fix adds \`cap_drop: [ALL]\` and
gives back what the service is known to need: \`NET_BIND_SERVICE\` when it listens on a container
port below 1024, and \`CHOWN\`, \`DAC_OVERRIDE\`, \`FOWNER\`, \`SETGID\`, \`SETUID\` for images that
start as root and drop privileges themselves (postgres, mysql, mariadb, redis, mongo, nginx, …).
A service built here is judged by its Dockerfile as D101 reads it: a final stage that starts
nginx/httpd/apache2 gets those and \`NET_BIND_SERVICE\`, one that brings gosu/su-exec for its
entrypoint the step-down ones, and a \`FROM postgres\`-like base that keeps its entrypoint what
that image needs. A service started as a non-root \`user:\` steps down from nothing and gets none
of them.
Other added capabilities are removed; add back one your service really needs and silence the rule
with \`# shipshape-ignore C203 -- reason\`.
`;

/**
 * The capabilities a service needs back after dropping ALL: what its image needs (a built one as
 * its Dockerfile says: nginx started as root, a gosu entrypoint, the base's profile), none of the
 * step-down ones when `user:` starts it as a non-root user, and NET_BIND_SERVICE for a port below 1024.
 */
export function neededCaps(svc: Service, project: Project): string[] {
  const img = image(svc);
  const built = builtImageOf(svc, project);
  const caps = new Set(built ? builtImageCaps(built) : img ? imageCaps(img) : []);
  if (startsAsNonRootUser(svc)) for (const c of ROOT_WEB_SERVER_CAPS) caps.delete(c);
  if (containerPorts(svc).some((p) => p > 0 && p < 1024)) caps.add('NET_BIND_SERVICE');
  return [...caps].sort();
}

const norm = (c: string) => c.toUpperCase().replace(/^CAP_/, '');

export const c203Capabilities = defineRule({
  id: 'C203',
  name: 'capabilities',
  kind: 'compose',
  severity: 'medium',
  title: 'Capabilities not dropped',
  docs,
  references: ['kics:ce76b7d0-9e77-464d-b86f-c5c48e03e22d'],
  links: {
    'Compose file reference: cap_add': 'https://docs.docker.com/reference/compose-file/services/#cap_add',
    'capabilities(7)': 'https://man7.org/linux/man-pages/man7/capabilities.7.html',
  },
  fix: 'unsafe',
  check(src, ctx) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      if (!runsContainer(svc)) continue;
      const drop = lookup(svc, 'cap_drop');
      const add = lookup(svc, 'cap_add');
      const dropped = seqStrings(drop?.value).map((d) => norm(d.text ?? ''));
      const needed = neededCaps(svc, ctx.project);
      const addItems = seqStrings(add?.value);
      const extra = addItems.filter((a) => a.text !== null && !needed.includes(norm(a.text)));
      const haveAdd = new Set(addItems.map((a) => norm(a.text ?? '')));
      const missing = needed.filter((c) => !haveAdd.has(c));
      const dropsAll = dropped.includes('ALL');
      if (dropsAll && extra.length === 0) continue;
      const problems: string[] = [];
      if (!dropsAll) problems.push('does not drop the default capabilities (cap_drop: [ALL])');
      if (extra.length > 0) problems.push(`adds ${extra.map((e) => e.text).join(', ')}, which it is not known to need`);
      out.push({
        ...(add && extra.length > 0 ? rangeOf(svc, add.pair) : svcRange(svc)),
        locator: locator(svc),
        message: `Service "${svc.name}" ${problems.join(' and ')}.`,
        fix: {
          title: `Drop all capabilities of ${svc.name}${needed.length ? ` but ${needed.join(', ')}` : ''}`,
          safety: 'unsafe',
          params: [],
          risk: 'A service that needs a capability not listed here fails at the operation that needs it.',
          edits: () => {
            const edits: Edit[] = [];
            if (!dropsAll) edits.push(...appendIn(src, svc.map, ['cap_drop'], ['ALL'], {doc: svc.doc}));
            // cap_add: keep what is needed, remove the rest, add what is missing.
            const keep = addItems.filter((a) => a.text !== null && needed.includes(norm(a.text)));
            if (!add) {
              if (missing.length > 0) edits.push(...appendIn(src, svc.map, ['cap_add'], missing, {doc: svc.doc}));
            } else if (extra.length === 0) {
              if (missing.length > 0) edits.push(...appendIn(src, add.owner, ['cap_add'], missing, {doc: svc.doc}));
            } else if (needed.length === 0) {
              edits.push(...removeKey(src, add.owner, 'cap_add'));
            } else if (keep.length === 0) {
              edits.push(...setKey(src, add.owner, 'cap_add', flow(needed), {doc: svc.doc}));
            } else {
              const seq = add.value as import('yaml').YAMLSeq;
              for (const e of [...extra].reverse()) edits.push(...removeItem(src, seq, e.index));
              if (missing.length > 0) edits.push(...appendIn(src, add.owner, ['cap_add'], missing, {doc: svc.doc}));
            }
            return edits;
          },
        },
      });
    }
    return out;
  },
});
