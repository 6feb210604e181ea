/**
 * What verify starts and what it blames, with the engine behind one function (`trial`): start a
 * stack with no fixes, or with the fixes under test minus some, and say what each service came to.
 * No I/O here; tests drive it with a fake trial.
 *
 * Per stack: the original first (a service that fails there is reported as failing before any fix
 * and never blamed on one), then every fix. For a service that started before and fails after,
 * the fixes that change it are searched in plan order by bisection: with the first k applied and
 * the rest reverted, find the smallest k that fails; fix k is blamed, dropped, and the search goes
 * on over the others until the service starts with what is left. A fix is assumed never to make a
 * failing service start again (hardening only takes things away), which makes "fails with the
 * first k" monotone in k. One culprit among n fixes costs about log2(n) + 1 starts instead of n for
 * reverting them one by one, and two fixes that each break the service (nginx without its
 * capabilities and on a read-only root) are both found, where reverting one at a time finds none.
 * While one service is searched, the other broken services keep only the fixes already known not
 * to break them, so a broken dependency does not muddle the answer. When reverting every fix of
 * the service does not help, the search widens to every fix of its stack (a fix to the database
 * can stop the API that talks to it); when even that fails, the service is reported unstable.
 */
import type {Blame, FixRef, ServiceOutcome, ServiceVerdict, StackOutcome, StackSpec, VerifyResult} from './model.js';
import {OK_STATUSES} from './model.js';

export type Variant = {kind: 'original'} | {kind: 'fixed'; exclude: ReadonlySet<string>};

export interface TrialRequest {
  stack: StackSpec;
  variant: Variant;
  /** What the trial is for, in a few words ("the original", "with the fixes", "api without C206"). */
  purpose: string;
}

export type Trial = (request: TrialRequest) => Promise<StackOutcome>;

export interface DecideInput {
  engine: string;
  stacks: readonly StackSpec[];
  /** The fixes under test, in plan order. */
  fixes: readonly FixRef[];
  trial: Trial;
  /** Before each start (`compose.yaml: the original…`) and after it, with what each service came to. */
  onProgress?: (message: string) => void;
}

const isOk = (o: ServiceOutcome | null | undefined): boolean => Boolean(o && OK_STATUSES.has(o.status));

function outcomeOf(stack: StackOutcome, service: string): ServiceOutcome {
  const found = stack.services.find((s) => s.service === service);
  if (found) return found;
  return {service, status: 'not-started', detail: stack.error ?? 'the engine did not create it', logs: []};
}

export async function decide(input: DecideInput): Promise<VerifyResult> {
  const {fixes} = input;
  let trials = 0;
  const run: Trial = async (request) => {
    trials++;
    input.onProgress?.(`${request.stack.id}: ${request.purpose}…`);
    const outcome = await input.trial(request);
    const states = outcome.error ?? outcome.services.map((s) => `${s.service} ${s.status}`).join(', ');
    input.onProgress?.(`${request.stack.id}: ${request.purpose}: ${states}`);
    return outcome;
  };
  const touches = (fix: FixRef, stack: string, service: string) => fix.services.some((s) => s.stack === stack && s.service === service);
  const verdicts: ServiceVerdict[] = [];
  const stacks: VerifyResult['stacks'] = [];

  for (const stack of input.stacks) {
    const entry = {id: stack.id, files: [...stack.files], skipped: stack.skip, error: null as string | null};
    stacks.push(entry);
    const fixesOf = (service: string) => fixes.filter((f) => touches(f, stack.id, service));
    if (stack.skip !== null) {
      for (const svc of stack.services) verdicts.push({stack: stack.id, service: svc.name, verdict: 'skipped', before: null, after: null, fixes: fixesOf(svc.name).map((f) => f.fingerprint), blamed: [], note: stack.skip});
      continue;
    }
    const before = await run({stack, variant: {kind: 'original'}, purpose: 'the original'});
    if (before.error) entry.error = before.error;
    const stackFixes = fixes.filter((f) => f.services.some((s) => s.stack === stack.id));
    // Nothing to compare with when no service started without the fixes.
    const anyStarted = stack.services.some((s) => isOk(outcomeOf(before, s.name)));
    const after = before.error || stackFixes.length === 0 || !anyStarted ? before : await run({stack, variant: {kind: 'fixed', exclude: new Set()}, purpose: 'with the fixes'});
    if (!before.error && after.error) entry.error = after.error;

    const own = new Map<string, ServiceVerdict>();
    for (const svc of stack.services) {
      const b = outcomeOf(before, svc.name);
      const a = before.error ? null : outcomeOf(after, svc.name);
      const verdict: ServiceVerdict = {
        stack: stack.id,
        service: svc.name,
        verdict: !isOk(b) ? 'failed-before' : isOk(a) ? 'ok' : 'broken',
        before: b,
        after: a,
        fixes: fixesOf(svc.name).map((f) => f.fingerprint),
        blamed: [],
        note: null,
      };
      own.set(svc.name, verdict);
      verdicts.push(verdict);
    }

    const broken = [...own.values()].filter((v) => v.verdict === 'broken');
    const searched = new Set<string>();
    for (const target of broken) {
      // Other broken services keep only what is known not to break them.
      const hold = new Set<string>();
      for (const other of broken) {
        if (other === target) continue;
        const drop = searched.has(other.service) ? other.blamed.map((b) => b.fix.fingerprint) : other.fixes;
        for (const fp of drop) hold.add(fp);
      }
      const attempt = async (excluded: Iterable<string>, purpose: string): Promise<ServiceOutcome> => {
        const outcome = await run({stack, variant: {kind: 'fixed', exclude: new Set([...hold, ...excluded])}, purpose});
        return outcomeOf(outcome, target.service);
      };
      let candidates = fixesOf(target.service).filter((f) => !hold.has(f.fingerprint));
      let failing: ServiceOutcome | null = hold.size === 0 && candidates.length > 0 ? target.after : null;
      const without = (list: readonly FixRef[], purpose: string) => attempt(list.map((f) => f.fingerprint), purpose);
      if (candidates.length === 0 || !isOk(await without(candidates, `${target.service} without its ${candidates.length} fix${candidates.length === 1 ? '' : 'es'}`))) {
        candidates = stackFixes.filter((f) => !hold.has(f.fingerprint));
        failing = null;
        if (candidates.length === 0 || !isOk(await without(candidates, `${target.service} without any fix of the stack`))) {
          target.verdict = 'unstable';
          target.note = 'It started before the fixes, but not again with them reverted: it fails by itself at times (a race, a timeout), so no fix is blamed.';
          searched.add(target.service);
          continue;
        }
      }
      target.blamed = await bisect(candidates, failing, (applied, rest) => without(rest, describe(target.service, applied, rest)));
      searched.add(target.service);
    }
    // Started with all its own fixes once the other broken services' were held back: theirs stopped it.
    for (const v of broken) {
      if (v.verdict !== 'broken' || v.blamed.length > 0) continue;
      const others = broken.filter((o) => o !== v && o.blamed.length > 0).map((o) => o.service);
      v.note = `It starts with all its own fixes once the fixes that break ${others.length ? others.join(', ') : 'the other services'} are left out: ${others.length === 1 ? 'that service' : 'they'} stopped it.`;
    }
  }
  // Nothing tried is nothing passed: a service must have started without the fixes to vouch for them.
  const passed = verdicts.some((v) => v.verdict === 'ok') && verdicts.every((v) => v.verdict !== 'broken' && v.verdict !== 'unstable');
  return {engine: input.engine, stacks, services: verdicts, fixes: [...fixes], trials, passed};
}

function describe(service: string, applied: readonly FixRef[], reverted: readonly FixRef[]): string {
  const names = (list: readonly FixRef[]) => list.map((f) => f.rule).join(', ');
  return reverted.length <= applied.length ? `${service} without ${names(reverted) || 'nothing'}` : `${service} with only ${names(applied) || 'no fix'}`;
}

/**
 * The fixes to blame among `candidates` (plan order), given that the service starts with none of
 * them and, when `failing` is given, fails with all of them (that outcome). `attempt(applied,
 * reverted)` starts one split and says what the service came to; a fix once blamed stays reverted.
 */
export async function bisect(
  candidates: readonly FixRef[],
  failing: ServiceOutcome | null,
  attempt: (applied: readonly FixRef[], reverted: readonly FixRef[]) => Promise<ServiceOutcome>,
): Promise<Blame[]> {
  const list = [...candidates];
  const blamed: Blame[] = [];
  const reverted = () => blamed.map((b) => b.fix);
  // list[0..ok) is known to start.
  let ok = 0;
  let withAll = failing;
  while (ok < list.length) {
    withAll ??= await attempt(list, reverted());
    if (isOk(withAll)) break;
    // Fails with list[0..hi), with the outcome that showed it.
    let hi = list.length;
    let shown = withAll;
    let lo = ok;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const outcome = await attempt(list.slice(0, mid), [...list.slice(mid), ...reverted()]);
      if (isOk(outcome)) lo = mid;
      else {
        hi = mid;
        shown = outcome;
      }
    }
    blamed.push({fix: list[hi - 1]!, outcome: shown});
    list.splice(hi - 1, 1);
    ok = hi - 1;
    withAll = null;
  }
  return blamed;
}
