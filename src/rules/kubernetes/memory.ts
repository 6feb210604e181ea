/**
 * What memory a container should get (K307), as the Compose rules size it (rules/compose/limits.ts
 * on the compose branch; the same knowledge modules): from the JVM heap it declares (heap + 10% +
 * 512Mi, knowledge/jvm-memory.ts), else its image profile's resource class
 * (knowledge/resource-classes.ts), else the configured default as a guess a person confirms.
 */
import type {Certainty} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import type {ContainerRef, PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import {heapOf, jvmMemoryLimit, parseSize, sizeWords} from '../../knowledge/jvm-memory.js';
import {CLASS_LIMITS} from '../../knowledge/resource-classes.js';
import {imageFacts} from './workload.js';

export interface MemorySuggestion {
  /** The limit and request to write (Kubernetes quantities). */
  limit: string;
  request: string;
  /** Why, in plain words. */
  basis: string;
  certainty: Certainty;
  /** The value is a guess: a person confirms it (the wizard asks; `fix --write` leaves it). */
  ask: boolean;
}

/** JVM option variables every JVM or its common launchers read (besides those a profile names). */
const JVM_OPTION_VARS = ['JAVA_OPTS', 'JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS', '_JAVA_OPTIONS', 'CATALINA_OPTS', 'JVM_OPTS', 'JVMFLAGS', 'KAFKA_HEAP_OPTS', 'ES_JAVA_OPTS', 'OPENSEARCH_JAVA_OPTS', 'LS_JAVA_OPTS'];
/** Variables whose value is the heap size itself (Cassandra, Neo4j). */
const HEAP_SIZE_VAR = /^(MAX_HEAP_SIZE|NEO4J_(server|dbms)_memory_heap_max__size)$/;

/** A size in MiB as a Kubernetes quantity: `1664Mi`, `2Gi`. */
export function mebibytes(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** The largest heap a container declares (its env values or its command and args), with where, or null. */
export function declaredHeap(c: ContainerRef, extraVars: readonly string[] = []): {bytes: number; where: string} | null {
  const names = new Set([...JVM_OPTION_VARS, ...extraVars]);
  let best: {bytes: number; where: string} | null = null;
  const consider = (bytes: number | null, where: string) => {
    if (bytes !== null && (!best || bytes > best.bytes)) best = {bytes, where};
  };
  for (const entry of Array.isArray(c.value.env) ? c.value.env.map(asRecord) : []) {
    const name = typeof entry.name === 'string' ? entry.name : '';
    if (typeof entry.value !== 'string') continue;
    if (HEAP_SIZE_VAR.test(name)) consider(parseSize(entry.value), `${name}=${entry.value}`);
    else if (names.has(name)) consider(heapOf(entry.value), name);
  }
  for (const key of ['command', 'args']) {
    const v = c.value[key];
    const text = Array.isArray(v) ? v.map(String).join(' ') : typeof v === 'string' ? v : '';
    consider(heapOf(text), key);
  }
  return best;
}

function half(mib: number): string {
  return mebibytes(Math.max(64, Math.floor(mib / 2 / 64) * 64));
}

/** The memory limit and request for a container (see the module comment); `fallback` is the configured default. */
export function memorySuggestion(project: Project, t: PodTemplate, c: ContainerRef, fallback: {limit: string; request: string}): MemorySuggestion {
  const facts = imageFacts(project, t, c);
  const resources = facts.profile?.resources;
  const title = facts.profile?.title ?? facts.image;
  const certainty: Certainty = facts.dockerfile && facts.profile ? 'inferred' : facts.certainty;
  const heap = declaredHeap(c, resources?.heapEnv ?? []);
  if (heap) {
    const mib = jvmMemoryLimit(heap.bytes);
    // The JVM commits its heap as it grows: the request is what it will hold.
    return {limit: mebibytes(mib), request: mebibytes(mib), basis: `it declares a ${sizeWords(heap.bytes)} JVM heap (${heap.where}): heap + 10% + 512Mi outside the heap`, certainty: 'inferred', ask: false};
  }
  const limits = resources ? CLASS_LIMITS[resources.class] : null;
  if (limits && typeof limits.memory === 'number') {
    return {limit: mebibytes(limits.memory), request: half(limits.memory), basis: `${title} is a ${resources!.class}: ${limits.memoryWhy}`, certainty, ask: false};
  }
  if (limits && limits.memory === 'default') return {...fallback, basis: `${title} is a ${resources!.class}: ${limits.memoryWhy}`, certainty, ask: false};
  const why = limits
    ? `${title} is a ${resources!.class}: ${limits.memoryWhy}`
    : facts.certainty === 'not-known'
      ? `nothing tells what ${facts.image || 'its image'} needs (no profile of it)`
      : `the profile of ${title} does not say what it needs`;
  return {...fallback, basis: `${why}; ${fallback.limit} is a guess`, certainty: 'not-known', ask: true};
}
