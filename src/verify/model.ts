/**
 * What `shipshape verify` works with: the Compose projects it starts, what it saw of each service,
 * and the verdict per service. Plain data; the deciding code is in decide.ts, the engine in engine.ts.
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
  /** Services it `depends_on`. */
  dependsOn: string[];
  /** Explicit `container_name:` (renamed while verifying, so the user's own container is never touched). */
  containerName: string | null;
}

/** What a service came to while verify watched it. */
export type ServiceStatus =
  /** ok: */
  | 'healthy'
  | 'answering'
  | 'running'
  | 'completed'
  /** failed: */
  | 'build-failed'
  | 'not-started'
  | 'exited'
  | 'restarting'
  | 'unhealthy'
  | 'not-answering'
  | 'not-ready';

export const OK_STATUSES: ReadonlySet<ServiceStatus> = new Set(['healthy', 'answering', 'running', 'completed']);

export interface ServiceOutcome {
  service: string;
  status: ServiceStatus;
  /** One line: "answered on port 8080", "exited with code 1". */
  detail: string;
  /** The last lines of its logs (build output for a failed build); empty for a service that is fine. */
  logs: string[];
}

export interface StackOutcome {
  stack: string;
  services: ServiceOutcome[];
  /** The engine could not run the project at all (its one-line error), or null. */
  error: string | null;
}

/** A fix of the plan under test, and the services it changes. */
export interface FixRef {
  fingerprint: string;
  rule: string;
  title: string;
  path: string;
  line: number;
  /** `stack id` -> service names. */
  services: Array<{stack: string; service: string}>;
}

/**
 * - ok: started before and after the fixes;
 * - broken: started before, fails after; `blamed` names the fixes that break it;
 * - failed-before: fails without any fix too (not blamed on fixes);
 * - unstable: failed after the fixes but also once with its fixes reverted (flaky, or broken by something verify cannot revert);
 * - skipped: its stack was not started.
 */
export type Verdict = 'ok' | 'broken' | 'failed-before' | 'unstable' | 'skipped';

/** A fix that stops a service, and what the service came to in the start that showed it. */
export interface Blame {
  fix: FixRef;
  outcome: ServiceOutcome;
}

export interface ServiceVerdict {
  stack: string;
  service: string;
  verdict: Verdict;
  before: ServiceOutcome | null;
  after: ServiceOutcome | null;
  /** The fixes of the plan that change this service (fingerprints). */
  fixes: string[];
  blamed: Blame[];
  /** One line for skipped and unstable services. */
  note: string | null;
}

export interface VerifyResult {
  engine: string;
  stacks: Array<{id: string; files: string[]; skipped: string | null; error: string | null}>;
  services: ServiceVerdict[];
  /** Every fix of the plan under test. */
  fixes: FixRef[];
  /** How many times a stack was built and started. */
  trials: number;
  /** True when every service that started before the fixes still starts with them. */
  passed: boolean;
}
