/**
 * The automatic battery every fix fixture runs through (DESIGN §7): the output parses, a second
 * pass changes nothing, no edit rewrites a line it leaves unchanged, CRLF and BOM variants give the
 * same result (fixBomVariant).
 */
import {diffLines} from 'diff';
import {expect} from 'vitest';
import type {Finding, Kind, ParamValues} from '../../src/core/model.js';
import {plan, type Plan} from '../../src/core/plan.js';
import {buildProject, type InputFile, type Project} from '../../src/core/project.js';
import {RULES} from '../../src/rules/registry.js';
import {applyEdits, distinctEdits} from '../../src/core/edit.js';
import {runRules} from '../../src/core/engine.js';
import {BOM} from '../../src/core/text.js';
import {decode} from '../../src/io/discover.js';
import {movedLines} from '../../scripts/moved-lines.mjs';

export interface BatteryOptions {
  /** Rules whose fixes are applied (default: all). */
  only?: ReadonlySet<string>;
  params?: ParamValues;
  /** Also apply unsafe fixes (default true). */
  unsafe?: boolean;
  /** Also apply fixes whose needed values only a person can confirm, with their suggested defaults (default false). */
  confirmed?: boolean;
}

export function selectAll(options: BatteryOptions): (f: Finding) => ParamValues | null {
  return (f) => {
    if (!f.fix) return null;
    if (options.only && !options.only.has(f.rule)) return null;
    if (f.fix.safety === 'unsafe' && options.unsafe === false) return null;
    if (f.fix.needsInput && f.fix.needsInput.length > 0 && !f.fix.needsInput.every((n) => options.params?.[n] || (options.confirmed && f.fix!.params.find((p) => p.name === n)?.default))) return null;
    return options.params ?? {};
  };
}

export function fixProject(project: Project, options: BatteryOptions = {}): Plan {
  return plan(project, {rules: RULES, select: selectAll(options)});
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Applies a plan's file results to a list of inputs, returning the new inputs (created files added). */
export function afterInputs(inputs: readonly InputFile[], result: Plan, kindOf: (path: string) => Kind | null): InputFile[] {
  const out = inputs.map((i) => {
    const file = result.files.find((f) => f.path === i.path);
    return file ? {...i, text: file.after} : i;
  });
  for (const file of result.files) {
    if (file.existed || out.some((i) => i.path === file.path)) continue;
    const kind = kindOf(file.path);
    if (kind) out.push({path: file.path, kind, text: file.after});
  }
  return out;
}

/**
 * Runs the battery on a project: fix it, then check re-parse, second-pass no-op, fixpoint and
 * minimal edits. Returns the plan of the first fix run.
 */
export function runBattery(
  inputs: readonly InputFile[],
  options: BatteryOptions,
  extra: {aux?: ReadonlyMap<string, string>; kindOf?: (path: string) => Kind | null} = {},
): Plan {
  const project = buildProject(['.'], inputs, {aux: extra.aux});
  const first = fixProject(project, options);
  // 1. Every changed source still parses.
  for (const failure of first.project.failures) {
    expect.soft(project.get(failure.path), `${failure.path} no longer parses: line ${failure.line}: ${failure.message}`).toBeUndefined();
  }
  expect(first.skipped.filter((s) => s.reason !== 'did-not-converge'), 'no fix was refused or broke the file').toEqual([]);
  expect(first.converged, 'the plan converges').toBe(true);
  // 2. Fixpoint: no selected fix is left.
  const left = first.remaining.filter((f) => selectAll(options)(f) !== null);
  expect(left.map((f) => `${f.rule} ${f.path}:${f.line} ${f.message}`), 'no fixable finding is left').toEqual([]);
  // 3. Second pass changes nothing.
  const second = fixProject(first.project, options);
  expect(second.files.map((f) => f.path), 'a second fix changes nothing').toEqual([]);
  // 4. No edit re-emits a whole line it leaves unchanged, and no line moves or is reformatted
  // outside an edit (a key removed by one pass and re-created at the end by the next).
  assertMinimalEdits(project, first);
  assertNoMovedLines(first);
  return first;
}

/** Over the whole plan (all passes): no line of a changed file was removed and written back elsewhere. */
export function assertNoMovedLines(result: Plan): void {
  for (const file of result.files) {
    if (!file.existed) continue;
    const {moved, reformatted} = movedLines(file.before, file.after);
    const where = [...moved.map((m) => `moved ${m.from} -> ${m.to}: ${m.text}`), ...reformatted.map((m) => `reformatted ${m.from} -> ${m.to}: ${m.text} -> ${m.now}`)];
    expect(where, `lines of ${file.path} moved or reformatted outside the edits`).toEqual([]);
  }
}

/** Replays the plan's passes and checks that no edit rewrites a complete line it does not change. */
export function assertMinimalEdits(project: Project, result: Plan): void {
  const texts = new Map<string, string>();
  const textOf = (file: string) => texts.get(file) ?? project.textOf(file) ?? '';
  const passes = [...new Set(result.applied.map((a) => a.pass))].sort((a, b) => a - b);
  for (const pass of passes) {
    const fixes = result.applied.filter((a) => a.pass === pass);
    const byFile = new Map<string, typeof fixes[number]['edits']>();
    for (const fix of fixes) {
      for (const edit of fix.edits) {
        const text = textOf(edit.file);
        const old = text.slice(edit.start, edit.end);
        if (old.length > 0 && edit.text.length > 0) {
          let offset = edit.start;
          for (const part of diffLines(old, edit.text)) {
            if (!part.added && !part.removed) {
              const atLineStart = offset === 0 || text[offset - 1] === '\n';
              const fullLine = atLineStart && part.value.includes('\n');
              expect(fullLine, `${fix.rule} (${fix.fingerprint}) rewrites the unchanged line ${JSON.stringify(part.value.split('\n')[0])} of ${edit.file}`).toBe(false);
            }
            if (!part.added) offset += part.value.length;
          }
        }
        (byFile.get(edit.file) ?? byFile.set(edit.file, []).get(edit.file)!).push(edit);
      }
    }
    for (const [file, edits] of byFile) texts.set(file, applyEdits(textOf(file), distinctEdits(edits)));
  }
}

/** Findings of one rule on a project. */
export function findingsOf(project: Project, ruleId: string): Finding[] {
  return runRules(project, {rules: RULES}).findings.filter((f) => f.rule === ruleId);
}

/**
 * A BOM variant through the real read path: each file starts with a BOM, discovery's decode strips it
 * (and remembers it), the battery runs on what the rules see, and each file that existed is written
 * back with its BOM as the write does. Returns path -> text as written.
 */
export function fixBomVariant(
  inputs: readonly InputFile[],
  options: BatteryOptions,
  extra: {aux?: ReadonlyMap<string, string>; kindOf?: (path: string) => Kind | null} = {},
): Map<string, string> {
  const read = (text: string) => {
    const decoded = decode(new TextEncoder().encode(BOM + text));
    if ('error' in decoded) throw new Error(decoded.error);
    expect(decoded.bom, 'decode remembers the BOM').toBe(BOM);
    return decoded.text;
  };
  const stripped = inputs.map((i) => ({...i, text: read(i.text)}));
  const result = runBattery(stripped, options, extra);
  return new Map(result.files.map((f) => [f.path, (f.existed ? BOM : '') + f.after]));
}
