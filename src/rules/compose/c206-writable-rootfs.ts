import type {Certainty, Edit, FindingDraft} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {locator, mounts, rangeOf, runsContainer, type Service, services, svcRange} from '../../formats/yaml/compose.js';
import type {Project} from '../../core/project.js';
import {appendIn, setKey} from '../../formats/yaml/edit.js';
import {lookup, scalarOf, seqStrings} from '../../formats/yaml/nodes.js';
import {flow} from '../../formats/yaml/render.js';
import {composeExample, isInterpolated, serviceProfile} from './common.js';
import {notKnownWhy, shownImage} from '../../knowledge/profiles/describe.js';

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
mysql/mariadb, nginx's cache and pid paths). Data directories stay on their volumes. A path
something is mounted on already (a volume or tmpfs in the short or long syntax, or \`tmpfs:\`)
gets no second mount, which \`compose up\` would refuse. \`read_only: \${VAR}\` is the user's choice and
is left alone.

What the fix reads from the image's profile (each finding says how sure it is): for an image
nobody knows (or a local build on such a base), or one whose data path has no volume here, the writable paths are a suggestion a
person confirms (\`fix --write --unsafe\` leaves it alone, the wizard asks); an image that writes
its configuration into the image at start (cp-kafka's \`/etc/kafka\`, ClickHouse's \`users.d\`)
gets guidance only, since a tmpfs there would hide the image's own files.
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
  needsInput: true,
  profileFacts: ['writes'],
  check(src, ctx) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      if (!runsContainer(svc)) continue;
      const ro = lookup(svc, 'read_only');
      if (ro && ro.value && 'value' in ro.value && ro.value.value === true) continue;
      // `read_only: ${READ_ONLY}` is decided where the file is used: the value is the user's.
      if (ro && isInterpolated(scalarOf(ro.value))) continue;
      const judged = judgeWrites(svc, ctx.project);
      const base = {...(ro ? rangeOf(svc, ro.pair) : svcRange(svc)), locator: locator(svc), message: `Service "${svc.name}" has a writable root filesystem.`};
      if (judged.blocked) {
        out.push({...base, certainty: judged.certainty, advice: judged.blocked, fix: null});
        continue;
      }
      const suggested = [ctx.param('writablePaths'), ...judged.scratch].join(',');
      out.push({
        ...base,
        ...(judged.certainty ? {certainty: judged.certainty} : {}),
        ...(judged.ask ? {advice: judged.ask} : {}),
        fix: {
          title: 'Make the root filesystem read-only (tmpfs for writable paths)',
          safety: 'unsafe',
          params: judged.ask
            ? [{name: 'writablePaths', label: 'Writable paths, comma-separated (shipshape cannot know every path this service writes: check them first)', default: [...new Set(suggested.split(','))].join(',')}]
            : [param(ctx, 'writablePaths', 'Writable paths (comma-separated)')],
          ...(judged.ask ? {needsInput: ['writablePaths']} : {}),
          risk: 'A program that writes outside its volumes and tmpfs paths fails.',
          edits: (p) => {
            // A path something is mounted on already (a volume, a tmpfs in either syntax) needs no second mount: Compose refuses duplicates.
            const mounted = new Set(mounts(svc).map((m) => m.target));
            const paths = [...new Set([...(p.writablePaths ?? ctx.param('writablePaths')).split(',').map((s) => s.trim()).filter(Boolean), ...judged.scratch])];
            const edits: Edit[] = [];
            edits.push(...setKey(src, ro && !ro.merged ? ro.owner : svc.map, 'read_only', true, {doc: svc.doc}));
            const tmpfs = lookup(svc, 'tmpfs');
            const listed = tmpfs ? (scalarOf(tmpfs.value) !== null ? [scalarOf(tmpfs.value)!] : seqStrings(tmpfs.value).map((t) => t.text ?? '')) : [];
            const missing = paths.filter((x) => !mounted.has(x.replace(/(.)\/$/, '$1')));
            if (missing.length === 0) return edits;
            if (tmpfs && scalarOf(tmpfs.value) !== null) edits.push(...setKey(src, tmpfs.owner, 'tmpfs', flow([...listed, ...missing]), {doc: svc.doc}));
            else edits.push(...appendIn(src, tmpfs ? tmpfs.owner : svc.map, ['tmpfs'], missing, {doc: svc.doc}));
            return edits;
          },
        },
      });
    }
    return out;
  },
});

interface WritesJudgement {
  certainty?: Certainty;
  /** The scratch paths the profile names (tmpfs candidates). */
  scratch: string[];
  /** Why a person must confirm the writable paths, or null when the profile tells them. */
  ask: string | null;
  /** Why no read-only root can work without more changes (guidance only), or null. */
  blocked: string | null;
}

/** True when something is mounted at `path` or above it (or, with `below`, inside it: a data volume at PGDATA serves /var/lib/postgresql). */
function covered(path: string, targets: readonly string[], below = false): boolean {
  return targets.some((t) => t === path || path.startsWith(`${t}/`) || (below && t.startsWith(`${path}/`)));
}

/**
 * What the image's profile says about the paths a service writes. An image nobody knows, or a known
 * one whose data paths have no volume here, gets a fix a person confirms; one that writes its
 * configuration into the image at start gets guidance. A service built here is judged by its base's
 * profile (inferred) and, on a base nobody knows (`FROM ${BASE_IMAGE}` of another local build), asks;
 * what its Dockerfile adds is read elsewhere.
 */
function judgeWrites(svc: Service, project: Project): WritesJudgement {
  const profile = serviceProfile(svc, project);
  if (!profile) return {scratch: [], ask: null, blocked: null};
  const found = profile.found;
  if (found.certainty === 'not-known') {
    const what = profile.from === 'base' ? `a build on ${shownImage(profile.image, found)}` : shownImage(profile.image, found);
    return {
      certainty: 'not-known',
      scratch: [],
      ask: `The paths ${what} writes are not known (${notKnownWhy(found)}): run it with \`docker run --read-only --tmpfs /tmp\` and read its errors, or \`docker diff CONTAINER\` after it ran, then confirm the writable paths.`,
      blocked: null,
    };
  }
  const writes = found.profile.writes;
  if (!writes) {
    if (profile.from === 'base') return {scratch: [], ask: null, blocked: null};
    return {certainty: 'not-known', scratch: [], ask: `The profile of ${found.profile.title} does not say which paths it writes: check with \`docker diff CONTAINER\` after it ran, then confirm the writable paths.`, blocked: null};
  }
  const targets = mounts(svc).map((m) => m.target);
  const config = (writes.config ?? []).filter((c) => !covered(c, targets));
  if (config.length > 0) {
    return {
      certainty: found.certainty,
      scratch: writes.scratch,
      ask: null,
      blocked: `The image (${found.profile.title}) writes ${config.join(', ')} inside itself when it starts, so a read-only root stops it, and a tmpfs there would hide the image's own files. Keep the root writable, or first make it write nothing there at start (its docs say how, where it can), then set read_only: true. Source: ${writes.source}.`,
    };
  }
  const data = writes.data.filter((d) => !covered(d, targets, true));
  if (data.length > 0) {
    return {
      certainty: found.certainty,
      scratch: writes.scratch,
      ask: `The image (${found.profile.title}) keeps its data in ${data.join(', ')}, which has no volume here: unless the image declares it a VOLUME, a read-only root stops it writing there. Add a volume for it, or confirm the writable paths.`,
      blocked: null,
    };
  }
  return {certainty: found.certainty, scratch: writes.scratch, ask: null, blocked: null};
}
