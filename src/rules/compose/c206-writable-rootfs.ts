import {posix} from 'node:path';
import {isMap, type YAMLMap} from 'yaml';
import type {Edit, FindingDraft} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import {defineRule, param} from '../../core/rule.js';
import {locator, mounts, rangeOf, runsContainer, services, svcRange, type Service} from '../../formats/yaml/compose.js';
import {addEntries, appendIn, setKey} from '../../formats/yaml/edit.js';
import {lookup, lookupPath, ownPair, scalarOf, seqStrings} from '../../formats/yaml/nodes.js';
import {flow} from '../../formats/yaml/render.js';
import {builtImageData, builtImageScratch, type BuiltImage} from '../../knowledge/built-image.js';
import {ownStartScript} from '../../knowledge/host-mounts.js';
import {judgeImageWrites, type WritesJudgement} from '../../knowledge/image-writes.js';
import {shownImage} from '../../knowledge/profiles/describe.js';
import {builtImageOf, composeExample, isInterpolated, serviceProfile, startsAsNonRootUser} from './common.js';

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

A service built here is read from its Dockerfile: the paths the server it starts writes (nginx
from Debian packages: \`/run\`, \`/var/lib/nginx\`, \`/var/log/nginx\`; the base image's profile
when the file keeps its entrypoint) get a \`tmpfs\`, and so do the folders the file makes for
scratch (\`mkdir -p /var/run/app\`); the folders it makes for data (\`mkdir -p /app/data\`, a
\`WORKDIR\` nothing is copied into) get a named volume (\`api-data:/app/data\`, declared under the
top-level \`volumes:\`), so what the program keeps there survives a restart. \`VOLUME\` paths
are volumes at run time already. A build on a language or OS base (python, node, ruby, golang,
debian, …) whose Dockerfile makes no such folder lists nothing its own program writes: a tmpfs
on \`/tmp\` is then a guess, and the writable paths wait for a person (certainty inferred).

Each tmpfs but \`/tmp\` is written with \`mode=1777\` (world-writable, sticky): Docker's default,
spelled out because podman mounts one over a folder of the image as 755 root, which a program
running as its own user (postgres as \`user: postgres\`) cannot write. For such a service a folder
under \`/run\` gets a tmpfs on \`/run\` itself instead, where the program makes its folder (as the
official postgres entrypoint does); podman keeps its own \`/run\` there.

What the fix reads from the image's profile (each finding says how sure it is): for an image
nobody knows (or a local build on such a base), or one whose data path has no volume here, the writable paths are a suggestion a
person confirms (\`fix --write --unsafe\` leaves it alone, the wizard asks); an image that writes
its configuration into the image at start (cp-kafka's \`/etc/kafka\`, ClickHouse's \`users.d\`)
gets guidance only, since a tmpfs there would hide the image's own files. A service that starts
with a script of the repository (\`entrypoint: /etc/sentry/entrypoint.sh\` with \`./sentry\` mounted
there, as getsentry/self-hosted does, whose script runs \`update-ca-certificates\`) is no longer
what the profile describes: what that script writes is not known, so its writable paths wait for a
person too, as do those of a service built from a context outside the repository (a git URL).
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
  controls: ['cis-docker:5.13'],
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
      const built = builtImageOf(svc, ctx.project);
      const judged = withStartScript(svc, withUnreadBuild(svc, ctx.project, built, judgeWrites(svc, ctx.project, built)));
      const base = {...(ro ? rangeOf(svc, ro.pair) : svcRange(svc)), locator: locator(svc), message: `Service "${svc.name}" has a writable root filesystem.`};
      if (judged.blocked) {
        out.push({...base, certainty: judged.certainty, advice: judged.blocked, fix: null});
        continue;
      }
      const scratch = [...new Set([...judged.scratch, ...(built ? builtImageScratch(built) : [])])];
      const volumeTargets = new Set(mounts(svc).flatMap((m) => (m.via === 'volumes' ? [m.target] : [])));
      const data = (built ? builtImageData(built) : []).filter((d) => !volumeTargets.has(d));
      const suggested = [ctx.param('writablePaths'), ...scratch].join(',');
      out.push({
        ...base,
        ...(judged.certainty ? {certainty: judged.certainty} : {}),
        ...(judged.ask ? {advice: judged.ask} : {}),
        fix: {
          title: data.length > 0 ? `Make the root filesystem read-only (tmpfs for writable paths, a volume for ${data.join(', ')})` : 'Make the root filesystem read-only (tmpfs for writable paths)',
          safety: 'unsafe',
          params: judged.ask
            ? [{name: 'writablePaths', label: 'Writable paths, comma-separated (shipshape cannot know every path this service writes: check them first)', default: [...new Set(suggested.split(','))].join(',')}]
            : [param(ctx, 'writablePaths', 'Writable paths (comma-separated)')],
          ...(judged.ask ? {needsInput: ['writablePaths']} : {}),
          risk: 'A program that writes outside its volumes and tmpfs paths fails.',
          edits: (p) => {
            // A path something is mounted on already (a volume, a tmpfs in either syntax) needs no second mount: Compose refuses duplicates.
            const mounted = new Set(mounts(svc).map((m) => m.target));
            // Started as its own user, a program cannot write a tmpfs podman mounts over a folder of
            // the image's /run (it comes out 755 root): /run itself is made writable, and the program
            // makes its folder there, as the official postgres entrypoint does.
            const nonRoot = startsAsNonRootUser(svc);
            const wanted = [...(p.writablePaths ?? ctx.param('writablePaths')).split(',').map((s) => s.trim()).filter(Boolean), ...scratch].map((x) => (nonRoot && /^\/(var\/)?run\/./.test(x) ? '/run' : x));
            const paths = [...new Set(wanted)];
            // The volume goes first: it may be inserted where read_only is (the end of the service).
            const edits: Edit[] = [...dataVolumes(svc, data)];
            edits.push(...setKey(src, ro && !ro.merged ? ro.owner : svc.map, 'read_only', true, {doc: svc.doc}));
            const tmpfs = lookup(svc, 'tmpfs');
            const listed = tmpfs ? (scalarOf(tmpfs.value) !== null ? [scalarOf(tmpfs.value)!] : seqStrings(tmpfs.value).map((t) => t.text ?? '')) : [];
            // Docker mounts a tmpfs world-writable (1777); podman gives a folder the image has
            // (hidden under its own /run tmpfs) 755 root. Written out, a non-root program can write it on both.
            const missing = paths.filter((x) => !mounted.has(x.replace(/(.)\/$/, '$1'))).map((x) => (/^\/(var\/)?tmp$/.test(x) ? x : `${x}:mode=1777`));
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

/**
 * What the image's profile says about the paths a service writes (knowledge/image-writes.ts). A
 * service built here is judged by its base's profile (inferred) and, on a base nobody knows
 * (`FROM ${BASE_IMAGE}` of another local build), asks; what its Dockerfile starts and makes is read
 * from it (knowledge/built-image.ts).
 */
function judgeWrites(svc: Service, project: Project, built: BuiltImage | null): WritesJudgement {
  const profile = serviceProfile(svc, project);
  if (!profile) return {scratch: [], ask: null, blocked: null};
  const found = profile.found;
  // A base nobody knows, but the Dockerfile installs and starts a server whose writes are known (Debian's nginx).
  if (found.certainty === 'not-known' && built?.serverSource) return {certainty: 'inferred', scratch: [], ask: null, blocked: null};
  if (found.certainty !== 'not-known' && !found.profile.writes && profile.from === 'base') {
    // A language or OS base says nothing about what the Dockerfile's own program writes, and a
    // Dockerfile that makes no folder for it (mkdir, VOLUME, an empty WORKDIR) lists none: /tmp is a guess.
    if (built?.dirs.length === 0 && !built.serverSource) {
      return {
        certainty: 'inferred',
        scratch: [],
        ask:
          `What the program built on ${shownImage(profile.image, found)} writes is not known (neither its base, ${found.profile.title}, nor its Dockerfile lists a path): the fix guesses a tmpfs on /tmp and nothing else. ` +
          'Check with `docker run --read-only --tmpfs /tmp IMAGE` and read its errors, or `docker diff CONTAINER` after it ran, then confirm the writable paths.',
        blocked: null,
      };
    }
    // The folders the Dockerfile makes for its program, or the packaged server it starts, tell what it writes (knowledge/built-image.ts).
    return {scratch: [], ask: null, blocked: null};
  }
  const shown = profile.from === 'base' ? `a build on ${shownImage(profile.image, found)}` : shownImage(profile.image, found);
  return judgeImageWrites(found, shown, mounts(svc).map((m) => m.target), 'read_only: true');
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

/**
 * A service built from a Dockerfile shipshape does not read (a git URL as the build context, a
 * folder outside the files read), with no image to look up: nothing tells what it writes.
 */
function withUnreadBuild(svc: Service, project: Project, built: BuiltImage | null, judged: WritesJudgement): WritesJudgement {
  if (built || judged.ask || judged.blocked || !lookup(svc, 'build') || serviceProfile(svc, project)) return judged;
  const context = scalarOf(lookup(svc, 'build')?.value) ?? scalarOf(lookupPath(svc, ['build', 'context'])?.value) ?? '.';
  return {
    ...judged,
    certainty: 'not-known',
    ask: `What it runs is built from ${/^[a-z]+:\/\/|^git@/i.test(context) ? `${context}, a build context outside this repository` : `${context}, whose Dockerfile is not among the files read`}, so the paths it writes are not known: run it with \`--read-only --tmpfs /tmp\` and read its errors, or \`docker diff CONTAINER\` after it ran, then confirm the writable paths.`,
  };
}

/**
 * A service that starts with the repository's own script (mounted from the host) runs more than its
 * image: what that script writes at start is not known, so the writable paths wait for a person.
 */
function withStartScript(svc: Service, judged: WritesJudgement): WritesJudgement {
  const script = judged.blocked ? null : ownStartScript(svc);
  if (!script) return judged;
  return {
    ...judged,
    ask:
      `It starts with ${script.source} from the repository (mounted on ${script.path}), and what that script writes at start is not known: it may write inside the image (\`update-ca-certificates\` into /etc/ssl/certs, a package install, generated configuration), which a read-only root stops. ` +
      `Read the script, or run the service with \`--read-only --tmpfs /tmp\` and read its errors, then confirm the writable paths.${judged.ask ? ` ${judged.ask}` : ''}`,
  };
}
