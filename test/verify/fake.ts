/**
 * A fake container engine for verify's deciding code: each service starts or not depending on
 * which fixes are applied, by rules a test writes down.
 */
import type {Trial, TrialRequest} from '../../src/verify/decide.js';
import type {FixRef, ServiceSpec, StackOutcome, StackSpec} from '../../src/verify/model.js';

export function service(name: string, extra: Partial<ServiceSpec> = {}): ServiceSpec {
  return {name, dockerfile: null, context: null, image: null, dependsOn: [], containerName: null, ...extra};
}

export function stack(id: string, services: ServiceSpec[], extra: Partial<StackSpec> = {}): StackSpec {
  return {id, dir: '.', files: [id], services, skip: null, renames: {volumes: [], networks: []}, ...extra};
}

export function fix(rule: string, stackId: string, ...services: string[]): FixRef {
  return {fingerprint: `${rule}:${stackId}:services.${services.join('+')}`, rule, title: `${rule} title`, path: stackId, line: 1, services: services.map((s) => ({stack: stackId, service: s}))};
}

/** A service fails when `breaks(applied rules)` says why, else it answers. */
export type Model = Record<string, (applied: ReadonlySet<string>, request: TrialRequest, n: number) => string | null>;

export function fakeTrial(fixes: readonly FixRef[], model: Model, log: TrialRequest[] = []): Trial {
  return async (request) => {
    log.push(request);
    const {variant} = request;
    const applied = new Set(variant.kind === 'original' ? [] : fixes.filter((f) => !variant.exclude.has(f.fingerprint)).map((f) => f.rule));
    const outcome: StackOutcome = {
      stack: request.stack.id,
      error: null,
      services: request.stack.services.map((s) => {
        const why = model[s.name]?.(applied, request, log.length) ?? null;
        return why ? {service: s.name, status: 'exited' as const, detail: why, logs: [why]} : {service: s.name, status: 'answering' as const, detail: 'it answers', logs: []};
      }),
    };
    return outcome;
  };
}
