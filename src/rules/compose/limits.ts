/** Shared by C207–C209: read and write a service's limits in one consistent form, and what they should be. */
import {isMap} from 'yaml';
import type {Certainty, Edit} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import type {RuleContext} from '../../core/rule.js';
import type {YamlSource} from '../../core/source.js';
import {environment, services, type Service} from '../../formats/yaml/compose.js';
import {setIn, setKey} from '../../formats/yaml/edit.js';
import {lookup, lookupPath, scalarOf, seqStrings, type Found} from '../../formats/yaml/nodes.js';
import {quoted, type YValue} from '../../formats/yaml/render.js';
import {composeSize, heapOf, jvmMemoryLimit, parseSize, sizeWords} from '../../knowledge/jvm-memory.js';
import {notKnownWhy, shownImage} from '../../knowledge/profiles/describe.js';
import {interpolate} from '../../knowledge/profiles/ref.js';
import {CLASS_LIMITS} from '../../knowledge/resource-classes.js';
import {composeVars, matchedServiceProfile, serviceProfile} from './common.js';

type LimitsStyle = 'deploy' | 'legacy';
const LEGACY_LIMITS = ['mem_limit', 'mem_reservation', 'cpus', 'pids_limit', 'cpu_quota', 'memswap_limit'];

const hasDeploy = (s: Service): boolean => isMap(lookupPath(s, ['deploy', 'resources', 'limits'])?.value) || isMap(lookupPath(s, ['deploy', 'resources', 'reservations'])?.value);
const hasLegacy = (s: Service): boolean => LEGACY_LIMITS.some((k) => lookup(s, k) !== undefined);

/** The form of a file: legacy only when some service uses it and none uses deploy limits. */
const fileStyles = new WeakMap<YamlSource, LimitsStyle>();
function fileStyle(src: YamlSource): LimitsStyle {
  let style = fileStyles.get(src);
  if (!style) {
    const all = services(src);
    style = all.some(hasLegacy) && !all.some(hasDeploy) ? 'legacy' : 'deploy';
    fileStyles.set(src, style);
  }
  return style;
}

/**
 * Which form limits are written in for a service: `deploy.resources.limits` where the service
 * has it, the legacy keys (`mem_limit`, `cpus`, `pids_limit`) where the service uses them, and
 * otherwise the file's form (read once per file: every service's fix asks).
 */
function limitsStyle(svc: Service, swarm = false): LimitsStyle {
  // Swarm ignores the legacy keys: a stack file gets deploy.resources.
  if (swarm) return 'deploy';
  if (hasDeploy(svc)) return 'deploy';
  if (hasLegacy(svc)) return 'legacy';
  return fileStyle(svc.src);
}

export type LimitKind = 'memory' | 'cpus' | 'pids';
const LEGACY: Record<LimitKind, string> = {memory: 'mem_limit', cpus: 'cpus', pids: 'pids_limit'};

/** The limit a service has, in either form (null when none; in a Swarm stack file only deploy.resources counts). */
export function currentLimit(svc: Service, kind: LimitKind, swarm = false): {value: string; legacy: boolean; lookup: Found} | null {
  const deploy = lookupPath(svc, ['deploy', 'resources', 'limits', kind]);
  const d = scalarOf(deploy?.value);
  if (deploy && d !== null) return {value: d, legacy: false, lookup: deploy};
  if (swarm) return null;
  const legacy = lookup(svc, LEGACY[kind]);
  const l = scalarOf(legacy?.value);
  if (legacy && l !== null) return {value: l, legacy: true, lookup: legacy};
  if (kind === 'cpus') {
    const quota = lookup(svc, 'cpu_quota');
    if (quota && scalarOf(quota.value) !== null) return {value: scalarOf(quota.value)!, legacy: true, lookup: quota};
  }
  return null;
}

/** Edits that set a limit (and, for memory, a reservation when none exists) in the service's form. */
export function limitEdits(svc: Service, kind: LimitKind, value: YValue, reservation: string | null, swarm = false): Edit[] {
  const src = svc.src;
  const style = limitsStyle(svc, swarm);
  const opts = {doc: svc.doc};
  if (style === 'legacy') {
    const edits = setKey(src, svc.map, LEGACY[kind], value, opts);
    if (reservation && !lookup(svc, 'mem_reservation') && !lookupPath(svc, ['deploy', 'resources', 'reservations', 'memory'])) {
      // Both insertions go after the last pair, in this order.
      edits.push(...setKey(src, svc.map, 'mem_reservation', reservation, opts));
    }
    return edits;
  }
  const hasReservation = !!lookup(svc, 'mem_reservation') || !!lookupPath(svc, ['deploy', 'resources', 'reservations', 'memory']);
  if (reservation && !hasReservation) {
    const resources = lookupPath(svc, ['deploy', 'resources']);
    if (resources && isMap(resources.value) && !lookupPath(svc, ['deploy', 'resources', 'limits'])) {
      return [...setIn(src, resources.value, ['limits', kind], value, opts), ...setIn(src, resources.value, ['reservations', 'memory'], reservation, opts)];
    }
    if (!resources) {
      const deploy = lookup(svc, 'deploy');
      if (!deploy) return setKey(src, svc.map, 'deploy', {resources: {limits: {[kind]: value}, reservations: {memory: reservation}}}, opts);
      if (isMap(deploy.value)) return setKey(src, deploy.value, 'resources', {limits: {[kind]: value}, reservations: {memory: reservation}}, opts);
    }
    // A limits mapping exists: the reservation goes in the next pass, after this one.
  }
  return setIn(src, svc.map, ['deploy', 'resources', 'limits', kind], value, opts);
}

export function cpusValue(v: string): YValue {
  return quoted(v);
}

/** What a limit should be for a service, and what that rests on. */
export interface LimitSuggestion {
  /** The value to write, or null when no limit should be written (pids of a JVM). */
  value: string | null;
  /** The memory reservation to go with it (memory only). */
  reservation?: string;
  /** Why this value, in plain words. */
  basis: string;
  certainty: Certainty;
  /** Only a person can say: the value is a guess the wizard asks about, and `fix --write` leaves it. */
  ask: boolean;
}

/** JVM option variables every JVM or its common launchers read (besides those a profile names). */
const JVM_OPTION_VARS = ['JAVA_OPTS', 'JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS', '_JAVA_OPTIONS', 'CATALINA_OPTS', 'JVM_OPTS', 'JVMFLAGS', 'KAFKA_HEAP_OPTS', 'ES_JAVA_OPTS', 'OPENSEARCH_JAVA_OPTS', 'LS_JAVA_OPTS'];
/** Variables whose value is the heap size itself (Cassandra, Neo4j). */
const HEAP_SIZE_VAR = /^(MAX_HEAP_SIZE|NEO4J_(server|dbms)_memory_heap_max__size)$/;

/** The largest heap a service declares (environment or command), with where, or null. */
export function declaredHeap(svc: Service, project: Project, extraVars: readonly string[] = []): {bytes: number; where: string} | null {
  const vars = composeVars(project, svc.src);
  const names = new Set([...JVM_OPTION_VARS, ...extraVars]);
  let best: {bytes: number; where: string} | null = null;
  const consider = (bytes: number | null, where: string) => {
    if (bytes !== null && (!best || bytes > best.bytes)) best = {bytes, where};
  };
  for (const [name, raw] of environment(svc)) {
    const value = interpolate(raw, vars).value ?? raw;
    if (HEAP_SIZE_VAR.test(name)) consider(parseSize(value), `${name}=${value}`);
    else if (names.has(name)) consider(heapOf(value), `${name}`);
  }
  for (const key of ['command', 'entrypoint']) {
    const node = lookup(svc, key)?.value;
    const text = scalarOf(node) ?? seqStrings(node).map((s) => s.text ?? '').join(' ');
    consider(heapOf(interpolate(text, vars).value ?? text), key);
  }
  return best;
}

function halfOf(mib: number): string {
  return composeSize(Math.max(64, Math.floor(mib / 2 / 64) * 64));
}

/**
 * The memory limit for a service: from the heap it declares (a JVM: heap + overhead, see
 * knowledge/jvm-memory.ts), else from the heap its image starts with, else from its image's resource
 * class (knowledge/resource-classes.ts), else the configured default as a guess a person confirms.
 */
export function memorySuggestion(svc: Service, ctx: RuleContext): LimitSuggestion {
  const match = matchedServiceProfile(svc, ctx.project);
  const resources = match?.profile.resources;
  const heap = declaredHeap(svc, ctx.project, resources?.heapEnv ?? []);
  const share = resources?.heapShare;
  const formula = share ? `at least twice the heap, as ${match!.profile.title} wants` : 'heap + 10% + 512M outside the heap';
  if (heap) {
    const mib = jvmMemoryLimit(heap.bytes, share);
    return {value: composeSize(mib), reservation: halfOf(mib), basis: `it declares a ${sizeWords(heap.bytes)} JVM heap (${heap.where}); ${formula}`, certainty: 'inferred', ask: false};
  }
  const defaultHeap = resources?.defaultHeap ? parseSize(resources.defaultHeap) : null;
  if (defaultHeap) {
    const mib = jvmMemoryLimit(defaultHeap, share);
    return {value: composeSize(mib), reservation: halfOf(mib), basis: `${match!.profile.title} starts with a ${resources!.defaultHeap} heap (${resources!.source}); ${formula}`, certainty: match!.certainty, ask: false};
  }
  const limits = resources ? CLASS_LIMITS[resources.class] : null;
  if (limits && typeof limits.memory === 'number') {
    return {value: composeSize(limits.memory), reservation: halfOf(limits.memory), basis: `${match!.profile.title} is ${classWords(resources!.class)}: ${limits.memoryWhy}`, certainty: match!.certainty, ask: false};
  }
  const fallback = {value: ctx.param('memory'), reservation: ctx.param('memoryReservation')};
  if (limits && limits.memory === 'default') return {...fallback, basis: `${match!.profile.title} is ${classWords(resources!.class)}: ${limits.memoryWhy}`, certainty: match!.certainty, ask: false};
  return {...fallback, basis: limits ? `${match!.profile.title} is ${classWords(resources!.class)}: ${limits.memoryWhy}` : whyNotKnown(svc, ctx), certainty: 'not-known', ask: true};
}

/**
 * The process limit for a service: none for a JVM, a database or anything that starts many threads
 * (a small limit stops it creating them), else its class's, else the configured default as a guess.
 */
export function pidsSuggestion(svc: Service, ctx: RuleContext): LimitSuggestion {
  const match = matchedServiceProfile(svc, ctx.project);
  const resources = match?.profile.resources;
  const heap = declaredHeap(svc, ctx.project, resources?.heapEnv ?? []);
  if (heap) return {value: null, basis: `it is a JVM (${heap.where} sets its heap): ${CLASS_LIMITS.jvm.pidsWhy}`, certainty: 'inferred', ask: false};
  if (resources?.manyThreads) return {value: null, basis: `${match!.profile.title} starts many threads (${resources.source})`, certainty: match!.certainty, ask: false};
  const limits = resources ? CLASS_LIMITS[resources.class] : null;
  const basis = limits ? `${match!.profile.title} is ${classWords(resources!.class)}: ${limits.pidsWhy}` : whyNotKnown(svc, ctx);
  if (limits?.pids === 'none') return {value: null, basis, certainty: match!.certainty, ask: false};
  if (limits && typeof limits.pids === 'number') return {value: String(limits.pids), basis, certainty: match!.certainty, ask: false};
  if (limits?.pids === 'default') return {value: ctx.param('pidsLimit'), basis, certainty: match!.certainty, ask: false};
  return {value: ctx.param('pidsLimit'), basis, certainty: 'not-known', ask: true};
}

function whyNotKnown(svc: Service, ctx: RuleContext): string {
  const profile = serviceProfile(svc, ctx.project);
  if (!profile) return 'nothing tells what it needs';
  if (profile.found.certainty === 'not-known') return `nothing tells what ${shownImage(profile.image, profile.found)} needs (${notKnownWhy(profile.found)})`;
  return `the profile of ${profile.found.profile.title} does not say what it needs`;
}

/** `a database`, `an app`. */
function classWords(c: string): string {
  return `${/^[aeiou]/.test(c) ? 'an' : 'a'} ${c}`;
}
