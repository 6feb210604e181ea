/**
 * What the Compose rules share beyond reading the file (formats/yaml/compose.ts): wording, docs
 * examples, list edits, the service's image profile, and what a service runs as its Dockerfile or
 * its `user:` says.
 */
import {posix} from 'node:path';
import {isSeq} from 'yaml';
import type {Edit} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import type {YamlSource} from '../../core/source.js';
import {parseDotEnv} from '../../formats/env.js';
import {baseWithArgs, finalStage, resolveBase, stageByRef} from '../../formats/dockerfile/stages.js';
import {composeBuild, image, type Service} from '../../formats/yaml/compose.js';
import {emptyValue, removeItem} from '../../formats/yaml/edit.js';
import type {YamlText} from '../../formats/yaml/style.js';
import {keyOf, lookup, scalarOf, seqStrings, type Found} from '../../formats/yaml/nodes.js';
import {builtImage, type BuiltImage} from '../../knowledge/built-image.js';
import {profileFor, type ProfileLookup, type ProfileMatch} from '../../knowledge/profiles/lookup.js';
import {hasInterpolation, interpolate} from '../../knowledge/profiles/ref.js';

/** True when the key lives in a mapping several services merge (an anchor / `x-` extension). */
export function sharedNote(found: Found | undefined): string {
  return found?.merged ? ' (the value lives in a shared anchor; the fix changes it there, for every service that merges it)' : '';
}

/**
 * A Compose file for rule docs: a service, its image and its further keys, then `after` as written
 * (further services, indented, or the top-level keys after `services:`; 2-space YAML).
 */
export function composeExample(service: string, image: string, keys: readonly string[] = [], after: readonly string[] = []): string {
  return ['```yaml', 'services:', `  ${service}:`, `    image: ${image}`, ...keys.map((l) => `    ${l}`), ...after, '```'].join('\n');
}

/** True when a value is Compose interpolation (`${VAR}`, `$VAR`): the value is the user's, set where the file is used. */
export function isInterpolated(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && hasInterpolation(value);
}

/** The project's `.env` files read so far, by path (filled as rules ask). */
function envFiles(): Map<string, Readonly<Record<string, string>>> {
  return new Map();
}

/** The variables of the `.env` beside a Compose file, which Compose interpolates `${VAR}` with ({} without one). */
export function composeVars(project: Project, src: YamlSource): Readonly<Record<string, string>> {
  const dir = posix.dirname(src.path);
  const path = dir === '.' ? '.env' : `${dir}/.env`;
  const byPath = project.memo(envFiles);
  let vars = byPath.get(path);
  if (!vars) byPath.set(path, (vars = Object.fromEntries(parseDotEnv(project.textOf(path)))));
  return vars;
}

/** What a service runs, as its image profile sees it: its `image:`, or the base of the Dockerfile it builds. */
export interface ServiceProfile {
  /** `image` for an `image:` not built here, `base` for the FROM of a Dockerfile of the repository. */
  from: 'image' | 'base';
  /** The reference looked up (the `image:` or the base image). */
  image: string;
  found: ProfileLookup;
  /** For a base: the Dockerfile sets its own ENTRYPOINT, so what the base's entrypoint does (step down, write) may not happen. */
  ownEntrypoint?: boolean;
}

/**
 * The profile a service runs under: for a service built from a Dockerfile of the repository the
 * profile of that Dockerfile's base (stage `build.target`, else the final one; always inferred),
 * else the profile of its `image:` with `${VAR}` taken from the `.env` beside the file. Null for a
 * service with neither (or whose Dockerfile is not among the files checked).
 */
export function serviceProfile(svc: Service, project: Project): ServiceProfile | null {
  const build = composeBuild(svc);
  if (build) {
    const source = project.get(build.dockerfile);
    if (source?.kind !== 'dockerfile') return null;
    const stage = build.target ? stageByRef(source.dockerfile, build.target) : finalStage(source.dockerfile);
    if (!stage) return null;
    const {chain} = resolveBase(source.dockerfile, stage);
    const image = baseWithArgs(source.dockerfile, stage, interpolatedArgs(build.args, composeVars(project, svc.src)));
    const ownEntrypoint = chain.some((s) => s.instructions.some((i) => i.getKeyword() === 'ENTRYPOINT'));
    return {from: 'base', image, found: profileFor(image, {as: 'base'}), ownEntrypoint};
  }
  const img = image(svc);
  if (img === null) return null;
  return {from: 'image', image: img, found: profileFor(img, {vars: composeVars(project, svc.src)})};
}

/** The service's profile when one matched (known or inferred), else null. */
export function matchedServiceProfile(svc: Service, project: Project): ProfileMatch | null {
  const found = serviceProfile(svc, project)?.found;
  return found && found.certainty !== 'not-known' ? found : null;
}

/** `build.args` with `${VAR}` in their values taken from the .env beside the Compose file. */
function interpolatedArgs(args: ReadonlyMap<string, string>, vars: Readonly<Record<string, string>>): Map<string, string> {
  return new Map([...args].map(([name, value]) => [name, interpolate(value, vars).value ?? value]));
}

/**
 * What the Dockerfile a service is built from starts and writes (knowledge/built-image.ts), or null
 * without one. Read once per project for each Dockerfile and target: C201, C203, C206 and C211 ask
 * for every service, and a stack's services often share one build (getsentry/self-hosted: 30).
 */
export function builtImageOf(svc: Service, project: Project): BuiltImage | null {
  const build = composeBuild(svc);
  if (!build) return null;
  const source = project.get(build.dockerfile);
  if (!source) return null;
  // Read once per Dockerfile text, target and build arguments: several rules ask for every service (issue 11).
  const args = interpolatedArgs(build.args, composeVars(project, svc.src));
  let byBuild = BUILT_IMAGES.get(source);
  if (!byBuild) BUILT_IMAGES.set(source, (byBuild = new Map()));
  const key = JSON.stringify([build.target, ...args]);
  if (!byBuild.has(key)) byBuild.set(key, builtImage(project, build.dockerfile, build.target, args));
  return byBuild.get(key)!;
}

/** builtImage by the parsed Dockerfile it reads (a fix pass that changes the file parses a new one). */
const BUILT_IMAGES = new WeakMap<object, Map<string, BuiltImage | null>>();

/** True when the service's `user:` is a literal non-root user: it starts as that user and steps down from nothing. */
export function startsAsNonRootUser(svc: Service): boolean {
  const value = scalarOf(lookup(svc, 'user')?.value);
  if (value === null || value.includes('$')) return false;
  const name = value.split(':')[0]!;
  return name !== '' && name !== 'root' && name !== '0';
}

/** A service's `security_opt` and its entries that `matches` picks; null when none does. */
export function securityOptEntries(svc: Service, matches: (entry: string) => boolean): {opt: Found; items: ReturnType<typeof seqStrings>; picked: ReturnType<typeof seqStrings>} | null {
  const opt = lookup(svc, 'security_opt');
  const items = seqStrings(opt?.value);
  const picked = items.filter((i) => matches(i.text ?? ''));
  return opt && picked.length > 0 ? {opt, items, picked} : null;
}

/**
 * Removes some items of a `security_opt` list (C205, C222). When every item goes the key stays,
 * emptied (`security_opt: []`), where it stands: C204 writes its `no-new-privileges:true` there
 * (none of the removed entries was that one), so the author's key order holds instead of the key
 * going and coming back at the end of the service.
 */
export function removeListItems(src: YamlText, found: Found, indexes: readonly number[]): Edit[] {
  const seq = found.value;
  if (!isSeq(seq)) return [];
  const key = keyOf(found.pair);
  if (indexes.length === seq.items.length && key !== null) return emptyValue(src, found.owner, key);
  return [...indexes].sort((a, b) => b - a).flatMap((i) => removeItem(src, seq, i));
}
