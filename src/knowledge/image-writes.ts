/**
 * Whether a container can run with a read-only root file system, from what its image's profile
 * says it writes (profiles/types.ts `writes`): C206 (Compose `read_only: true`) and R508
 * (`docker run --read-only`) judge through this, so a service and a command line of the same image
 * get the same answer. An image nobody knows, or a known one whose data paths have no volume, gets
 * writable paths a person confirms; one that writes its configuration into the image at start gets
 * guidance only, since a tmpfs there would hide the image's own files.
 */
import type {Certainty} from '../core/model.js';
import {notKnownWhy} from './profiles/describe.js';
import type {ProfileLookup} from './profiles/lookup.js';

export interface WritesJudgement {
  certainty?: Certainty;
  /** The scratch paths the profile names (tmpfs candidates). */
  scratch: string[];
  /** Why a person must confirm the writable paths, or null when the profile tells them. */
  ask: string | null;
  /** Why no read-only root can work without more changes (guidance only), or null. */
  blocked: string | null;
}

/** True when something is mounted at `path` or above it (or, with `below`, inside it: a data volume at PGDATA serves /var/lib/postgresql). */
export function coveredByMount(path: string, targets: readonly string[], below = false): boolean {
  return targets.some((t) => t === path || path.startsWith(`${t}/`) || (below && t.startsWith(`${path}/`)));
}

/**
 * What the profile of an image says about a read-only root: `shown` is how findings name the image
 * (`a build on python:3.12`), `targets` the container paths mounted already, `setting` how the
 * caller spells a read-only root (`read_only: true`, `--read-only`).
 */
export function judgeImageWrites(found: ProfileLookup, shown: string, targets: readonly string[], setting: string): WritesJudgement {
  if (found.certainty === 'not-known') {
    return {
      certainty: 'not-known',
      scratch: [],
      ask: `The paths ${shown} writes are not known (${notKnownWhy(found)}): run it with \`docker run --read-only --tmpfs /tmp\` and read its errors, or \`docker diff CONTAINER\` after it ran, then confirm the writable paths.`,
      blocked: null,
    };
  }
  const writes = found.profile.writes;
  if (!writes) return {certainty: 'not-known', scratch: [], ask: `The profile of ${found.profile.title} does not say which paths it writes: check with \`docker diff CONTAINER\` after it ran, then confirm the writable paths.`, blocked: null};
  const config = (writes.config ?? []).filter((c) => !coveredByMount(c, targets));
  if (config.length > 0) {
    return {
      certainty: found.certainty,
      scratch: writes.scratch,
      ask: null,
      blocked: `The image (${found.profile.title}) writes ${config.join(', ')} inside itself when it starts, so a read-only root stops it, and a tmpfs there would hide the image's own files. Keep the root writable, or first make it write nothing there at start (its docs say how, where it can), then set ${setting}. Source: ${writes.source}.`,
    };
  }
  const data = writes.data.filter((d) => !coveredByMount(d, targets, true));
  if (data.length > 0) {
    return {
      certainty: found.certainty,
      scratch: writes.scratch,
      ask: `The image (${found.profile.title}) keeps its data in ${data.join(', ')}, which has no volume here: unless the image declares it a VOLUME, a read-only root stops it writing there. Add a volume for it, or confirm the writable paths.`,
      blocked: null,
    };
  }
  return {certainty: found.certainty, scratch: writes.scratch, ask: null, blocked: null};
}
