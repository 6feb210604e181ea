import type {Edit, Finding, Fix, ParamValues, Safety} from './model.js';
import {applyEdits, editsConflict, validateEdits} from './edit.js';
import {runRules, type RunOptions} from './engine.js';
import {ParseCache, type Project} from './project.js';
import {hashText} from './text.js';

export const MAX_PASSES = 10;

export interface PlanOptions extends RunOptions {
  /** The parameter values for a finding's fix, or null when that fix is not wanted. */
  select(finding: Finding): ParamValues | null;
  /** The fix to apply for a selected finding (default: its own; the wizard's "ignore here" gives a pragma). */
  fixOf?(finding: Finding, project: Project): Fix | null;
  maxPasses?: number;
  cache?: ParseCache;
}

export interface AppliedFix {
  fingerprint: string;
  rule: string;
  path: string;
  line: number;
  title: string;
  safety: Safety;
  pass: number;
  files: string[];
  /** The edits, against the texts as they were at the start of `pass`. */
  edits: Edit[];
}

export type SkipReason = 'broke-parse' | 'invalid-edits' | 'did-not-converge' | 'fix-error';

export interface SkippedFix {
  fingerprint: string;
  rule: string;
  path: string;
  reason: SkipReason;
  detail: string;
}

export interface FilePlan {
  path: string;
  /** Text before (BOM removed); '' for a file the plan creates. */
  before: string;
  after: string;
  /** Hash of `before`, checked against the disk before writing. */
  beforeHash: string;
  existed: boolean;
  /** Permission bits for a created file. */
  mode?: number;
  /** Permission bits for the folders created for it. */
  dirMode?: number;
  /** Fingerprints of the fixes that changed this file. */
  applied: string[];
}

export interface Plan {
  files: FilePlan[];
  applied: AppliedFix[];
  skipped: SkippedFix[];
  passes: number;
  /** False when passes ran out or a cycle was found while fixes were still pending. */
  converged: boolean;
  /** Secret values of the applied fixes: never shown, masked in every rendering. */
  masks: string[];
  /** The findings of the project after the plan. */
  remaining: Finding[];
  project: Project;
}

interface Candidate {
  finding: Finding;
  edits: Edit[];
}

/**
 * Applies the selected fixes in passes (ESLint's loop): each pass takes the fixes whose edits
 * neither overlap nor touch one already taken, re-parses, re-checks, and repeats until no selected
 * fix is left, 10 passes ran, or the text repeats (a cycle). A fix that makes a file unparsable is
 * dropped and the file keeps its previous text.
 */
export function plan(project: Project, options: PlanOptions): Plan {
  const maxPasses = options.maxPasses ?? MAX_PASSES;
  const cache = options.cache ?? new ParseCache();
  const originals = new Map<string, string | null>();
  const modes = new Map<string, number>();
  const dirModes = new Map<string, number>();
  const texts = new Map<string, string>();
  const appliedBy = new Map<string, string[]>();
  const applied: AppliedFix[] = [];
  const skipped: SkippedFix[] = [];
  const done = new Set<string>();
  const appliedFingerprints = new Set<string>();
  const notConverged = new Set<string>();
  const masks = new Set<string>();
  const history: string[] = [stateKey(texts)];
  let current = project;
  let passes = 0;
  let converged = true;

  const textOf = (file: string): string => texts.get(file) ?? project.textOf(file) ?? '';

  for (;;) {
    const findings = runRules(current, options).findings;
    const wanted: Array<{finding: Finding; fix: Fix; params: ParamValues}> = [];
    for (const found of findings) {
      const fix = options.fixOf ? options.fixOf(found, current) : found.fix;
      const finding = fix === found.fix ? found : {...found, fix};
      if (!fix) continue;
      if (done.has(finding.fingerprint)) {
        // Its fix was applied and it is still here: report it once, never apply it again.
        if (appliedFingerprints.has(finding.fingerprint) && !notConverged.has(finding.fingerprint) && options.select(finding)) {
          notConverged.add(finding.fingerprint);
          skipped.push({fingerprint: finding.fingerprint, rule: finding.rule, path: finding.path, reason: 'did-not-converge', detail: 'the finding is still there after its fix was applied'});
        }
        continue;
      }
      const params = options.select(finding);
      if (params) wanted.push({finding, fix, params});
    }
    if (wanted.length === 0) break;
    if (passes >= maxPasses) {
      converged = false;
      break;
    }
    passes++;

    const candidates: Candidate[] = [];
    for (const {finding, fix, params} of wanted) {
      let edits: Edit[];
      try {
        edits = fix.edits(params);
      } catch (error) {
        done.add(finding.fingerprint);
        skipped.push({fingerprint: finding.fingerprint, rule: finding.rule, path: finding.path, reason: 'fix-error', detail: (error as Error).message});
        continue;
      }
      const problem = validateEdits(edits, textOf) ?? unreadTarget(edits, current);
      if (problem) {
        done.add(finding.fingerprint);
        skipped.push({fingerprint: finding.fingerprint, rule: finding.rule, path: finding.path, reason: 'invalid-edits', detail: problem});
        continue;
      }
      if (edits.length === 0 || edits.every((e) => textOf(e.file).slice(e.start, e.end) === e.text)) {
        done.add(finding.fingerprint);
        continue;
      }
      candidates.push({finding, edits});
    }
    candidates.sort((a, b) => compareCandidates(a, b));

    let chosen = pickNonConflicting(candidates);
    let next: Project | null = null;
    let changes = new Map<string, string>();
    while (chosen.length > 0) {
      changes = applyCandidates(chosen, textOf);
      next = current.withTexts(new Map([...texts, ...changes]), cache);
      const broken = newlyBroken(current, next, changes);
      if (broken.size === 0) break;
      // A fix alone on a broken file broke it: drop it. Several fixes on a broken file: keep the
      // first and let the others wait for the next pass, so one bad fix does not sink the rest.
      const keep: Candidate[] = [];
      const firstOn = new Map<string, Candidate>();
      for (const c of chosen) for (const e of c.edits) if (broken.has(e.file) && !firstOn.has(e.file)) firstOn.set(e.file, c);
      for (const c of chosen) {
        const hit = c.edits.find((e) => broken.has(e.file));
        if (!hit) {
          keep.push(c);
          continue;
        }
        const alone = chosen.every((o) => o === c || !o.edits.some((e) => e.file === hit.file));
        if (!alone) {
          if (firstOn.get(hit.file) === c) keep.push(c);
          continue;
        }
        done.add(c.finding.fingerprint);
        const failure = next.failures.find((f) => f.path === hit.file);
        skipped.push({
          fingerprint: c.finding.fingerprint,
          rule: c.finding.rule,
          path: c.finding.path,
          reason: 'broke-parse',
          detail: `the fix made ${hit.file} unparsable (${failure ? `line ${failure.line}: ${failure.message}` : 'parse error'}); the file keeps its previous text`,
        });
      }
      chosen = keep;
      next = null;
    }
    if (chosen.length === 0 || !next) {
      continue;
    }

    for (const [file, text] of changes) {
      if (!originals.has(file)) originals.set(file, project.textOf(file));
      texts.set(file, text);
    }
    for (const c of chosen) {
      done.add(c.finding.fingerprint);
      appliedFingerprints.add(c.finding.fingerprint);
      c.finding.secrets.forEach((s) => s && masks.add(s));
      const files = [...new Set(c.edits.map((e) => e.file))];
      for (const e of c.edits) if (e.mode !== undefined) modes.set(e.file, e.mode);
      for (const e of c.edits) if (e.dirMode !== undefined) dirModes.set(e.file, e.dirMode);
      for (const file of files) (appliedBy.get(file) ?? appliedBy.set(file, []).get(file)!).push(c.finding.fingerprint);
      applied.push({
        fingerprint: c.finding.fingerprint,
        rule: c.finding.rule,
        path: c.finding.path,
        line: c.finding.line,
        title: c.finding.fix!.title,
        safety: c.finding.fix!.safety,
        pass: passes,
        files,
        edits: c.edits,
      });
    }
    current = next;
    const key = stateKey(texts);
    if (history.length >= 2 && history[history.length - 2] === key) {
      converged = false;
      break;
    }
    history.push(key);
  }

  const files: FilePlan[] = [];
  for (const [path, after] of texts) {
    const original = originals.get(path) ?? null;
    const before = original ?? '';
    if (before === after) continue;
    files.push({
      path,
      before,
      after,
      beforeHash: hashText(before),
      existed: original !== null,
      ...(modes.has(path) && original === null ? {mode: modes.get(path)} : {}),
      ...(dirModes.has(path) && original === null ? {dirMode: dirModes.get(path)} : {}),
      applied: appliedBy.get(path) ?? [],
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const remaining = runRules(current, options).findings;
  return {files, applied, skipped, passes, converged, masks: [...masks], remaining, project: current};
}

function compareCandidates(a: Candidate, b: Candidate): number {
  const ea = a.edits[0]!;
  const eb = b.edits[0]!;
  if (ea.file !== eb.file) return ea.file < eb.file ? -1 : 1;
  return ea.start - eb.start || ea.end - eb.end || (a.finding.fingerprint < b.finding.fingerprint ? -1 : 1);
}

/** Greedy, in order: a fix is taken when none of its edits overlaps or touches a taken one. */
export function pickNonConflicting<T extends {edits: Edit[]}>(candidates: readonly T[]): T[] {
  const taken: Edit[] = [];
  const chosen: T[] = [];
  for (const candidate of candidates) {
    if (candidate.edits.some((e) => taken.some((t) => editsConflict(e, t)))) continue;
    chosen.push(candidate);
    taken.push(...candidate.edits);
  }
  return chosen;
}

function applyCandidates(chosen: readonly Candidate[], textOf: (file: string) => string): Map<string, string> {
  const byFile = new Map<string, Edit[]>();
  for (const c of chosen) for (const e of c.edits) (byFile.get(e.file) ?? byFile.set(e.file, []).get(e.file)!).push(e);
  const out = new Map<string, string>();
  for (const [file, edits] of byFile) out.set(file, applyEdits(textOf(file), edits));
  return out;
}

function newlyBroken(before: Project, after: Project, changes: ReadonlyMap<string, string>): Set<string> {
  const broken = new Set<string>();
  for (const failure of after.failures) {
    if (changes.has(failure.path) && before.get(failure.path)) broken.add(failure.path);
  }
  return broken;
}

function unreadTarget(edits: readonly Edit[], project: Project): string | null {
  for (const e of edits) {
    if (project.textOf(e.file) === null && project.exists(e.file)) {
      return `${e.file} exists but shipshape has not read it; refusing to overwrite it`;
    }
  }
  return null;
}

function stateKey(texts: ReadonlyMap<string, string>): string {
  return [...texts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, text]) => `${path}:${hashText(text)}`)
    .join('|');
}
