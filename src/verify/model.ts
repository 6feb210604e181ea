/**
 * What `shipshape verify` works with: the Compose projects it starts (here) and what it found of
 * each service (report/verify.ts, re-exported). Plain data; the deciding code is in decide.ts, the
 * engine in engine.ts.
 */

export type EngineName = 'docker' | 'podman';

/** A Compose project verify starts: a folder's default Compose file (with its override) or one Compose file. */
export interface StackSpec {
  /** The first Compose file's path relative to the root: names the project in reports. */
  id: string;
  /** The folder compose runs in (the first file's folder), relative to the root, `.` for the root. */
  dir: string;
  /** The Compose files relative to the root, in the order compose reads them. */
  files: string[];
  services: ServiceSpec[];
  /** Why the stack is not started (it would touch the host), or null. */
  skip: string | null;
  /** Top-level volumes and networks with a `name:` of their own or `external`: renamed while verifying, so the user's are never touched. */
  renames: {volumes: string[]; networks: string[]};
}

export interface ServiceSpec {
  name: string;
  /** Built here: the Dockerfile's path relative to the root. */
  dockerfile: string | null;
  /** The build context folder relative to the root, when built here. */
  context: string | null;
  /** Its `image:` as written (for a built service, the name the build is tagged with), or null. */
  image: string | null;
  /** Services it `depends_on`. */
  dependsOn: string[];
  /** Explicit `container_name:` (renamed while verifying, so the user's own container is never touched). */
  containerName: string | null;
}

// What a verify run found is the report's vocabulary (report/verify.ts renders it): defined there,
// so the report layer does not import verify.
export {OK_STATUSES} from '../report/verify.js';
export type {Blame, FixRef, ServiceOutcome, ServiceStatus, ServiceVerdict, StackOutcome, Verdict, VerifyResult} from '../report/verify.js';
