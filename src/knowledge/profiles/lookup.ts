/**
 * Finding the profile of an image reference, and how sure that is.
 *
 * - `exact`: the repository is one a profile names, on Docker Hub (`nginx`, `docker.io/library/nginx`),
 *   a Docker Hub mirror (`mirror.gcr.io/library/nginx`, `public.ecr.aws/docker/library/nginx`) or a
 *   registry the image is published on (`quay.io/prometheus/node-exporter`, `lscr.io/linuxserver/sonarr`).
 * - `family`: the repository belongs to a family that shares the facts (`bitnami/*`, `linuxserver/*`).
 * - `base`: the caller looks up the image a local build starts `FROM`; the Dockerfile can change
 *   what the profile says (USER, ports), so it is never more than inferred.
 *
 * Certainty: `known` for an exact match where the image is published; `inferred` for a family, a
 * base, a private registry taken as a mirror (`registry.example.com:5000/nginx`) or a tag that
 * decides a variant but is not known (`postgres:${TAG}`); `not-known` when no profile matches or the
 * reference itself is not known (`${IMAGE}` without a default).
 */
import {PROFILES} from './catalog.js';
import {compareVersions, hasInterpolation, interpolate, parseImageRef, type ImageRef, type ResolvedVariable} from './ref.js';
import type {ImageProfile, ProfileVariant} from './types.js';

export {CERTAINTY_LABEL, type Certainty} from '../../core/model.js';
export type MatchKind = 'exact' | 'family' | 'base';

export interface ProfileMatch {
  certainty: 'known' | 'inferred';
  how: MatchKind;
  /** The profile with the variants that apply to this tag already merged in. */
  profile: ImageProfile;
  /** The names of the variants applied (`alpine`, `before 2.4`). */
  variants: string[];
  /** The reference after interpolation (its tag left out when the tag is not known). */
  image: string;
  ref: ImageRef;
  resolved: ResolvedVariable[];
  /** Why the match is only inferred, in plain words; empty when known. */
  reasons: string[];
}

export interface NoProfile {
  certainty: 'not-known';
  image: string;
  why: 'no-profile' | 'unresolved-variable' | 'empty';
  /** Variables of the reference with neither a value nor a default. */
  unresolved: string[];
  /** How a person finds out what the profile would say. */
  howToCheck: string;
}

export type ProfileLookup = ProfileMatch | NoProfile;

export interface LookupOptions {
  /** Values for `${VAR}` in the reference (an `.env` file next to the Compose file). */
  vars?: Readonly<Record<string, string | undefined>>;
  /** `base`: the image is the FROM of a local build, not the image that runs. */
  as?: 'image' | 'base';
}

/** Public registries that host their own images: a path there is never a Docker Hub mirror's. */
const PUBLIC_REGISTRIES = new Set([
  'ghcr.io', 'quay.io', 'gcr.io', 'registry.k8s.io', 'k8s.gcr.io', 'mcr.microsoft.com', 'registry.gitlab.com', 'docker.elastic.co',
  'cgr.dev', 'lscr.io', 'dhi.io', 'registry.access.redhat.com', 'registry.redhat.io', 'public.ecr.aws', 'container-registry.oracle.com',
]);

/**
 * Docker Hub mirrors and the path prefix under which they serve Docker Hub's repositories.
 * Sources: https://cloud.google.com/artifact-registry/docs/pull-cached-dockerhub-images (mirror.gcr.io),
 * https://gallery.ecr.aws/docker (public.ecr.aws/docker/library), https://github.com/DaoCloud/public-image-mirror (docker.m.daocloud.io).
 */
const HUB_MIRRORS: ReadonlyArray<{registry: string; prefix: string}> = [
  {registry: 'mirror.gcr.io', prefix: ''},
  {registry: 'public.ecr.aws', prefix: 'docker/library/'},
  {registry: 'docker.m.daocloud.io', prefix: ''},
];

interface Family {
  prefix: string;
  /** The prefix names its registry (`gcr.io/distroless/`) rather than a Docker Hub path. */
  qualified: boolean;
  profile: ImageProfile;
}

interface Index {
  hub: Map<string, ImageProfile>;
  qualified: Map<string, ImageProfile>;
  families: Family[];
  /** Registry -> the profiles published there under their Docker Hub paths. */
  byRegistry: Map<string, ImageProfile[]>;
}

let index: Index | null = null;
const matches = new Map<string, RawMatch | null>();

function buildIndex(): Index {
  const hub = new Map<string, ImageProfile>();
  const qualified = new Map<string, ImageProfile>();
  const families: Family[] = [];
  const byRegistry = new Map<string, ImageProfile[]>();
  for (const profile of PROFILES) {
    for (const repo of profile.match.repos) {
      const ref = parseImageRef(repo);
      const target = ref.registry === 'docker.io' ? hub : qualified;
      const key = ref.registry === 'docker.io' ? ref.path : `${ref.registry}/${ref.path}`;
      if (target.has(key)) throw new Error(`image profiles: ${key} is claimed by ${target.get(key)!.id} and ${profile.id}`);
      target.set(key, profile);
    }
    for (const prefix of profile.match.families ?? []) families.push({prefix, qualified: parseImageRef(`${prefix}x`).registry !== 'docker.io', profile});
    for (const registry of profile.match.registries ?? []) (byRegistry.get(registry) ?? byRegistry.set(registry, []).get(registry)!).push(profile);
  }
  families.sort((a, b) => b.prefix.length - a.prefix.length);
  return {hub, qualified, families, byRegistry};
}

function theIndex(): Index {
  return (index ??= buildIndex());
}

/** The Docker Hub paths a reference may stand for, with whether that reading is certain. */
function hubPaths(ref: ImageRef): Array<{path: string; certain: boolean; note?: string}> {
  if (ref.registry === 'docker.io') return [{path: ref.path, certain: true}];
  for (const mirror of HUB_MIRRORS) {
    if (ref.registry !== mirror.registry || !ref.path.startsWith(mirror.prefix)) continue;
    const rest = ref.path.slice(mirror.prefix.length);
    return [{path: rest.startsWith('library/') ? rest.slice('library/'.length) : rest, certain: true}];
  }
  if (PUBLIC_REGISTRIES.has(ref.registry)) return [];
  // A private registry: often a pull-through cache of Docker Hub (`harbor.example.com/dockerhub/library/nginx`).
  const segments = ref.path.split('/');
  const out: Array<{path: string; certain: boolean; note?: string}> = [];
  for (let k = 0; k < segments.length; k++) {
    const rest = segments.slice(k);
    if (k > 0 && segments[k - 1] !== 'library' && rest.length < 2) continue;
    const path = rest[0] === 'library' ? rest.slice(1).join('/') : rest.join('/');
    if (path) out.push({path, certain: false, note: `${ref.registry} is not where this image is published; it is taken as a mirror of Docker Hub's ${path}`});
  }
  return out;
}

interface RawMatch {
  profile: ImageProfile;
  how: 'exact' | 'family';
  certain: boolean;
  note?: string;
}

function withNote(m: RawMatch, note: string | undefined): RawMatch {
  return note ? {...m, note} : m;
}

function findMatch(ref: ImageRef): RawMatch | null {
  const {hub, qualified, families, byRegistry} = theIndex();
  const full = `${ref.registry}/${ref.path}`;
  const own = qualified.get(full);
  if (own) return {profile: own, how: 'exact', certain: true};
  // A registry a profile is published on under its Docker Hub path (lscr.io/linuxserver/sonarr).
  // An exact path before a family's prefix (lscr.io/linuxserver/rdesktop before linuxserver/).
  const published = byRegistry.get(ref.registry) ?? [];
  const exact = published.find((profile) => profile.match.repos.includes(ref.path));
  if (exact) return {profile: exact, how: 'exact', certain: true};
  const family = published.find((profile) => profile.match.families?.some((f) => ref.path.startsWith(f)));
  if (family) return {profile: family, how: 'family', certain: true};
  const ownFamily = families.find((f) => f.qualified && full.startsWith(f.prefix));
  if (ownFamily) return {profile: ownFamily.profile, how: 'family', certain: true};
  const paths = hubPaths(ref);
  for (const candidate of paths) {
    const profile = hub.get(candidate.path);
    if (profile) return withNote({profile, how: 'exact', certain: candidate.certain}, candidate.note);
  }
  for (const candidate of paths) {
    const family = families.find((f) => !f.qualified && candidate.path.startsWith(f.prefix));
    if (family) return withNote({profile: family.profile, how: 'family', certain: candidate.certain}, candidate.note);
  }
  return null;
}

function matchRef(ref: ImageRef): RawMatch | null {
  const key = `${ref.registry}/${ref.path}`;
  if (!matches.has(key)) matches.set(key, findMatch(ref));
  return matches.get(key)!;
}

function variantApplies(variant: ProfileVariant, ref: ImageRef): boolean {
  if (variant.repos && !variant.repos.includes(ref.path) && !variant.repos.includes(`${ref.registry}/${ref.path}`)) return false;
  const tag = ref.tag ?? 'latest';
  if (variant.tag !== undefined && !new RegExp(variant.tag).test(tag)) return false;
  if (variant.below !== undefined) {
    const cmp = compareVersions(tag, variant.below);
    if (cmp === null || cmp >= 0) return false;
  }
  return true;
}

function dependsOnTag(variant: ProfileVariant): boolean {
  return variant.tag !== undefined || variant.below !== undefined;
}

/** The profile with the variants for this reference merged in. */
export function applyVariants(profile: ImageProfile, ref: ImageRef, tagKnown = true): {profile: ImageProfile; variants: string[]} {
  const names: string[] = [];
  let merged: ImageProfile = profile;
  for (const variant of profile.variants ?? []) {
    if (!tagKnown && dependsOnTag(variant)) continue;
    if (!variantApplies(variant, ref)) continue;
    merged = {...merged, ...variant.set};
    names.push(variant.name);
  }
  return {profile: merged, variants: names};
}

function howToCheck(image: string): string {
  const shown = image || 'IMAGE';
  return `Check what it runs as with \`docker image inspect --format '{{.Config.User}}' ${shown}\` (empty means root) and \`docker run --rm --entrypoint id ${shown}\`; read its docs for the paths it writes and the _FILE variables it reads.`;
}

/** The repository part of a reference whose tag alone is interpolated (`postgres:${PG_TAG}`), else null. */
function repositoryWithUnknownTag(raw: string): string | null {
  const at = raw.indexOf('@');
  const beforeDigest = at === -1 ? raw : raw.slice(0, at);
  const colon = beforeDigest.lastIndexOf(':');
  if (colon <= beforeDigest.lastIndexOf('/')) return null;
  const repo = beforeDigest.slice(0, colon);
  return hasInterpolation(repo) ? null : repo;
}

const plainLookups = new Map<string, ProfileLookup>();

/**
 * The profile of an image reference, how it matched and how sure that is (see the module comment).
 * The answer is shared between callers: treat it as read-only.
 */
export function profileFor(image: string, options: LookupOptions = {}): ProfileLookup {
  // Variables change the answer only for a reference that uses them.
  if (options.vars !== undefined && image.includes('$')) return lookUp(image, options);
  const key = `${options.as ?? ''}\0${image}`;
  let found = plainLookups.get(key);
  if (!found) plainLookups.set(key, (found = lookUp(image, options)));
  return found;
}

function lookUp(image: string, options: LookupOptions): ProfileLookup {
  const raw = image.trim();
  if (raw === '') return {certainty: 'not-known', image: raw, why: 'empty', unresolved: [], howToCheck: howToCheck('')};
  const interpolation = interpolate(raw, options.vars);
  let resolvedImage = interpolation.value;
  let tagKnown = true;
  if (resolvedImage === null) {
    const repo = repositoryWithUnknownTag(raw);
    if (!repo) return {certainty: 'not-known', image: raw, why: 'unresolved-variable', unresolved: interpolation.unresolved, howToCheck: howToCheck(raw)};
    resolvedImage = repo;
    tagKnown = false;
  }
  if (resolvedImage.trim() === '') return {certainty: 'not-known', image: raw, why: 'empty', unresolved: [], howToCheck: howToCheck(raw)};
  const ref = parseImageRef(resolvedImage);
  const found = matchRef(ref);
  if (!found) return {certainty: 'not-known', image: resolvedImage, why: 'no-profile', unresolved: [], howToCheck: howToCheck(resolvedImage)};
  const {profile, variants} = applyVariants(found.profile, ref, tagKnown);
  const reasons: string[] = [];
  if (found.note) reasons.push(found.note);
  if (found.how === 'family') reasons.push(`${ref.path} is not profiled itself; the facts are those of its family (${found.profile.title})`);
  if (!tagKnown && (found.profile.variants ?? []).some(dependsOnTag)) {
    reasons.push(`its tag comes from ${interpolation.unresolved.map((v) => `\${${v}}`).join(', ')}, which has no value here, and the tag decides a variant of ${found.profile.title}`);
  }
  if (options.as === 'base') reasons.push(`it is the base of a local build, whose Dockerfile can change the user, ports and paths`);
  const certainty = reasons.length === 0 ? 'known' : 'inferred';
  const how: MatchKind = options.as === 'base' ? 'base' : found.how;
  return {certainty, how, profile, variants, image: resolvedImage, ref, resolved: interpolation.resolved, reasons};
}

/** The profile with this id, or undefined. */
export function profileById(id: string): ImageProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}

/** Convenience for the derived lookups: the merged profile when one matches (known or inferred), else null. */
export function matchedProfile(image: string): ImageProfile | null {
  const found = profileFor(image);
  return found.certainty === 'not-known' ? null : found.profile;
}
