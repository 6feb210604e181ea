import type {Edit, FindingDraft} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import {composeBuild, containerPorts, image, locator, rangeOf, runsContainer, svcRange, type Service} from '../../formats/yaml/compose.js';
import {appendIn, removeItem, removeKey, setKey} from '../../formats/yaml/edit.js';
import {lookup, seqStrings} from '../../formats/yaml/nodes.js';
import {flow} from '../../formats/yaml/render.js';
import {builtImageCaps, type BuiltImage} from '../../knowledge/built-image.js';
import {imageCaps, profileCaps} from '../../knowledge/compose-images.js';
import {capsAfterDropAll, capsList, normCap, parseCaps, UNKNOWN_IMAGE_CAPS_ADVICE, unknownImageCaps} from '../../knowledge/capabilities.js';
import {notKnownWhy, shownImage} from '../../knowledge/profiles/describe.js';
import {builtImageOf, composeExample, serviceProfile, startsAsNonRootUser} from './common.js';
import {serviceRule} from './service-rule.js';

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
of them, and so does one whose Dockerfile ends with a non-root \`USER\`.
Where nothing tells what the service needs, dropping ALL waits for a person (certainty not known,
\`fix --write --unsafe\` leaves it, the wizard asks which capabilities stay): an image whose
profile says it runs as root but lists no capabilities (MinIO), a local build that runs its own
command as root on a language or OS base (python, node, debian: the base's profile says nothing
about that command), a Dockerfile that replaces its base's entrypoint, and one that is not read.
The finding says how to check: \`docker compose run --rm --cap-drop ALL SERVICE\`.
Other added capabilities are removed; add back one your service really needs and silence the rule
with \`# shipshape-ignore C203 -- reason\`. The image's profile tells what it needs (s6-overlay images
such as linuxserver/hotio switch to PUID/PGID and keep the step-down capabilities too). For an
image nobody knows, whether it switches user itself is not known: the finding says so, the
capabilities it keeps are a suggestion a person confirms (\`fix --write --unsafe\` leaves it alone),
and capabilities the file adds on purpose are kept. The same holds where the profile is only
inferred (a family such as linuxserver, a local build's base): added capabilities are removed only
when the exact image is known, otherwise the person confirms what stays.
`;

/** What a service needs back after dropping ALL, or why that is not known. */
type Needs = {caps: string[]} | {caps: null; image: string; why: string};

/**
 * The capabilities a service needs back after dropping ALL: what its image needs (its profile, with
 * `${VAR}` from .env; a built one as its Dockerfile says: nginx started as root, a gosu entrypoint,
 * a non-root USER, else the base's profile while the Dockerfile keeps the base's entrypoint), none
 * of the step-down ones when `user:` starts it as a non-root user, and NET_BIND_SERVICE for a port
 * below 1024. Null caps where nothing tells: an image nobody knows, one whose profile does not say
 * what it needs (it runs as root and lists none), a local build that runs its own command as root
 * on such a base or its own entrypoint, or one whose Dockerfile is not read.
 */
export function neededCaps(svc: Service, project: Project): Needs {
  const img = image(svc);
  const built = builtImageOf(svc, project);
  const profile = serviceProfile(svc, project);
  const nonRoot = startsAsNonRootUser(svc);
  let known: readonly string[] | null;
  let unknown: {image: string; why: string} | null = null;
  if (startsItself(built)) known = builtImageCaps(built!);
  else if (built?.user === 'non-root') known = [];
  else if (!profile) {
    known = img && !composeBuild(svc) ? imageCaps(img) : null;
    if (known === null) unknown = {image: img ?? 'the image it builds', why: 'its Dockerfile is not among the files read'};
  } else if (profile.found.certainty === 'not-known') {
    known = null;
    unknown = {image: shownImage(profile.image, profile.found), why: notKnownWhy(profile.found)};
  } else if (profile.from === 'base' && profile.ownEntrypoint) {
    known = null;
    unknown = {image: `the image built on ${shownImage(profile.image, profile.found)}`, why: 'its Dockerfile replaces the base\'s entrypoint with its own, which starts as root'};
  } else {
    known = profileCaps(profile.found.profile);
    if (known === null) {
      const title = profile.found.profile.title;
      const why = !profile.found.profile.runAs
        ? `the profile of ${title} does not say how it starts`
        : profile.from === 'base'
          ? `its Dockerfile runs its own command as root on ${title}, and nothing tells which capabilities that command needs`
          : profile.found.profile.category === 'base'
            ? `its command runs as root on ${title}, and nothing tells which capabilities that command needs`
            : `it runs as root and the profile of ${title} lists no capabilities it needs`;
      unknown = {image: profile.from === 'base' ? `the image built on ${shownImage(profile.image, profile.found)}` : shownImage(profile.image, profile.found), why};
    }
  }
  // Started as a non-root user, it steps down from nothing and holds no capability but those a port needs.
  if (known === null && !nonRoot) return {caps: null, ...unknown!};
  return {caps: capsAfterDropAll(known ?? [], {asNonRootUser: nonRoot, onLowPort: containerPorts(svc).some((p) => p > 0 && p < 1024)})};
}

/** True when the Dockerfile a service is built from says how it starts: a root web server or a gosu/su-exec step-down. */
function startsItself(built: BuiltImage | null): boolean {
  return built !== null && (built.rootServer !== null || built.stepDown !== null);
}

const norm = normCap;

export const c203Capabilities = serviceRule({
  id: 'C203',
  name: 'capabilities',
  severity: 'medium',
  title: 'Capabilities not dropped',
  docs,
  references: ['kics:ce76b7d0-9e77-464d-b86f-c5c48e03e22d'],
  links: {
    'Compose file reference: cap_add': 'https://docs.docker.com/reference/compose-file/services/#cap_add',
    'capabilities(7)': 'https://man7.org/linux/man-pages/man7/capabilities.7.html',
  },
  controls: ['cis-docker:5.4'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['runAs', 'ports'],
  *checkService(svc, src, ctx) {
    if (!runsContainer(svc)) return;
    const drop = lookup(svc, 'cap_drop');
    const add = lookup(svc, 'cap_add');
    const dropped = seqStrings(drop?.value).map((d) => norm(d.text ?? ''));
    const profile = serviceProfile(svc, ctx.project);
    const addItems = seqStrings(add?.value);
    // What it needs is not known (an image nobody knows, a root command no profile describes): a person confirms.
    const needs = neededCaps(svc, ctx.project);
    if (needs.caps === null) {
      const finding = unknownImageCapsFinding(svc, needs, dropped.includes('ALL'), addItems.flatMap((a) => (a.text !== null ? [norm(a.text)] : [])));
      if (finding) yield finding;
      return;
    }
    const needed = needs.caps;
    const extra = addItems.filter((a) => a.text !== null && !needed.includes(norm(a.text)));
    const haveAdd = new Set(addItems.map((a) => norm(a.text ?? '')));
    const dropsAll = dropped.includes('ALL');
    if (dropsAll && extra.length === 0) return;
    const problems: string[] = [];
    if (!dropsAll) problems.push('does not drop the default capabilities (cap_drop: [ALL])');
    if (extra.length > 0) problems.push(`adds ${extra.map((e) => e.text).join(', ')}, which it is not known to need`);
    // Capabilities added on purpose to an image only inferred (a family, a base) may be what it needs: a person decides.
    // A local build whose Dockerfile is not among the files read has no profile: how sure is "not known".
    const certainty = profile?.found.certainty ?? 'not-known';
    const guessed = profile ? 'The profile is only inferred' : 'What it is built from is not known';
    const ask = extra.length > 0 && certainty !== 'known';
    const suggestion = [...new Set([...needed, ...extra.map((e) => norm(e.text!))])].sort();
    const edits = (wanted: readonly string[]): Edit[] => {
      const out: Edit[] = [];
      const unwanted = addItems.filter((a) => a.text !== null && !wanted.includes(norm(a.text)));
      const absent = wanted.filter((c) => !haveAdd.has(c));
      const dropEdits = dropsAll ? [] : appendIn(src, svc.map, ['cap_drop'], ['ALL'], {doc: svc.doc});
      // A new cap_drop goes before a new cap_add, after the items added to an existing one (both may end the service).
      if (!add) out.push(...dropEdits);
      // cap_add: keep what is wanted, remove the rest, add what is missing.
      const keep = addItems.filter((a) => a.text !== null && wanted.includes(norm(a.text)));
      if (!add) {
        if (absent.length > 0) out.push(...appendIn(src, svc.map, ['cap_add'], absent, {doc: svc.doc}));
      } else if (unwanted.length === 0) {
        if (absent.length > 0) out.push(...appendIn(src, add.owner, ['cap_add'], absent, {doc: svc.doc}));
      } else if (wanted.length === 0) {
        out.push(...removeKey(src, add.owner, 'cap_add'));
      } else if (keep.length === 0) {
        out.push(...setKey(src, add.owner, 'cap_add', flow([...wanted]), {doc: svc.doc}));
      } else {
        const seq = add.value as import('yaml').YAMLSeq;
        for (const e of [...unwanted].reverse()) out.push(...removeItem(src, seq, e.index));
        if (absent.length > 0) out.push(...appendIn(src, add.owner, ['cap_add'], absent, {doc: svc.doc}));
      }
      if (add) out.push(...dropEdits);
      return out;
    };
    if (ask && dropsAll) {
      // All else is dropped already: what is left was added on purpose, and only a person can judge it.
      yield {
        ...rangeOf(svc, add!.pair),
        locator: locator(svc),
        message: `Service "${svc.name}" ${problems.join(' and ')}.`,
        certainty,
        advice: `${guessed} and ${extra.map((e) => e.text).join(', ')} ${extra.length > 1 ? 'were' : 'was'} added on purpose, so it is kept: remove it if the service does not need it.`,
        fix: null,
      };
      return;
    }
    yield {
      ...(add && extra.length > 0 ? rangeOf(svc, add.pair) : svcRange(svc)),
      locator: locator(svc),
      message: `Service "${svc.name}" ${problems.join(' and ')}.`,
      ...(profile || ask ? {certainty} : {}),
      ...(ask ? {advice: `${guessed} and ${extra.map((e) => e.text).join(', ')} ${extra.length > 1 ? 'were' : 'was'} added on purpose: confirm the capabilities it keeps (removing one it needs stops what uses it).`} : {}),
      fix: {
        title: `Drop all capabilities of ${svc.name}${needed.length ? ` but ${needed.join(', ')}` : ''}`,
        safety: 'unsafe',
        params: ask ? [{name: 'keepCaps', label: 'Capabilities it keeps, comma-separated, or none', default: suggestion.join(','), validate: capsList}] : [],
        ...(ask ? {needsInput: ['keepCaps']} : {}),
        risk: 'A service that needs a capability not listed here fails at the operation that needs it.',
        // What it needs depends on its user (a step-down image run as non-root needs none of the
        // step-down ones): known once C201's fix, which may set one, is applied.
        after: ['C201'],
        edits: (p) => edits(ask ? parseCaps(p.keepCaps || suggestion.join(',')) : needed),
      },
    };
  },
});

/**
 * An image nobody knows: whether it starts as root and switches user (which needs CHOWN, SETUID, …)
 * is not known, so dropping everything waits for a person, who confirms the capabilities it keeps.
 * The ones the file adds already are its author's choice and stay in the suggestion.
 */
function unknownImageCapsFinding(svc: Service, {image: img, why}: {image: string; why: string}, dropsAll: boolean, added: readonly string[]): FindingDraft | null {
  const lowPort = containerPorts(svc).some((p) => p > 0 && p < 1024);
  if (dropsAll) {
    const unexplained = added.filter((c) => !(lowPort && c === 'NET_BIND_SERVICE'));
    if (unexplained.length === 0) return null;
    return {
      ...rangeOf(svc, lookup(svc, 'cap_add')!.pair),
      locator: locator(svc),
      message: `Service "${svc.name}" adds ${unexplained.join(', ')}, and whether ${img} needs them is not known (${why}).`,
      advice: 'They were added on purpose, so they are kept: remove each one the service does not need (its docs or a run without it tell).',
      certainty: 'not-known',
      fix: null,
    };
  }
  const suggestion = unknownImageCaps(lowPort, added);
  const add = lookup(svc, 'cap_add');
  return {
    ...svcRange(svc),
    locator: locator(svc),
    message: `Service "${svc.name}" does not drop the default capabilities (cap_drop: [ALL]), and which ones ${img} needs is not known (${why}).`,
    advice:
      `${UNKNOWN_IMAGE_CAPS_ADVICE} One that stays root needs DAC_OVERRIDE (and FOWNER, CHOWN) to write files another user owns (a bind mount, a volume made by another image). ` +
      'Check: `docker compose run --rm --cap-drop ALL SERVICE` and look for "Operation not permitted".',
    certainty: 'not-known',
    fix: {
      title: `Drop all capabilities of ${svc.name} but the ones you confirm`,
      safety: 'unsafe',
      params: [{name: 'keepCaps', label: 'Capabilities it keeps, comma-separated, or none (shipshape cannot know what this image needs)', default: suggestion.join(',') || 'none', validate: capsList}],
      needsInput: ['keepCaps'],
      risk: 'A service that needs a capability not listed here fails at the operation that needs it.',
      // A user confirmed for C201 changes what the service needs (a non-root one steps down from nothing).
      after: ['C201'],
      edits: (p) => {
        const keep = parseCaps(p.keepCaps ?? '').filter((c) => !added.includes(c));
        const drop = appendIn(svc.src, svc.map, ['cap_drop'], ['ALL'], {doc: svc.doc});
        if (keep.length === 0) return drop;
        const kept = appendIn(svc.src, add ? add.owner : svc.map, ['cap_add'], keep, {doc: svc.doc});
        // As in the rule's main fix: a new cap_drop before a new cap_add, after items added to an existing one.
        return add ? [...kept, ...drop] : [...drop, ...kept];
      },
    },
  };
}
