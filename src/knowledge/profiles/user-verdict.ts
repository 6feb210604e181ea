/**
 * What to do about the user a container runs as when nothing sets one (no Compose `user:`, no
 * `docker run --user`), from its image's profile. C201 and R505 both decide through this, so a
 * Compose service and a `docker run` line of the same image get the same answer:
 *
 * - `own-user`: the image runs as its own non-root user: nothing to do;
 * - `steps-down`: it starts as root and switches user itself (postgres, redis, linuxserver): a
 *   forced user stops it; `ownIds` is set where it also runs when started as that uid (an offer a
 *   person confirms, since its data must be owned by that uid);
 * - `root-base`: an OS or language image run as it is: what runs is the caller's own command, which
 *   may need root, so the user waits for a person;
 * - `root-agent`: a node agent that reads or changes the host as root (cAdvisor, a CNI agent): that
 *   is its purpose, advice only;
 * - `root-caveat`: it runs as root and a plain user breaks it (nginx on port 80): advice only;
 * - `root-data`: it runs as root and keeps data written as root: the user waits for a person, who
 *   gives the data to that user first;
 * - `root`: it runs as root and nothing stops a plain non-root user;
 * - `not-known`: no profile, or one that does not say: the user waits for a person.
 */
import type {Certainty} from '../../core/model.js';
import {notKnownWhy, userIds} from './describe.js';
import type {ProfileLookup} from './lookup.js';
import type {ImageProfile, ProfileUser, RunAs} from './types.js';

type StepDown = Extract<RunAs, {mode: 'steps-down'}>;
type Root = Extract<RunAs, {mode: 'root'}>;

export type UserVerdict =
  | {kind: 'own-user'; user: ProfileUser; certainty: Certainty}
  | {kind: 'steps-down'; runAs: StepDown; ownIds: string | null; certainty: Certainty}
  | {kind: 'root-base'; profile: ImageProfile; runAs: Root; certainty: Certainty}
  | {kind: 'root-agent'; profile: ImageProfile; runAs: Root; certainty: Certainty}
  | {kind: 'root-caveat'; caveat: string; runAs: Root; certainty: Certainty}
  | {kind: 'root-data'; data: readonly string[]; runAs: Root; certainty: Certainty}
  | {kind: 'root'; runAs: Root; certainty: Certainty}
  | {kind: 'not-known'; why: string; certainty: 'not-known'};

/** The advice for a node agent that runs as root (both rules say the same). */
export function rootAgentAdvice(profile: ImageProfile): string {
  return `${profile.title} is a node agent that works on the host as root (${profile.nodeAgent?.source ?? profile.sources[0] ?? 'its profile'}): that is its purpose, so it keeps root. Run it only on hosts it should watch or change, pinned to a version you trust.`;
}

export function userVerdict(found: ProfileLookup): UserVerdict {
  if (found.certainty === 'not-known') return {kind: 'not-known', why: notKnownWhy(found), certainty: 'not-known'};
  const {profile, certainty} = found;
  const runAs = profile.runAs;
  if (!runAs) return {kind: 'not-known', why: `the profile of ${profile.title} does not say`, certainty: 'not-known'};
  if (runAs.mode === 'non-root') return {kind: 'own-user', user: runAs.user, certainty};
  if (runAs.mode === 'steps-down') return {kind: 'steps-down', runAs, ownIds: runAs.acceptsOwnUser === true ? userIds(runAs.user) : null, certainty};
  if (profile.category === 'base') return {kind: 'root-base', profile, runAs, certainty};
  if (profile.nodeAgent) return {kind: 'root-agent', profile, runAs, certainty};
  if (profile.caveat) return {kind: 'root-caveat', caveat: profile.caveat, runAs, certainty};
  const data = profile.writes?.data ?? [];
  if (data.length > 0) return {kind: 'root-data', data, runAs, certainty};
  return {kind: 'root', runAs, certainty};
}
