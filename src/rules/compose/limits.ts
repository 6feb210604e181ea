/** Shared by C207–C209: read and write a service's limits in one consistent form. */
import {isMap} from 'yaml';
import type {Edit} from '../../core/model.js';
import type {YamlSource} from '../../core/source.js';
import {services, type Service} from '../../formats/yaml/compose.js';
import {setIn, setKey} from '../../formats/yaml/edit.js';
import {lookup, lookupPath, scalarOf, type Found} from '../../formats/yaml/nodes.js';
import {quoted, type YValue} from '../../formats/yaml/render.js';

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
function limitsStyle(svc: Service): LimitsStyle {
  if (hasDeploy(svc)) return 'deploy';
  if (hasLegacy(svc)) return 'legacy';
  return fileStyle(svc.src);
}

export type LimitKind = 'memory' | 'cpus' | 'pids';
const LEGACY: Record<LimitKind, string> = {memory: 'mem_limit', cpus: 'cpus', pids: 'pids_limit'};

/** The limit a service has, in either form (null when none). */
export function currentLimit(svc: Service, kind: LimitKind): {value: string; legacy: boolean; lookup: Found} | null {
  const deploy = lookupPath(svc, ['deploy', 'resources', 'limits', kind]);
  const d = scalarOf(deploy?.value);
  if (deploy && d !== null) return {value: d, legacy: false, lookup: deploy};
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
export function limitEdits(svc: Service, kind: LimitKind, value: YValue, reservation: string | null): Edit[] {
  const src = svc.src;
  const style = limitsStyle(svc);
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
