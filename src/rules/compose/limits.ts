/** Shared by C207–C209: read and write a service's limits in one consistent form, and what they should be. */
import {isMap} from 'yaml';
import type {Certainty, Edit} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import type {RuleContext} from '../../core/rule.js';
import type {YamlSource} from '../../core/source.js';
import {environment, runsContainer, services, type Service} from '../../formats/yaml/compose.js';
import {swarmStack} from '../../formats/yaml/swarm.js';
import {setIn, setKey} from '../../formats/yaml/edit.js';
import {lookup, lookupPath, scalarOf, seqStrings, type Found} from '../../formats/yaml/nodes.js';
import {quoted, type YValue} from '../../formats/yaml/render.js';
import {composeSize} from '../../knowledge/jvm-memory.js';
import {interpolate} from '../../knowledge/profiles/ref.js';
import {declaredHeapIn, heapVariables, memorySizing, pidsSizing, reservationOf, type DeclaredHeap} from '../../knowledge/resource-limits.js';
import {composeVars, serviceProfile} from './common.js';

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

/** A service that runs a container, the limit it has (null: none) and whether its file is a Swarm stack (only deploy limits count there). */
export interface LimitedService {
  svc: Service;
  current: CurrentLimit | null;
  swarm: boolean;
}

/** The services C207–C209 check, those that run a container, each with its `kind` limit. */
export function* servicesWithLimit(src: YamlSource, project: Project, kind: LimitKind): Generator<LimitedService> {
  const swarm = swarmStack(src, project) !== null;
  for (const svc of services(src)) if (runsContainer(svc)) yield {svc, current: currentLimit(svc, kind, swarm), swarm};
}

export interface CurrentLimit {
  value: string;
  legacy: boolean;
  lookup: Found;
}

/** The limit a service has, in either form (null when none; in a Swarm stack file only deploy.resources counts). */
export function currentLimit(svc: Service, kind: LimitKind, swarm = false): CurrentLimit | null {
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

/** The largest heap a service declares (environment or command), with where, or null. */
export function declaredHeap(svc: Service, project: Project, extraVars: readonly string[] = []): DeclaredHeap | null {
  const vars = composeVars(project, svc.src);
  const env = [...environment(svc)].map(([name, raw]) => [name, interpolate(raw, vars).value ?? raw] as const);
  const commands = ['command', 'entrypoint'].map((key) => {
    const node = lookup(svc, key)?.value;
    const text = scalarOf(node) ?? seqStrings(node).map((s) => s.text ?? '').join(' ');
    return {where: key, text: interpolate(text, vars).value ?? text};
  });
  return declaredHeapIn(env, commands, extraVars);
}

/** The memory limit for a service: knowledge/resource-limits.ts sizes it from its heap and image profile. */
export function memorySuggestion(svc: Service, ctx: RuleContext): LimitSuggestion {
  const subject = serviceProfile(svc, ctx.project);
  const sized = memorySizing(subject, declaredHeap(svc, ctx.project, heapVariables(subject)));
  const {basis, certainty, ask} = sized;
  if (sized.mib !== null) return {value: composeSize(sized.mib), reservation: composeSize(reservationOf(sized.mib)), basis, certainty, ask};
  return {value: ctx.param('memory'), reservation: ctx.param('memoryReservation'), basis, certainty, ask};
}

/** The process limit for a service (knowledge/resource-limits.ts): none for a JVM, a database or a many-threaded image. */
export function pidsSuggestion(svc: Service, ctx: RuleContext): LimitSuggestion {
  const subject = serviceProfile(svc, ctx.project);
  const sized = pidsSizing(subject, declaredHeap(svc, ctx.project, heapVariables(subject)));
  return {value: sized.value === 'default' ? ctx.param('pidsLimit') : sized.value === null ? null : String(sized.value), basis: sized.basis, certainty: sized.certainty, ask: sized.ask};
}
