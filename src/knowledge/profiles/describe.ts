/**
 * Profiles in plain words: the user an image runs as, how sure a lookup is, and the facts a rule
 * reads, with their sources. Findings quote these sentences; `shipshape explain RULE --image IMAGE`
 * prints the facts.
 */
import {CERTAINTY_LABEL, type ProfileFact} from '../../core/model.js';
import type {NoProfile, ProfileLookup} from './lookup.js';
import type {ImageProfile, ProfileUser} from './types.js';

export type {ProfileFact};
/** Every part of a profile, in the order `explain` prints them. */
export const PROFILE_FACTS: readonly ProfileFact[] = ['runAs', 'ports', 'writes', 'secrets', 'resources', 'nodeAgent', 'confinement'];

/** `grafana (472)`, `472:0`-less forms: `zipkin`, `1001`. */
export function userWords(user: ProfileUser): string {
  if (user.name && user.uid !== null) return `${user.name} (${user.uid})`;
  return user.name ?? (user.uid !== null ? String(user.uid) : 'its own user');
}

/** `uid:gid` of a user whose ids are known, else null. */
export function userIds(user: ProfileUser): string | null {
  return user.uid === null ? null : `${user.uid}:${user.gid ?? user.uid}`;
}

/** Why a lookup found nothing: `shipshape has no profile of this image`, `the image comes from ${TAG}, which has no value here`. */
export function notKnownWhy(found: NoProfile): string {
  if (found.why === 'unresolved-variable') return `the image comes from ${found.unresolved.map((v) => `\${${v}}`).join(', ')}, which has no value here`;
  return found.why === 'empty' ? 'the image reference is empty' : 'shipshape has no profile of this image';
}

/** The image as written, with what it resolved to where that differs: `${APP_IMAGE} (python:3.12-slim)`. */
export function shownImage(written: string, found: ProfileLookup): string {
  return found.image && found.image !== written ? `${written} (${found.image})` : written;
}

/** How sure the lookup is, and why, in one phrase: `known profile: Grafana`, `inferred (…)`, `not known (…)`. */
export function certaintyWords(found: ProfileLookup): string {
  if (found.certainty === 'not-known') return `${CERTAINTY_LABEL['not-known']}: ${notKnownWhy(found)}`;
  const label = `${CERTAINTY_LABEL[found.certainty]}: ${found.profile.title}`;
  return found.reasons.length > 0 ? `${label}; ${found.reasons.join('; ')}` : label;
}

/** The command that tells which user an image runs as (empty or 0 is root). */
export function userCheckCommand(image: string): string {
  return `docker image inspect -f '{{.Config.User}}' ${image || 'IMAGE'}`;
}

function line(label: string, text: string, source?: string): string[] {
  return [`  ${label}: ${text}`, ...(source ? [`    source: ${source}`] : [])];
}

function factLines(profile: ImageProfile, fact: ProfileFact): string[] {
  switch (fact) {
    case 'runAs': {
      const r = profile.runAs;
      if (!r) return line('runs as', 'not known');
      if (r.mode === 'non-root') return line('runs as', `${userWords(r.user)}, not root (its USER)`, r.source);
      if (r.mode === 'steps-down') {
        const own = r.acceptsOwnUser === true ? `; also runs when started as ${userIds(r.user) ?? userWords(r.user)} directly` : r.acceptsOwnUser === false ? '; must start as root' : '';
        const env = r.userEnv ? `; ${r.userEnv.uid}/${r.userEnv.gid} choose the user` : '';
        return line('runs as', `starts as root and switches to ${userWords(r.user)} with ${r.via}; needs ${r.caps.join(', ')} to do so${own}${env}`, r.source);
      }
      const workers = r.workers ? `; hands its workers to ${userWords(r.workers)}` : '';
      const caps = r.caps?.length ? `; needs ${r.caps.join(', ')}` : '';
      return [...line('runs as', `root${workers}${caps}`, r.source), ...(profile.caveat ? line('to run it non-root', profile.caveat) : [])];
    }
    case 'ports': {
      const p = profile.ports;
      if (!p) return line('ports', 'not known');
      const low = p.privileged ? `; binds ${p.privileged.ports.join(', ')} below 1024 (${p.privileged.how}: ${p.privileged.note})` : '';
      return line('ports', `listens on ${p.listens.join(', ') || 'none'}${low}`, p.source);
    }
    case 'writes': {
      const w = profile.writes;
      if (!w) return line('writes', 'not known');
      const parts = [`data ${w.data.join(', ') || 'none'}`, `scratch ${w.scratch.join(', ') || 'none'}`, ...(w.config?.length ? [`config ${w.config.join(', ')}`] : [])];
      return line('writes', `${parts.join('; ')}${w.complete ? '' : ' (the source may not list every path)'}`, w.source);
    }
    case 'secrets': {
      const s = profile.secrets;
      if (!s) return line('secret files', 'not known');
      const reads = s.fileVariables.map((f) => `${f.names ? f.names.join(', ') : `variables matching /${f.pattern}/`} as ${f.form.replace('{name}', 'NAME')}`);
      const env = s.noFileVariant.length ? `; only from the environment: ${s.noFileVariant.join(', ')}` : '';
      return line('secret files', `${reads.join('; ') || 'reads none from files'}${env}`, s.source);
    }
    case 'resources': {
      const r = profile.resources;
      if (!r) return line('resources', 'not known');
      const extra = [...(r.heapEnv?.length ? [`heap from ${r.heapEnv.join(', ')}`] : []), ...(r.defaultHeap ? [`default heap ${r.defaultHeap}`] : []), ...(r.manyThreads ? ['starts many threads'] : []), ...(r.nofile ? [`nofile ${r.nofile}`] : [])];
      return line('resources', `class ${r.class}${extra.length ? `; ${extra.join('; ')}` : ''}`, r.source);
    }
    case 'nodeAgent': {
      const n = profile.nodeAgent;
      if (!n) return [];
      const needs = [...(n.hostNetwork ? ['the host network'] : []), ...(n.hostPID ? ['the host PID namespace'] : []), ...(n.privileged ? ['privileged'] : []), ...(n.hostPaths?.length ? [`host paths ${n.hostPaths.join(', ')}`] : []), ...(n.caps?.length ? [`caps ${n.caps.join(', ')}`] : [])];
      return line('node agent', `needs ${needs.join(', ') || 'the host'}: that is its purpose`, n.source);
    }
    case 'confinement': {
      const c = profile.confinement;
      if (!c) return line('confinement', 'nothing in its sources asks for less than no-new-privileges and the default seccomp profile');
      return line('confinement', [c.setuidTools, c.seccompUnconfined].filter(Boolean).join('; '), c.source);
    }
  }
}

/** The lines `explain RULE --image IMAGE` prints: how the image matched and the facts the rule reads. */
export function describeLookup(image: string, found: ProfileLookup, facts: readonly ProfileFact[]): string[] {
  const out = [`Image profile of ${image} (${certaintyWords(found)})`];
  if (found.certainty === 'not-known') {
    out.push(`  ${found.howToCheck}`);
    return out;
  }
  if (found.image !== image) out.push(`  looked up as ${found.image}${found.variants.length ? `, variant ${found.variants.join(', ')}` : ''}`);
  else if (found.variants.length) out.push(`  variant ${found.variants.join(', ')}`);
  for (const fact of facts) out.push(...factLines(found.profile, fact));
  return out;
}
