import {isMap, type YAMLMap} from 'yaml';
import type {Edit, FindingDraft} from '../../core/model.js';
import type {Service} from '../../formats/yaml/compose.js';
import {removeIn} from '../../formats/yaml/edit.js';
import {lookup, lookupPath, scalarOf, seqStrings} from '../../formats/yaml/nodes.js';
import {composeExample} from './common.js';
import {serviceFinding, serviceRule} from './service-rule.js';

const SHARED = new Set(['shared', 'rshared']);

const docs = `## What it does
Finds volumes mounted with \`shared\` or \`rshared\` propagation: \`./data:/data:rshared\` in the
short syntax, \`bind: {propagation: shared}\` in the long one.

## Why it matters
With shared propagation, mounts made inside the container appear on the host and the host's appear
in the container. A process in the container can then mount over host paths, which the default
(\`rprivate\`) prevents.

## Example
${composeExample('agent', 'ghcr.io/acme/agent:1.2', ['volumes:', '  - /srv/data:/data:rshared'])}

## Use instead
${composeExample('agent', 'ghcr.io/acme/agent:1.2', ['volumes:', '  - /srv/data:/data'])}

## Fix safety
Unsafe: a container that mounts file systems for the host (a storage or FUSE driver) stops sharing
them. The fix removes the propagation option, so the mount is private again; \`ro\` and the other
options stay.
`;

export const c219MountPropagation = serviceRule({
  id: 'C219',
  name: 'mount-propagation',
  severity: 'medium',
  title: 'Volume mounted with shared propagation',
  docs,
  references: [],
  links: {'Bind mounts: propagation': 'https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation'},
  controls: ['cis-docker:5.20'],
  fix: 'unsafe',
  *checkService(svc, src) {
    const volumes = lookup(svc, 'volumes');
    for (const item of seqStrings(volumes?.value)) {
      if (item.text !== null) {
        const parts = item.text.split(':');
        if (parts.length < 3) continue;
        const options = parts.at(-1)!.split(',');
        const kept = options.filter((o) => !SHARED.has(o));
        if (kept.length === options.length) continue;
        const mount = [...parts.slice(0, -1), ...(kept.length ? [kept.join(',')] : [])].join(':');
        yield finding(svc, item.node, item.text, (): Edit[] => {
          const r = item.node!.range!;
          return [{file: src.path, start: r[0], end: r[1], text: renderLike(src.text.slice(r[0], r[1]), mount)}];
        }, !!volumes?.shared);
      } else if (isMap(item.node)) {
        const found = lookupPath(svc.doc, item.node as YAMLMap, ['bind', 'propagation']);
        const value = scalarOf(found?.value);
        if (!found || value === null || !SHARED.has(value)) continue;
        yield finding(svc, found.pair, `propagation: ${value}`, () => removeIn(src, item.node as YAMLMap, ['bind', 'propagation'], {doc: svc.doc, prune: true}), found.shared || !!volumes?.shared);
      }
    }
  },
});

/** A finding on a mount with shared propagation, fixed by `edits` unless the mount lives in a shared anchor. */
function finding(svc: Service, node: Parameters<typeof serviceFinding>[1], what: string, edits: () => Edit[], shared: boolean): FindingDraft {
  return serviceFinding(svc, node, `volumes[${what}]`, `Service "${svc.name}" mounts ${what} with shared propagation: mounts made in the container reach the host.`, {
    fix: shared ? null : {title: 'Remove the shared propagation', safety: 'unsafe', params: [], risk: 'A container that mounts file systems for the host stops sharing them.', edits},
  });
}

/** The new short-syntax text, quoted the way the original was. */
function renderLike(original: string, text: string): string {
  if (original.startsWith('"')) return JSON.stringify(text);
  if (original.startsWith("'")) return `'${text.replace(/'/g, "''")}'`;
  return /^[\w./~${}-][^#]*$/.test(text) && !/:\s|\s#/.test(text) ? text : JSON.stringify(text);
}
