/**
 * What `shipshape verify` found, and its output: the result's vocabulary (each service's state
 * before and after the fixes, its verdict, the fixes to blame), text for people (per stack, with
 * the logs of what failed) and JSON for tools, versioned like `check --format json`.
 */
import type {Palette} from './color.js';

/** What a service came to while verify watched it. */
export type ServiceStatus =
  /** ok: */
  | 'healthy'
  | 'answering'
  | 'running'
  | 'completed'
  /** failed: */
  | 'build-failed'
  /** its image (or its build's FROM) could not be pulled or found: */
  | 'image-unavailable'
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
  /** For `image-unavailable`: the image the engine could not get, and why. */
  image?: {name: string; reason: string};
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
  /** True when every service that started before the fixes still starts with them, and one did. */
  passed: boolean;
}


const LOG_LINES_SHOWN = 6;

/** Services verify could judge the fixes on: they started without them (whatever they did with them). */
export function triedServices(result: VerifyResult): number {
  return result.services.filter((s) => s.verdict === 'ok' || s.verdict === 'broken' || s.verdict === 'unstable').length;
}

/** The images the engine could not get, each with why and the services that need it. */
export function unavailableImages(result: VerifyResult): Array<{image: string; reason: string; services: string[]}> {
  const byImage = new Map<string, {image: string; reason: string; services: string[]}>();
  for (const s of result.services) {
    for (const o of [s.before, s.after]) {
      if (!o?.image) continue;
      const entry = byImage.get(o.image.name) ?? {image: o.image.name, reason: o.image.reason, services: []};
      if (!entry.services.includes(s.service)) entry.services.push(s.service);
      byImage.set(o.image.name, entry);
    }
  }
  return [...byImage.values()];
}

export function verifyJson(result: VerifyResult): string {
  const outcome = (o: ServiceOutcome | null) => (o ? {status: o.status, detail: o.detail, ...(o.logs.length ? {logs: o.logs} : {}), ...(o.image ? {image: o.image} : {})} : null);
  const fix = (f: FixRef) => ({rule: f.rule, title: f.title, path: f.path, line: f.line, fingerprint: f.fingerprint});
  const count = (v: ServiceVerdict['verdict']) => result.services.filter((s) => s.verdict === v).length;
  const out = {
    version: 1,
    engine: result.engine,
    passed: result.passed,
    stacks: result.stacks.map((s) => ({path: s.id, files: s.files, skipped: s.skipped, error: s.error})),
    services: result.services.map((s) => ({
      stack: s.stack,
      service: s.service,
      verdict: s.verdict,
      before: outcome(s.before),
      after: outcome(s.after),
      fixes: s.fixes,
      blamed: s.blamed.map((b) => ({...fix(b.fix), ...outcome(b.outcome)})),
      note: s.note,
    })),
    fixes: result.fixes.map((f) => ({...fix(f), services: f.services})),
    unavailableImages: unavailableImages(result),
    summary: {
      tried: triedServices(result),
      services: result.services.length,
      ok: count('ok'),
      broken: count('broken'),
      failedBefore: count('failed-before'),
      unstable: count('unstable'),
      skipped: count('skipped'),
      blamed: new Set(result.services.flatMap((s) => s.blamed.map((b) => b.fix.fingerprint))).size,
      starts: result.trials,
    },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function verifyText(result: VerifyResult, c: Palette, options: {quiet?: boolean} = {}): string {
  const out: string[] = [];
  const started = result.stacks.filter((s) => !s.skipped).length;
  out.push(c.dim(`Verified with ${result.engine}: ${started} Compose project${started === 1 ? '' : 's'} started ${result.trials} time${result.trials === 1 ? '' : 's'}.`), '');
  for (const stack of result.stacks) {
    out.push(c.bold(c.cyan(stack.files.join(' + '))));
    if (stack.skipped) {
      out.push(`  ${c.dim(`– ${stack.skipped}`)}`, '');
      continue;
    }
    if (stack.error) out.push(`  ${c.red(`✖ the engine could not start it: ${stack.error}`)}`);
    const services = result.services.filter((s) => s.stack === stack.id);
    const width = Math.max(0, ...services.map((s) => s.service.length));
    for (const s of services) out.push(...serviceLines(s, width, c, options.quiet ?? false));
    out.push('');
  }
  out.push(summary(result, c));
  return `${out.join('\n')}\n`;
}

function serviceLines(s: ServiceVerdict, width: number, c: Palette, quiet: boolean): string[] {
  const name = s.service.padEnd(width);
  const pad = ' '.repeat(width + 6);
  const lines: string[] = [];
  const logs = (o: ServiceOutcome | null) => {
    if (quiet || !o) return;
    for (const l of o.logs.slice(-LOG_LINES_SHOWN)) lines.push(`${pad}  ${c.dim(`│ ${l}`)}`);
  };
  switch (s.verdict) {
    case 'ok':
      lines.push(`  ${c.green('✔')} ${c.bold(name)}  ${s.after!.status}${s.fixes.length ? c.dim(` with ${s.fixes.length} fix${s.fixes.length === 1 ? '' : 'es'}`) : ''}: ${s.after!.detail}`);
      break;
    case 'broken':
      lines.push(`  ${c.red('✖')} ${c.bold(name)}  ${c.red(s.after!.status)} with the fixes: ${s.after!.detail} ${c.dim(`(before: ${s.before!.status})`)}`);
      for (const {fix, outcome} of s.blamed) {
        lines.push(`${pad}${c.red('broken by')} ${c.bold(fix.rule)} ${fix.path}:${fix.line}  ${fix.title}`);
        lines.push(`${pad}  ${c.dim(`with it: ${outcome.status}, ${outcome.detail}`)}`);
        logs(outcome);
      }
      if (s.note) lines.push(`${pad}${s.note}`);
      if (s.blamed.length === 0) logs(s.after);
      break;
    case 'failed-before':
      if (s.before!.image) {
        lines.push(`  ${c.yellow('!')} ${c.bold(name)}  ${c.yellow('not started')}: could not get ${s.before!.image.name} ${c.dim('(see below)')}`);
        break;
      }
      lines.push(`  ${c.yellow('!')} ${c.bold(name)}  ${c.yellow(s.before!.status)} before any fix: ${s.before!.detail} ${c.dim('(not blamed on the fixes)')}`);
      logs(s.before);
      break;
    case 'unstable':
      lines.push(`  ${c.yellow('?')} ${c.bold(name)}  ${c.yellow(s.after!.status)} with the fixes: ${s.after!.detail}`);
      lines.push(`${pad}${s.note}`);
      logs(s.after);
      break;
    case 'skipped':
      lines.push(`  ${c.dim(`– ${name}  not started`)}`);
      break;
  }
  return lines;
}

function summary(result: VerifyResult, c: Palette): string {
  const broken = result.services.filter((s) => s.verdict === 'broken');
  const before = result.services.filter((s) => s.verdict === 'failed-before' && s.before?.status !== 'image-unavailable').length;
  const unstable = result.services.filter((s) => s.verdict === 'unstable').length;
  const ok = result.services.filter((s) => s.verdict === 'ok').length;
  const lines: string[] = [];
  const images = unavailableImages(result);
  if (images.length > 0) {
    lines.push(c.yellow(`! ${images.length} image${images.length === 1 ? '' : 's'} could not be got, so the services that need ${images.length === 1 ? 'it' : 'them'} were not started:`));
    for (const i of images) lines.push(`    ${c.bold(i.image)} ${c.dim(`(${i.services.join(', ')})`)}: ${i.reason}`);
    lines.push(c.dim('  Make them available to the engine (pull them where the registry can be reached, or load them), then run verify again.'));
  }
  if (triedServices(result) === 0) {
    lines.push(c.yellow('! No service started without the fixes, so verify could try none of them.'));
  } else if (broken.length === 0) {
    lines.push(c.green(`✔ Every service that starts without the fixes starts with them (${ok} of ${result.services.length}).`));
  } else {
    const blamed = new Map<string, FixRef>();
    for (const s of broken) for (const b of s.blamed) blamed.set(b.fix.fingerprint, b.fix);
    lines.push(c.bold(c.red(`✖ ${broken.length} service${broken.length === 1 ? '' : 's'} no longer start${broken.length === 1 ? 's' : ''} with the fixes, broken by ${blamed.size} fix${blamed.size === 1 ? '' : 'es'}.`)));
    lines.push('  Keep the rest: skip those in the wizard (`shipshape`), or put `# shipshape-ignore RULE -- why` on the line before the finding (file:line above) and run `fix` again.');
  }
  if (before > 0) lines.push(c.yellow(`! ${before} service${before === 1 ? '' : 's'} did not start even without the fixes; verify cannot tell whether the fixes suit ${before === 1 ? 'it' : 'them'}.`));
  if (unstable > 0) lines.push(c.yellow(`? ${unstable} service${unstable === 1 ? '' : 's'} failed at times without the fixes too; no fix is blamed.`));
  return lines.join('\n');
}
