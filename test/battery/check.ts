/**
 * What the generated-input battery asserts on every case (issue 12): no rule throws, every finding
 * points inside its file, every fix applies (none reverted, none refused, the plan converges), the
 * output parses, no fixable finding is left (fixpoint), a second run changes nothing (idempotence),
 * no edit re-emits a line it leaves unchanged (untouched bytes identical), every comment of the
 * input is still there, and the CRLF variant of an LF input gives the same result.
 */
import type {Kind, ParamValues} from '../../src/core/model.js';
import {runRules} from '../../src/core/engine.js';
import {buildProject, type InputFile, type Project} from '../../src/core/project.js';
import {RULES} from '../../src/rules/registry.js';
import {stripBom} from '../../src/core/text.js';
import {assertMinimalEdits, fixProject, selectAll, toCrlf} from '../helpers/battery.js';

/** Values for the fixes that need a person's input (an image tag, a healthcheck). */
export const PARAMS: ParamValues = {tag: '1.27', healthcheck: 'wget -qO- http://localhost:8080/health || exit 1'};

export interface Case {
  inputs: InputFile[];
  aux?: ReadonlyMap<string, string>;
  /** Also run the CRLF variant (for LF inputs) and compare. */
  crlf?: boolean;
  /** Schema errors of a file (Compose): an input without any must give an output without any. */
  validate?: (path: string, text: string) => string[];
}

class BatteryFailure extends Error {}

function fail(message: string, c: Case): never {
  const files = c.inputs.map((i) => `--- ${i.path} (${i.kind})\n${i.text}`).join('\n');
  throw new BatteryFailure(`${message}\n${files}`);
}

function checkLocations(project: Project, c: Case): void {
  const {findings, errors} = runRules(project, {rules: RULES});
  if (errors.length > 0) fail(`rule ${errors[0]!.rule} threw on ${errors[0]!.path}: ${errors[0]!.message}`, c);
  for (const f of findings) {
    const text = project.textOf(f.path);
    if (text === null) fail(`${f.rule} reports ${f.path}, a file the project does not have`, c);
    const lineCount = text.split('\n').length;
    const ok = f.line >= 1 && f.line <= lineCount && f.column >= 1 && f.endLine >= f.line && f.endLine <= lineCount && f.start >= 0 && f.start <= f.end && f.end <= text.length;
    if (!ok) fail(`${f.rule} ${f.fingerprint}: location out of the file (line ${f.line}:${f.column}-${f.endLine}, offsets ${f.start}-${f.end}, ${text.length} chars, ${lineCount} lines)`, c);
  }
}

/** Runs one case; throws a BatteryFailure naming the first broken promise, with the input. */
export function checkCase(raw: Case): Map<string, string> {
  // The core gets the text as io reads it: every leading BOM taken off (and put back by the write).
  const c = {...raw, inputs: raw.inputs.map((i) => ({...i, text: stripBom(i.text).text}))};
  const project = buildProject(['.'], c.inputs, {aux: c.aux});
  if (project.failures.length > 0) {
    const f = project.failures[0]!;
    fail(`the generated input does not parse (a generator bug): ${f.path}:${f.line}: ${f.message}`, c);
  }
  checkLocations(project, c);
  const options = {params: PARAMS};
  const first = fixProject(project, options);
  if (first.skipped.length > 0) fail(`fix not applied: ${first.skipped.map((s) => `${s.rule} ${s.path} (${s.reason}): ${s.detail}`).join('; ')}`, c);
  if (!first.converged) fail('the plan did not converge', c);
  if (first.project.failures.length > 0) fail(`the output does not parse: ${first.project.failures.map((f) => `${f.path}:${f.line}: ${f.message}`).join('; ')}`, c);
  const left = first.remaining.filter((f) => selectAll(options)(f) !== null);
  if (left.length > 0) fail(`fixable findings left after the fix: ${left.map((f) => `${f.rule} ${f.path}:${f.line} ${f.message}`).join('; ')}`, c);
  checkLocations(first.project, c);
  const second = fixProject(first.project, options);
  if (second.files.length > 0) fail(`a second run changes ${second.files.map((f) => `${f.path}:\n${f.after}`).join(', ')}`, c);
  try {
    assertMinimalEdits(project, first);
  } catch (error) {
    fail((error as Error).message.split('\n')[0]!, c);
  }
  const after = new Map(c.inputs.map((i) => [i.path, i.text]));
  for (const f of first.files) after.set(f.path, f.after);
  for (const input of c.inputs) {
    const out = after.get(input.path)!;
    for (const line of input.text.split('\n')) {
      const marker = /#[ \t]*((?:c|note|keep)[ -]?\d+)\b/.exec(line);
      if (!marker || new RegExp(`#[ \\t]*${marker[1]}(?![0-9])`).test(out)) continue;
      // A comment after a value goes with its line when a fix removes that line; a comment line never goes.
      const content = line.slice(0, marker.index).trim();
      // Its line is gone when fewer lines hold its content than before (another service may hold the same).
      const count = (text: string) => text.split(/\r?\n/).filter((l) => l.includes(content)).length;
      if (content === '' || count(out) >= count(input.text)) fail(`the comment "${marker[1]}" of ${input.path} is gone`, c);
    }
  }
  if (c.validate) {
    for (const input of c.inputs) {
      if (c.validate(input.path, input.text).length > 0) continue;
      const errors = c.validate(input.path, after.get(input.path)!);
      if (errors.length > 0) fail(`${input.path} no longer passes its schema: ${errors.join('; ')}\n${after.get(input.path)}`, c);
    }
  }
  if (c.crlf && c.inputs.every((i) => !i.text.includes('\r'))) {
    const crlfInputs = c.inputs.map((i) => ({...i, text: toCrlf(i.text)}));
    const crlfPlan = fixProject(buildProject(['.'], crlfInputs, {aux: c.aux}), options);
    for (const f of crlfPlan.files) {
      const lf = after.get(f.path);
      if (lf !== undefined && f.after.replace(/\r\n/g, '\n') !== lf) fail(`the CRLF variant of ${f.path} gives a different result:\n${f.after}`, c);
      if (f.existed && f.before.includes('\r\n') && /(^|[^\r])\n/.test(f.after)) fail(`the CRLF variant of ${f.path} gained LF-only lines:\n${JSON.stringify(f.after)}`, c);
    }
  }
  return after;
}

export function kindOf(path: string): Kind {
  if (/Dockerfile|\.dockerfile$/.test(path)) return 'dockerfile';
  if (/compose/.test(path)) return 'compose';
  return 'kubernetes';
}

/** The number of cases per kind: a fixed-seed few hundred in npm test, more with SHIPSHAPE_BATTERY_RUNS. */
export function runs(fallback: number): number {
  const n = Number(process.env.SHIPSHAPE_BATTERY_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The seed: fixed unless SHIPSHAPE_BATTERY_SEED says otherwise (a failure prints the one to replay). */
export function seed(fallback: number): number {
  const n = Number(process.env.SHIPSHAPE_BATTERY_SEED);
  return Number.isInteger(n) ? n : fallback;
}

/**
 * A test timeout for `n` cases: a case takes a few to a few tens of milliseconds alone, ten times
 * that on a busy machine (the long battery runs niced beside other work; 150 ms a case timed out).
 */
export function timeoutFor(n: number): number {
  return 60_000 + n * 1_000;
}
