/**
 * Which services each applied fix changes, so a broken service is searched only among its own
 * fixes: a Compose fix changes the service its finding is about (`services.api…`; a finding on
 * the file as a whole, every service of that file's stack) and a Dockerfile fix every service built
 * from that Dockerfile. Fixes of files no started service runs from (Kubernetes, CI) change none.
 */
import type {AppliedFix} from '../core/plan.js';
import type {FixRef, StackSpec} from './model.js';

export function fixRefs(applied: readonly AppliedFix[], stacks: readonly StackSpec[]): FixRef[] {
  return applied.map((fix) => ({
    fingerprint: fix.fingerprint,
    rule: fix.rule,
    title: fix.title,
    path: fix.path,
    line: fix.line,
    services: servicesOf(fix, stacks),
  }));
}

function servicesOf(fix: AppliedFix, stacks: readonly StackSpec[]): FixRef['services'] {
  const out: FixRef['services'] = [];
  for (const stack of stacks) {
    if (stack.files.includes(fix.path)) {
      const named = serviceOfLocator(locatorOf(fix), stack.services.map((s) => s.name));
      for (const svc of stack.services) if (named === null || svc.name === named) out.push({stack: stack.id, service: svc.name});
      continue;
    }
    for (const svc of stack.services) if (svc.dockerfile === fix.path) out.push({stack: stack.id, service: svc.name});
  }
  return out;
}

/** The logical locator of a fingerprint (`C206:compose.yaml:services.web#2` -> `services.web`). */
function locatorOf(fix: AppliedFix): string {
  const prefix = `${fix.rule}:${fix.path}:`;
  const rest = fix.fingerprint.startsWith(prefix) ? fix.fingerprint.slice(prefix.length) : '';
  return rest.replace(/#\d+$/, '');
}

/** The service a Compose locator is about (the longest service name that matches), or null. */
export function serviceOfLocator(locator: string, names: readonly string[]): string | null {
  let best: string | null = null;
  for (const name of names) {
    const at = `services.${name}`;
    if ((locator === at || locator.startsWith(`${at}.`) || locator.startsWith(`${at} `)) && (best === null || name.length > best.length)) best = name;
  }
  return best;
}
