/**
 * `shipshape verify` as one call, shared by the CLI and the wizard: the plan of the chosen fixes,
 * the stacks of the project, a temporary copy, and decide.ts driving starts of that copy through
 * the engine. The caller says how to plan "the chosen fixes minus these" (`fix` flags or the
 * wizard's accepted choices); the project and its plans are never written anywhere but the copy.
 */
import {randomBytes} from 'node:crypto';
import type {Plan} from '../core/plan.js';
import type {Project} from '../core/project.js';
import {fixRefs} from './attribute.js';
import {decide} from './decide.js';
import type {Engine} from './engine.js';
import type {ContainerState} from './judge.js';
import type {ServiceOutcome, VerifyResult} from './model.js';
import {DEFAULT_RUNNER_OPTIONS, ImageCache, runStack, type RunnerOptions} from './runner.js';
import {findStacks} from './stacks.js';
import {Workspace} from './workspace.js';
import {maskSecrets} from '../knowledge/secrets.js';

export interface VerifyRequest {
  /** The user's folder (absolute); plan paths are relative to it. */
  root: string;
  project: Project;
  /** The plan of the chosen fixes without those excluded (by fingerprint). */
  planFor(exclude: ReadonlySet<string>): Plan;
  engine: Engine;
  /** Leave the temporary copy for inspection. */
  keep?: boolean;
  runner?: Partial<RunnerOptions>;
  onProgress?(message: string): void;
  /** Called in each start once every service has its verdict, before it is removed (tests look inside). */
  onStarted?(start: {stack: string; purpose: string; fixed: boolean}, containers: readonly ContainerState[], outcomes: readonly ServiceOutcome[]): Promise<void>;
}

export interface VerifyOutcome {
  result: VerifyResult;
  /** The copy left for inspection (--keep), or null. */
  kept: string | null;
}

export async function verify(request: VerifyRequest): Promise<VerifyOutcome> {
  const stacks = findStacks(request.project);
  const full = request.planFor(new Set());
  const fixes = fixRefs(full.applied, stacks);
  const options: RunnerOptions = {...DEFAULT_RUNNER_OPTIONS, ...request.runner};
  const id = randomBytes(4).toString('hex');
  const images = new ImageCache(`shipshape-verify-${id}`);
  let starts = 0;
  const workspace = await Workspace.create(request.root);
  try {
    const result = await decide({
      engine: request.engine.description,
      stacks,
      fixes,
      onProgress: request.onProgress,
      trial: async ({stack, variant, purpose}) => {
        if (options.signal?.aborted) throw new VerifyAborted();
        const plan = variant.kind === 'original' ? null : variant.exclude.size === 0 ? full : request.planFor(variant.exclude);
        await workspace.apply(plan?.files ?? null);
        const changed = new Map((plan?.files ?? []).map((f) => [f.path, f.after]));
        const onStarted = request.onStarted;
        const onReady = onStarted && ((containers: readonly ContainerState[], outcomes: readonly ServiceOutcome[]) => onStarted({stack: stack.id, purpose, fixed: variant.kind === 'fixed'}, containers, outcomes));
        const outcome = await runStack(request.engine, {stack, root: workspace.dir, scratch: workspace.scratch, project: `shipshape-verify-${id}-${++starts}`, changed, images, ...(onReady ? {onReady} : {})}, options);
        if (options.signal?.aborted) throw new VerifyAborted();
        return outcome;
      },
    });
    // Left with every chosen fix applied, as `fix --write` would leave the project.
    if (request.keep) await workspace.apply(full.files);
    return {result: masked(result, full.masks), kept: request.keep ? workspace.dir : null};
  } finally {
    await request.engine.removeImages(images.all());
    if (!request.keep) await workspace.remove();
  }
}

/** Secret values the fixes move never reach the output, even when a service logs them. */
function masked(result: VerifyResult, masks: readonly string[]): VerifyResult {
  if (masks.length === 0) return result;
  const hide = (o: ServiceOutcome | null): ServiceOutcome | null => o && {...o, detail: maskSecrets(o.detail, masks), logs: o.logs.map((l) => maskSecrets(l, masks))};
  return {...result, services: result.services.map((s) => ({...s, before: hide(s.before), after: hide(s.after)}))};
}

export class VerifyAborted extends Error {
  constructor() {
    super('verify was stopped; what it started is removed');
  }
}
