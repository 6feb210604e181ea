/**
 * What memory and process limit a container should get, whatever configures it (a Compose service,
 * a `docker run` line): from the JVM heap it declares (heap + overhead, jvm-memory.ts), else the
 * heap its image starts with, else its image profile's resource class (resource-classes.ts), else
 * the configured default as a guess a person confirms. The Compose rules (C207, C209) and the
 * `docker run` rules (R509, R511) read the same answer, so a postgres gets the same 1G from both.
 */
import type {Certainty} from '../core/model.js';
import {heapOf, jvmMemoryLimit, parseSize, sizeWords} from './jvm-memory.js';
import {notKnownWhy, shownImage} from './profiles/describe.js';
import type {ProfileLookup, ProfileMatch} from './profiles/lookup.js';
import {CLASS_LIMITS} from './resource-classes.js';

/** JVM option variables every JVM or its common launchers read (besides those a profile names). */
const JVM_OPTION_VARS = ['JAVA_OPTS', 'JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS', '_JAVA_OPTIONS', 'CATALINA_OPTS', 'JVM_OPTS', 'JVMFLAGS', 'KAFKA_HEAP_OPTS', 'ES_JAVA_OPTS', 'OPENSEARCH_JAVA_OPTS', 'LS_JAVA_OPTS'];
/** Variables whose value is the heap size itself (Cassandra, Neo4j). */
const HEAP_SIZE_VAR = /^(MAX_HEAP_SIZE|NEO4J_(server|dbms)_memory_heap_max__size)$/;

export interface DeclaredHeap {
  bytes: number;
  /** Where it is declared: `JAVA_OPTS`, `MAX_HEAP_SIZE=2G`, `command`. */
  where: string;
}

/**
 * The largest heap a container declares in its environment (`JAVA_OPTS=-Xmx1g`, `MAX_HEAP_SIZE=2G`,
 * the variables its profile names) or its command lines (`java -Xmx2g -jar app.jar`), or null.
 */
export function declaredHeapIn(env: Iterable<readonly [string, string]>, commands: ReadonlyArray<{where: string; text: string}>, extraVars: readonly string[] = []): DeclaredHeap | null {
  const names = new Set([...JVM_OPTION_VARS, ...extraVars]);
  let best: DeclaredHeap | null = null;
  const consider = (bytes: number | null, where: string) => {
    if (bytes !== null && (!best || bytes > best.bytes)) best = {bytes, where};
  };
  for (const [name, value] of env) {
    if (HEAP_SIZE_VAR.test(name)) consider(parseSize(value), `${name}=${value}`);
    else if (names.has(name)) consider(heapOf(value), name);
  }
  for (const {where, text} of commands) consider(heapOf(text), where);
  return best;
}

/** The image a container runs and what its profile lookup found; null when it has none (a local build nobody read). */
export type SizingSubject = {image: string; found: ProfileLookup} | null;

/** The profile when one matched (known or inferred). */
function matched(subject: SizingSubject): ProfileMatch | null {
  return subject && subject.found.certainty !== 'not-known' ? subject.found : null;
}

/** Why a limit, and how sure: what every sizing answer says besides the limit. */
interface Basis {
  /** Why, in plain words. */
  basis: string;
  certainty: Certainty;
  /** Only a person can say: the value is a guess the wizard asks about, and `fix --write` leaves it. */
  ask: boolean;
}

export interface MemorySizing extends Basis {
  /** The limit in MiB, or null for the configured default (`memory`). */
  mib: number | null;
}

/** The memory limit for a container (see the module comment). */
export function memorySizing(subject: SizingSubject, heap: DeclaredHeap | null): MemorySizing {
  const match = matched(subject);
  const resources = match?.profile.resources;
  const share = resources?.heapShare;
  const formula = share ? `at least twice the heap, as ${match!.profile.title} wants` : 'heap + 10% + 512M outside the heap';
  if (heap) return {mib: jvmMemoryLimit(heap.bytes, share), basis: `it declares a ${sizeWords(heap.bytes)} JVM heap (${heap.where}); ${formula}`, certainty: 'inferred', ask: false};
  const defaultHeap = resources?.defaultHeap ? parseSize(resources.defaultHeap) : null;
  if (defaultHeap) {
    return {mib: jvmMemoryLimit(defaultHeap, share), basis: `${match!.profile.title} starts with a ${resources!.defaultHeap} heap (${resources!.source}); ${formula}`, certainty: match!.certainty, ask: false};
  }
  const {value, ...why} = byClass(subject, 'memory');
  return {mib: typeof value === 'number' ? value : null, ...why};
}

/** The memory reservation that goes with a limit: half of it, in whole 64M steps, at least 64M. */
export function reservationOf(mib: number): number {
  return Math.max(64, Math.floor(mib / 2 / 64) * 64);
}

export interface PidsSizing extends Basis {
  /** The limit, `default` for the configured one (`pidsLimit`), or null when none should be written (a JVM). */
  value: number | 'default' | null;
}

/**
 * The process limit for a container: none for a JVM, a database or anything that starts many
 * threads (a small limit stops it creating them), else its class's, else the configured default as a guess.
 */
export function pidsSizing(subject: SizingSubject, heap: DeclaredHeap | null): PidsSizing {
  const match = matched(subject);
  const resources = match?.profile.resources;
  if (heap) return {value: null, basis: `it is a JVM (${heap.where} sets its heap): ${CLASS_LIMITS.jvm.pidsWhy}`, certainty: 'inferred', ask: false};
  if (resources?.manyThreads) return {value: null, basis: `${match!.profile.title} starts many threads (${resources.source})`, certainty: match!.certainty, ask: false};
  const {value, ...why} = byClass(subject, 'pids');
  return {value: value === 'none' ? null : value, ...why};
}

/**
 * What the image's resource class (CLASS_LIMITS) says for one limit: its value with why, as sure as
 * the profile match; where the class says `ask`, or there is no class, the configured default as a
 * guess a person confirms.
 */
function byClass(subject: SizingSubject, limit: 'memory' | 'pids'): Basis & {value: number | 'default' | 'none'} {
  const match = matched(subject);
  const resources = match?.profile.resources;
  if (!match || !resources) return {value: 'default', basis: whyNotKnown(subject), certainty: 'not-known', ask: true};
  const limits = CLASS_LIMITS[resources.class];
  const basis = `${match.profile.title} is ${classWords(resources.class)}: ${limit === 'memory' ? limits.memoryWhy : limits.pidsWhy}`;
  const value = limits[limit];
  return value === 'ask' ? {value: 'default', basis, certainty: 'not-known', ask: true} : {value, basis, certainty: match.certainty, ask: false};
}

/** The heap variables a container's profile names besides the common ones (`heapEnv`). */
export function heapVariables(subject: SizingSubject): readonly string[] {
  return matched(subject)?.profile.resources?.heapEnv ?? [];
}

function whyNotKnown(subject: SizingSubject): string {
  if (!subject) return 'nothing tells what it needs';
  if (subject.found.certainty === 'not-known') return `nothing tells what ${shownImage(subject.image, subject.found)} needs (${notKnownWhy(subject.found)})`;
  return `the profile of ${subject.found.profile.title} does not say what it needs`;
}

/** `a database`, `an app`. */
function classWords(c: string): string {
  return `${/^[aeiou]/.test(c) ? 'an' : 'a'} ${c}`;
}
