import {posix} from 'node:path';
import {isMap, type YAMLMap} from 'yaml';
import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {image, locator, rangeOf, runsContainer, services, svcRange, type Service} from '../../formats/yaml/compose.js';
import {addEntries, appendIn, setKey} from '../../formats/yaml/edit.js';
import {lookup, ownPair, scalarOf, seqStrings} from '../../formats/yaml/nodes.js';
import {flow} from '../../formats/yaml/render.js';
import {builtImageData, builtImageScratch} from '../../knowledge/built-image.js';
import {writablePaths} from '../../knowledge/compose-images.js';
import {builtImageOf, composeExample, startsAsNonRootUser} from './common.js';

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

A service built here is read from its Dockerfile: the paths the server it starts writes (nginx
from Debian packages: \`/run\`, \`/var/lib/nginx\`, \`/var/log/nginx\`; the base image's profile
when the file keeps its entrypoint) get a \`tmpfs\`, and so do the folders the file makes for
scratch (\`mkdir -p /var/run/app\`); the folders it makes for data (\`mkdir -p /app/data\`, a
\`WORKDIR\` nothing is copied into) get a named volume (\`api-data:/app/data\`, declared under the
top-level \`volumes:\`), so what the program keeps there survives a restart. \`VOLUME\` paths
are volumes at run time already.

Each tmpfs but \`/tmp\` is written with \`mode=1777\` (world-writable, sticky): Docker's default,
spelled out because podman mounts one over a folder of the image as 755 root, which a program
running as its own user (postgres as \`user: postgres\`) cannot write. For such a service a folder
under \`/run\` gets a tmpfs on \`/run\` itself instead, where the program makes its folder (as the
official postgres entrypoint does); podman keeps its own \`/run\` there.
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
      const built = builtImageOf(svc, ctx.project);
      const scratch = built ? builtImageScratch(built) : img ? writablePaths(img) : [];
      const volumeTargets = new Set(mountTargets(svc));
      const data = (built ? builtImageData(built) : []).filter((d) => !volumeTargets.has(d));
      out.push({
        ...(ro ? rangeOf(svc, ro.pair) : svcRange(svc)),
        locator: locator(svc),
        message: `Service "${svc.name}" has a writable root filesystem.`,
        fix: {
          title: data.length > 0 ? `Make the root filesystem read-only (tmpfs for writable paths, a volume for ${data.join(', ')})` : 'Make the root filesystem read-only (tmpfs for writable paths)',
          safety: 'unsafe',
          params: [param(ctx, 'writablePaths', 'Writable paths (comma-separated)')],
          risk: 'A program that writes outside its volumes and tmpfs paths fails.',
          edits: (p) => {
            // Started as its own user, a program cannot write a tmpfs podman mounts over a folder of
            // the image's /run (it comes out 755 root): /run itself is made writable, and the program
            // makes its folder there, as the official postgres entrypoint does.
            const nonRoot = startsAsNonRootUser(svc);
            const wanted = [...(p.writablePaths ?? ctx.param('writablePaths')).split(',').map((s) => s.trim()).filter(Boolean), ...scratch].map((x) => (nonRoot && /^\/(var\/)?run\/./.test(x) ? '/run' : x));
            const paths = [...new Set(wanted)].filter((x) => !volumeTargets.has(x));
            // The volume goes first: it may be inserted where read_only is (the end of the service).
            const edits: Edit[] = [...dataVolumes(svc, data)];
            edits.push(...setKey(src, ro && !ro.merged ? ro.owner : svc.map, 'read_only', true, {doc: svc.doc}));
            const tmpfs = lookup(svc, 'tmpfs');
            const mounted = tmpfs ? (scalarOf(tmpfs.value) !== null ? [scalarOf(tmpfs.value)!] : seqStrings(tmpfs.value).map((t) => t.text ?? '')) : [];
            const have = new Set(mounted.map((m) => m.split(':')[0]));
            // Docker mounts a tmpfs world-writable (1777); podman gives a folder the image has
            // (hidden under its own /run tmpfs) 755 root. Written out, a non-root program can write it on both.
            const missing = paths.filter((x) => !have.has(x)).map((x) => (/^\/(var\/)?tmp$/.test(x) ? x : `${x}:mode=1777`));
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

/** The container paths a service's `volumes:` mount (short and long syntax). */
function mountTargets(svc: Service): string[] {
  const out: string[] = [];
  for (const item of seqStrings(lookup(svc, 'volumes')?.value)) {
    if (item.text !== null) {
      const parts = item.text.split(':');
      out.push(parts.length >= 2 ? parts[1]! : parts[0]!);
    } else if (isMap(item.node)) {
      const target = scalarOf(ownPair(item.node, 'target')?.value);
      if (target) out.push(target);
    }
  }
  return out.map((t) => posix.normalize(t).replace(/(.)\/$/, '$1'));
}

/**
 * A named volume for each data folder (`api-data:/app/data`), mounted on the service and declared
 * at the top level. Not when the service's volumes come from a shared anchor: its own list would
 * replace the anchor's.
 */
function dataVolumes(svc: Service, dirs: readonly string[]): Edit[] {
  if (dirs.length === 0) return [];
  if (lookup(svc, 'volumes')?.merged) return [];
  const root = svc.doc.contents as YAMLMap;
  const top = ownPair(root, 'volumes');
  const declared = isMap(top?.value) ? (top!.value as YAMLMap) : null;
  const taken = new Set(declared ? declared.items.map((i) => String((i.key as {value?: unknown})?.value ?? '')) : []);
  const names: string[] = [];
  for (const dir of dirs) {
    const base = `${svc.name}-${posix.basename(dir)}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    names.push(name);
  }
  const edits = appendIn(svc.src, svc.map, ['volumes'], names.map((n, i) => `${n}:${dirs[i]}`), {doc: svc.doc});
  const entries = Object.fromEntries(names.map((n) => [n, {}]));
  edits.push(...(declared ? addEntries(svc.src, declared, entries, {doc: svc.doc}) : setKey(svc.src, root, 'volumes', entries, {doc: svc.doc})));
  return edits;
}
