import type {Edit, Finding, Fix, ParamValues, Safety} from './model.js';
import {compareEdits, distinctEdits, validateEdits} from './edit.js';
import {runRules, type RunOptions} from './engine.js';
import {ParseCache, type Project} from './project.js';
import {hashText} from './text.js';
import {secretLinesOfInsert, type SecretLine} from './mask.js';

/**
 * ESLint stops at 10 passes. Here fixes to one mapping serialise (each adds its key at the end of
 * it, so they touch), and a Compose service or a container can take a dozen fixes: 10 passes left
 * fixes out of real files. A repeated text (a cycle) still stops the plan at once.
 */
export const MAX_PASSES = 40;

export interface PlanOptions extends RunOptions {
  /** The parameter values for a finding's fix, or null when that fix is not wanted. */
  select(finding: Finding): ParamValues | null;
  /** The fix to apply for a selected finding (default: its own; the wizard's "ignore here" gives a pragma). */
  fixOf?(finding: Finding, project: Project): Fix | null;
  /** Passes at most (of this call: a plan extended later gets as many again). */
  maxPasses?: number;
  cache?: ParseCache;
  /** The findings of the project under these options, when the caller has them already (a Session). */
  findings?: readonly Finding[];
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
  /** Secret values of the applied fixes: never shown, masked in free text (messages, logs). */
  masks: string[];
  /** The lines that carry a secret, before or after the fixes: diffs mask these and only these. */
  secretLines: SecretLine[];
  /** The findings of the project after the plan. */
  remaining: Finding[];
  project: Project;
}

interface Candidate {
  finding: Finding;
  edits: Edit[];
}

/** Where a plan stands: what `extendPlan` continues from. Every collection is the plan's own. */
interface PlanState {
  /** The project as the plan started it (texts before). */
  origin: Project;
  cache: ParseCache;
  current: Project;
  /** The findings of `current`. */
  findings: readonly Finding[];
  texts: Map<string, string>;
  originals: Map<string, string | null>;
  modes: Map<string, number>;
  dirModes: Map<string, number>;
  appliedBy: Map<string, string[]>;
  applied: AppliedFix[];
  skipped: SkippedFix[];
  done: Set<string>;
  appliedFingerprints: Set<string>;
  notConverged: Set<string>;
  /**
   * Where each applied fix's finding was, carried through the later passes' edits. A finding with
   * that fingerprint at that place again did not go away; one elsewhere is another finding that
   * inherited the fingerprint (a duplicate line, counted `#2` before the first was removed).
   */
  appliedAt: Map<string, {path: string; start: number | null}>;
  masks: Set<string>;
  /** The lines that carry a secret, keyed by file, line and value. */
  secretLines: Map<string, SecretLine>;
  history: string[];
  passes: number;
  converged: boolean;
}

const STATES = new WeakMap<Plan, PlanState>();

/**
 * Applies the selected fixes in passes (ESLint's loop): each pass takes the fixes whose edits
 * neither overlap nor touch one already taken, re-parses each changed file once, re-checks, and
 * repeats until no selected fix is left, MAX_PASSES ran, or a text repeats (a cycle). Two fixes
 * making the same edit (a value in an anchor several services merge) make it once. Where fixes
 * together break a file, those whose inserted text holds the error wait a pass; a fix that makes a
 * file unparsable alone is dropped and the file keeps its previous text.
 */
export function plan(project: Project, options: PlanOptions): Plan {
  const cache = options.cache ?? new ParseCache();
  const state: PlanState = {
    origin: project,
    cache,
    current: project,
    findings: options.findings ?? runRules(project, options).findings,
    texts: new Map(),
    originals: new Map(),
    modes: new Map(),
    dirModes: new Map(),
    appliedBy: new Map(),
    applied: [],
    skipped: [],
    done: new Set(),
    appliedFingerprints: new Set(),
    notConverged: new Set(),
    appliedAt: new Map(),
    masks: new Set(),
    secretLines: new Map(),
    history: [stateKey(new Map())],
    passes: 0,
    converged: true,
  };
  // A secret a rule left out of this run (--rule, a rule turned off) still must not show in a diff.
  if (options.only || Object.values(options.config?.rules ?? {}).includes('off')) {
    for (const f of runRules(project, {rules: options.rules, ...(options.config ? {config: {...options.config, rules: {}}} : {})}).findings) addSecretLines(state, f.secretLines);
  }
  return advance(state, options);
}

/**
 * Continues a finished plan with more selected fixes (the wizard's one more accepted fix): the
 * passes start from the plan's texts and findings, so their cost is that of the new fixes, not of
 * planning everything again. `base` is left as it was. `options.select` selects the fixes the
 * result should hold: those `base` applied stay applied whatever it says.
 */
export function extendPlan(base: Plan, options: PlanOptions): Plan {
  const from = STATES.get(base);
  if (!from) throw new Error('extendPlan: not a plan made by plan()');
  return advance(
    {
      ...from,
      texts: new Map(from.texts),
      originals: new Map(from.originals),
      modes: new Map(from.modes),
      dirModes: new Map(from.dirModes),
      appliedBy: new Map([...from.appliedBy].map(([file, list]) => [file, [...list]])),
      applied: [...from.applied],
      skipped: [...from.skipped],
      done: new Set(from.done),
      appliedFingerprints: new Set(from.appliedFingerprints),
      notConverged: new Set(from.notConverged),
      appliedAt: new Map(from.appliedAt),
      masks: new Set(from.masks),
      secretLines: new Map(from.secretLines),
      history: [...from.history],
      converged: true,
    },
    options,
  );
}

function advance(state: PlanState, options: PlanOptions): Plan {
  const maxPasses = options.maxPasses ?? MAX_PASSES;
  const {texts, done, skipped} = state;
  const project = state.origin;
  const textOf = (file: string): string => texts.get(file) ?? project.textOf(file) ?? '';
  let passes = 0;

  for (;;) {
    const current = state.current;
    // Every secret a pass sees, fixed or not: a diff's context lines may show one too.
    for (const f of state.findings) addSecretLines(state, f.secretLines);
    const wanted: Array<{finding: Finding; fix: Fix; params: ParamValues}> = [];
    for (const found of state.findings) {
      const fix = options.fixOf ? options.fixOf(found, current) : found.fix;
      const finding = fix === found.fix ? found : {...found, fix};
      if (!fix) continue;
      const was = state.appliedAt.get(finding.fingerprint);
      if (was && (was.path !== finding.path || was.start !== finding.start) && !state.notConverged.has(finding.fingerprint)) {
        state.appliedAt.delete(finding.fingerprint);
        state.appliedFingerprints.delete(finding.fingerprint);
        done.delete(finding.fingerprint);
      }
      if (done.has(finding.fingerprint)) {
        // Its fix was applied and it is still here: report it once, never apply it again.
        if (state.appliedFingerprints.has(finding.fingerprint) && !state.notConverged.has(finding.fingerprint) && options.select(finding)) {
          state.notConverged.add(finding.fingerprint);
          skipped.push({fingerprint: finding.fingerprint, rule: finding.rule, path: finding.path, reason: 'did-not-converge', detail: 'the finding is still there after its fix was applied'});
        }
        continue;
      }
      const params = options.select(finding);
      if (params) wanted.push({finding, fix, params});
    }
    if (wanted.length === 0) break;
    // A fix built on other rules' results waits while one of their fixes is still to be applied.
    const pendingRules = new Set(wanted.map((w) => w.finding.rule));
    const ready = wanted.filter((w) => !w.fix.after?.some((rule) => rule !== w.finding.rule && pendingRules.has(rule)));
    if (passes >= maxPasses) {
      state.converged = false;
      break;
    }
    passes++;
    state.passes++;

    const candidates: Candidate[] = [];
    for (const {finding, fix, params} of ready) {
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
      const applied = applyCandidates(chosen, textOf);
      changes = applied.texts;
      next = current.withTexts(changes, state.cache);
      const broken = newlyBroken(current, next, changes);
      if (broken.size === 0) break;
      chosen = withoutBreakers(chosen, broken, next, applied.placed, (c, detail) => {
        done.add(c.finding.fingerprint);
        skipped.push({fingerprint: c.finding.fingerprint, rule: c.finding.rule, path: c.finding.path, reason: 'broke-parse', detail});
      });
      next = null;
    }
    if (chosen.length === 0 || !next) {
      continue;
    }

    for (const [file, text] of changes) {
      if (!state.originals.has(file)) state.originals.set(file, project.textOf(file));
      texts.set(file, text);
    }
    const passEdits = chosen.flatMap((c) => c.edits);
    for (const [fingerprint, at] of state.appliedAt) state.appliedAt.set(fingerprint, {path: at.path, start: at.start === null ? null : mapOffset(at.start, passEdits.filter((e) => e.file === at.path))});
    for (const c of chosen) {
      done.add(c.finding.fingerprint);
      state.appliedFingerprints.add(c.finding.fingerprint);
      state.appliedAt.set(c.finding.fingerprint, {path: c.finding.path, start: mapOffset(c.finding.start, c.edits.length > 0 ? passEdits.filter((e) => e.file === c.finding.path) : [])});
      c.finding.secrets.forEach((s) => s && state.masks.add(s));
      for (const e of c.edits) for (const s of c.finding.secrets) addSecretLines(state, secretLinesOfInsert(e.file, e.text, s, current.textOf(e.file) === null));
      const files = [...new Set(c.edits.map((e) => e.file))];
      for (const e of c.edits) if (e.mode !== undefined) state.modes.set(e.file, e.mode);
      for (const e of c.edits) if (e.dirMode !== undefined) state.dirModes.set(e.file, e.dirMode);
      for (const file of files) (state.appliedBy.get(file) ?? state.appliedBy.set(file, []).get(file)!).push(c.finding.fingerprint);
      state.applied.push({
        fingerprint: c.finding.fingerprint,
        rule: c.finding.rule,
        path: c.finding.path,
        line: c.finding.line,
        title: c.finding.fix!.title,
        safety: c.finding.fix!.safety,
        pass: state.passes,
        files,
        edits: c.edits,
      });
    }
    state.current = next;
    state.findings = runRules(next, options).findings;
    const key = stateKey(texts);
    const {history} = state;
    // Any repeated text is a cycle (not only the text of two passes ago).
    if (history.includes(key)) {
      state.converged = false;
      break;
    }
    history.push(key);
  }

  const files: FilePlan[] = [];
  for (const [path, after] of texts) {
    const original = state.originals.get(path) ?? null;
    const before = original ?? '';
    if (before === after) continue;
    files.push({
      path,
      before,
      after,
      beforeHash: hashText(before),
      existed: original !== null,
      ...(state.modes.has(path) && original === null ? {mode: state.modes.get(path)} : {}),
      ...(state.dirModes.has(path) && original === null ? {dirMode: state.dirModes.get(path)} : {}),
      applied: [...(state.appliedBy.get(path) ?? [])],
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  // Secrets of findings left unfixed show in the diffs' context lines too: mask them as well.
  const masks = new Set(state.masks);
  for (const f of state.findings) f.secrets.forEach((x) => x && masks.add(x));
  for (const f of state.findings) addSecretLines(state, f.secretLines);
  const result: Plan = {
    files,
    applied: [...state.applied],
    skipped: [...skipped],
    passes: state.passes,
    converged: state.converged,
    masks: [...masks],
    secretLines: [...state.secretLines.values()],
    remaining: [...state.findings],
    project: state.current,
  };
  STATES.set(result, state);
  return result;
}

/**
 * Where the character at `offset` of a text is after non-overlapping edits: text inserted at it
 * goes before it; a character that was replaced maps to the start of its replacement, one that was
 * deleted is gone (null).
 */
export function mapOffset(offset: number, edits: readonly Edit[]): number | null {
  let shift = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (e.end <= offset) shift += e.text.length - (e.end - e.start);
    else if (e.start <= offset) return e.text === '' ? null : e.start + shift;
  }
  return offset + shift;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  const ea = a.edits[0]!;
  const eb = b.edits[0]!;
  if (ea.file !== eb.file) return ea.file < eb.file ? -1 : 1;
  return ea.start - eb.start || ea.end - eb.end || (a.finding.fingerprint < b.finding.fingerprint ? -1 : 1);
}

function sameEdit(a: Edit, b: Edit): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end && a.text === b.text;
}

/**
 * Whether two edits of different fixes may go into one pass: not when they overlap or touch,
 * unless they are the same edit (made once). Two insertions at one offset wait for each other:
 * which goes first decides where the text lands (a container's key after a pod's `volumes:` would
 * belong to the volume), so the second is computed again on the first one's text.
 */
function compatible(a: Edit, b: Edit): boolean {
  if (a.file !== b.file || b.start > a.end || a.start > b.end) return true;
  return sameEdit(a, b);
}

/**
 * Greedy, in order: a fix is taken when each of its edits is compatible with every edit already
 * taken (see `compatible`). The taken edits of each file are
 * kept sorted, so a check looks only at the neighbours of an edit, not at everything taken.
 */
export function pickNonConflicting<T extends {edits: Edit[]}>(candidates: readonly T[]): T[] {
  const taken = new Map<string, TakenEdits>();
  const chosen: T[] = [];
  for (const candidate of candidates) {
    if (!candidate.edits.every((e) => taken.get(e.file)?.compatibleWith(e) ?? true)) continue;
    chosen.push(candidate);
    for (const e of candidate.edits) (taken.get(e.file) ?? taken.set(e.file, new TakenEdits()).get(e.file)!).add(e);
  }
  return chosen;
}

/**
 * The edits taken in one file, sorted by start. Candidates come in position order, so an edit
 * nearly always goes at the end (no copying); the neighbours a new edit can touch are found by
 * binary search.
 */
class TakenEdits {
  private readonly edits: Edit[] = [];
  /** The largest end among edits[0..i]: stops the backward scan early. */
  private readonly maxEnd: number[] = [];

  /** Taken edits computed from text outside their range (`Edit.reads`): few, checked one by one. */
  private readonly readers: Edit[] = [];

  add(e: Edit): void {
    if (e.reads) this.readers.push(e);
    const i = this.upperBound(e.start);
    this.edits.splice(i, 0, e);
    this.maxEnd.splice(i, 0, 0);
    for (let k = i; k < this.edits.length; k++) this.maxEnd[k] = Math.max(k > 0 ? this.maxEnd[k - 1]! : -1, this.edits[k]!.end);
  }

  compatibleWith(e: Edit): boolean {
    // Taken edits starting at or before e.end may touch it; of those, only ones ending at or after e.start do.
    for (let k = this.upperBound(e.end) - 1; k >= 0 && this.maxEnd[k]! >= e.start; k--) {
      if (!compatible(this.edits[k]!, e)) return false;
    }
    // An edit computed from other text (a value copied from a `<<` merge source) waits a pass when
    // that text changes in this one, in either order: it is computed again on the new text.
    if (e.reads && this.touching(e.reads)) return false;
    return !this.readers.some((r) => r.reads!.start <= e.end && e.start <= r.reads!.end && !sameEdit(r, e));
  }

  /** True when a taken edit overlaps or touches the range. */
  private touching(range: {start: number; end: number}): boolean {
    const k = this.upperBound(range.end) - 1;
    return k >= 0 && this.maxEnd[k]! >= range.start;
  }

  /** The index of the first edit starting after `offset`. */
  private upperBound(offset: number): number {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.edits[mid]!.start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Where an applied edit's text landed in the new text of its file, and whose it is. */
interface Placed {
  candidate: Candidate;
  start: number;
  end: number;
}

/** Applies the chosen fixes' edits, each distinct edit once, and says where each one's text landed. */
function applyCandidates(chosen: readonly Candidate[], textOf: (file: string) => string): {texts: Map<string, string>; placed: Map<string, Placed[]>} {
  const byFile = new Map<string, Array<{edit: Edit; candidate: Candidate}>>();
  for (const candidate of chosen) {
    for (const edit of candidate.edits) {
      const list = byFile.get(edit.file) ?? byFile.set(edit.file, []).get(edit.file)!;
      list.push({edit, candidate});
    }
  }
  const texts = new Map<string, string>();
  const placed = new Map<string, Placed[]>();
  for (const [file, list] of byFile) {
    // Stable: insertions at one offset keep the fixes' order (and a fix's own order).
    list.sort((x, y) => compareEdits(x.edit, y.edit));
    const text = textOf(file);
    const parts: string[] = [];
    const where: Placed[] = [];
    let pos = 0;
    let length = 0;
    for (const {edit, candidate} of distinctEdits(list, (entry) => entry.edit)) {
      if (edit.start < pos) throw new Error(`overlapping edit at ${edit.start} (previous edit ends at ${pos})`);
      const kept = text.slice(pos, edit.start);
      parts.push(kept, edit.text);
      length += kept.length;
      where.push({candidate, start: length, end: length + edit.text.length});
      length += edit.text.length;
      pos = edit.end;
    }
    parts.push(text.slice(pos));
    texts.set(file, parts.join(''));
    placed.set(file, where);
  }
  return {texts, placed};
}

/**
 * The fixes to try again after some files broke. In a broken file, the fixes whose own text holds
 * a parse error wait for the next pass (two fixes each adding the same key to one mapping: the
 * second waits, and then adds to the first one's); a fix alone on its file that broke it is
 * dropped (`drop`). An error no fix's text holds: the first fix on the file stays, the others wait.
 */
function withoutBreakers(chosen: readonly Candidate[], broken: ReadonlySet<string>, next: Project, placed: ReadonlyMap<string, Placed[]>, drop: (c: Candidate, detail: string) => void): Candidate[] {
  const waiting = new Set<Candidate>();
  for (const file of broken) {
    const on = chosen.filter((c) => c.edits.some((e) => e.file === file));
    const failure = next.failures.find((f) => f.path === file);
    if (on.length === 1) {
      waiting.add(on[0]!);
      drop(on[0]!, `the fix made ${file} unparsable (${failure ? `line ${failure.line}: ${failure.message}` : 'parse error'}); the file keeps its previous text`);
      continue;
    }
    const offsets = failure?.offsets ?? (failure ? [lineStart(failure.text, failure.line)] : []);
    const blamed = new Set<Candidate>();
    let unexplained = offsets.length === 0;
    for (const offset of offsets) {
      const holder = placed.get(file)?.find((p) => p.start <= offset && offset < p.end);
      if (holder) blamed.add(holder.candidate);
      else unexplained = true;
    }
    // Never blame every fix on the file: the first stays, so each pass makes progress.
    if (unexplained || blamed.size === on.length) for (const c of on.slice(1)) waiting.add(c);
    else for (const c of blamed) waiting.add(c);
  }
  return chosen.filter((c) => !waiting.has(c));
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 1; i < line && offset !== -1; i++) offset = text.indexOf('\n', offset) + 1 || -1;
  return Math.max(0, offset);
}

/** The changed files that parsed before and do not now. */
function newlyBroken(before: Project, after: Project, changes: ReadonlyMap<string, string>): Set<string> {
  const broken = new Set<string>();
  for (const path of changes.keys()) if (before.get(path) && !after.get(path)) broken.add(path);
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

function addSecretLines(state: PlanState, lines: readonly SecretLine[]): void {
  for (const l of lines) state.secretLines.set(`${l.file}\0${l.line ?? ''}\0${l.value}`, l);
}
