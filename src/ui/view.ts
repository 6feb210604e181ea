/**
 * What the screens show, computed from the session and the wizard state without rendering: the
 * diff of one fix on top of what is accepted, the whole plan, scores, what is left, next steps.
 */
import type {Finding, Kind, ParamValues} from '../core/model.js';
import type {Rule} from '../core/rule.js';
import type {Plan} from '../core/plan.js';
import type {SecretLine} from '../core/mask.js';
import {hardeningScore, type Choices, type Session} from '../core/session.js';
import type {FileChange} from './components/diff.js';
import type {FileInfo, WizardState} from './state/reducer.js';
import type {PlanCache} from '../core/plan-cache.js';

export function choicesOf(state: Pick<WizardState, 'accepted' | 'ignored'> & Partial<Pick<WizardState, 'reasons'>>): Choices {
  return {accepted: state.accepted, ignored: state.ignored, ...(state.reasons?.size ? {reasons: state.reasons} : {})};
}

/** The changed files of a plan, as the diff view takes them. */
export function planChanges(plan: Plan): FileChange[] {
  return plan.files.map((f) => ({path: f.path, before: f.before, after: f.after, existed: f.existed}));
}

/** Every secret value the session knows of, plus the plan's masks. */
export function masksOf(session: Session, ...plans: Plan[]): string[] {
  const all = new Set<string>();
  for (const f of session.findings) for (const s of f.secrets) if (s) all.add(s);
  for (const plan of plans) for (const s of plan.masks) if (s) all.add(s);
  return [...all];
}

/** Every line the session's findings and the plans know to carry a secret. */
export function secretLinesOf(session: Session, ...plans: Plan[]): SecretLine[] {
  return [...session.findings.flatMap((f) => f.secretLines), ...plans.flatMap((p) => p.secretLines)];
}

export interface FindingPreview {
  /** What this fix (or this ignore comment) changes on top of the other choices. */
  changes: FileChange[];
  /** Secret values, masked in the finding's own texts. */
  masks: string[];
  /** The lines that carry a secret, masked in the diff (and nothing else there). */
  secretLines: SecretLine[];
  /** True when the choices already made fix this finding (it is gone from the plan's findings). */
  resolvedByOthers: boolean;
  /** Fixes that the planner could not apply, with why. */
  problems: string[];
  /** The label of a parameter that needs a value before there is anything to show. */
  needs: string | null;
}

/**
 * The diff of `finding` applied on top of the other choices: preview(choices + this) against
 * preview(choices without this), the first continued from the second (PlanCache.preview).
 * `mode` 'ignore' previews the inline pragma instead.
 */
export function findingPreview(cache: PlanCache, session: Session, choices: Choices, finding: Finding, values: ParamValues, mode: 'fix' | 'ignore'): FindingPreview {
  const fp = finding.fingerprint;
  const accepted = new Map(choices.accepted);
  const ignored = new Set(choices.ignored);
  accepted.delete(fp);
  ignored.delete(fp);
  const reasons = choices.reasons;
  const base = cache.preview({accepted, ignored, ...(reasons ? {reasons} : {})});
  const resolvedByOthers = !base.remaining.some((f) => f.fingerprint === fp);
  if (mode === 'ignore') ignored.add(fp);
  else if (finding.fix) accepted.set(fp, values);
  else return {changes: [], masks: masksOf(session, base), secretLines: secretLinesOf(session, base), resolvedByOthers, problems: [], needs: null};
  const needs = mode === 'fix' ? finding.fix?.params.find((p) => finding.fix!.needsInput?.includes(p.name) && !(values[p.name] ?? '').trim()) : undefined;
  if (needs) return {changes: [], masks: masksOf(session, base), secretLines: secretLinesOf(session, base), resolvedByOthers, problems: [], needs: needs.label};
  const withThis = cache.preview({accepted: new Map(accepted), ignored: new Set(ignored), ...(reasons ? {reasons} : {})});
  const problems = withThis.skipped.filter((s) => s.fingerprint === fp).map((s) => s.detail);
  return {changes: changesBetween(session, base, withThis), masks: masksOf(session, base, withThis), secretLines: secretLinesOf(session, base, withThis), resolvedByOthers, problems, needs: null};
}

/** What a plan changes on top of another, file by file. */
function changesBetween(session: Session, base: Plan, withThese: Plan): FileChange[] {
  const baseText = (path: string): string | null => base.files.find((f) => f.path === path)?.after ?? session.project.textOf(path);
  const changes: FileChange[] = [];
  for (const file of withThese.files) {
    const before = baseText(file.path);
    if (before === file.after) continue;
    changes.push({path: file.path, before: before ?? '', after: file.after, existed: before !== null});
  }
  for (const file of base.files) {
    // A file these fixes make unnecessary to change (rare): show it going back.
    if (!withThese.files.some((f) => f.path === file.path)) changes.push({path: file.path, before: file.after, after: file.before, existed: file.existed});
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export interface GroupPreview {
  /** What accepting the group changes on top of the choices outside it. */
  changes: FileChange[];
  masks: string[];
  secretLines: SecretLine[];
  /** The group's fixes the planner could not apply, with why. */
  problems: string[];
}

/** The combined diff of accepting `add` (fingerprint → values) on top of the other choices. */
export function groupPreview(cache: PlanCache, session: Session, choices: Choices, add: ReadonlyMap<string, ParamValues>): GroupPreview {
  const accepted = new Map([...choices.accepted].filter(([fp]) => !add.has(fp)));
  const ignored = new Set([...choices.ignored].filter((fp) => !add.has(fp)));
  const reasons = choices.reasons;
  const base = cache.preview({accepted, ignored, ...(reasons ? {reasons} : {})});
  const withThese = cache.preview({accepted: new Map([...accepted, ...add]), ignored, ...(reasons ? {reasons} : {})});
  const problems = [...new Set(withThese.skipped.filter((s) => add.has(s.fingerprint)).map((s) => `${s.rule}: ${s.detail}`))];
  return {changes: changesBetween(session, base, withThese), masks: masksOf(session, base, withThese), secretLines: secretLinesOf(session, base, withThese), problems};
}

export function ruleOf(session: Session, id: string): Rule | undefined {
  return session.rules.find((r) => r.id === id);
}

/** The first paragraph under "Why it matters" in a rule's docs. */
export function whyOf(docs: string | undefined): string {
  if (!docs) return '';
  const m = /^#+ Why it matters[^\n]*\n+([\s\S]*?)(?:\n[ \t]*\n|\n#|(?![\s\S]))/m.exec(docs.replace(/\r\n/g, '\n'));
  return m ? m[1]!.replace(/\s+/g, ' ').trim() : '';
}

export const KIND_LABEL: Record<Kind, string> = {dockerfile: 'Dockerfiles', compose: 'Compose', kubernetes: 'Kubernetes', ci: 'CI pipelines', script: 'Scripts and docs'};

export interface FileScore {
  path: string;
  kind: Kind;
  before: number;
  after: number;
  findings: number;
  left: number;
}

/** Score before and after a plan, per scanned file (and per file the plan creates). */
export function fileScores(files: readonly FileInfo[], findings: readonly Finding[], plan: Plan | null): FileScore[] {
  const kindOf = new Map(files.map((f) => [f.path, f.kind] as const));
  for (const s of plan?.project.sources ?? []) if (!kindOf.has(s.path)) kindOf.set(s.path, s.kind);
  return [...kindOf.entries()]
    .map(([path, kind]) => {
      const mine = findings.filter((f) => f.path === path);
      const left = (plan ? plan.remaining : findings).filter((f) => f.path === path);
      return {path, kind, before: hardeningScore(mine), after: hardeningScore(left), findings: mine.length, left: left.length};
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** What a person should do next, from what is left and what the project has. */
export function nextSteps(session: Session, remaining: readonly Finding[], written: boolean): string[] {
  const steps: string[] = [];
  const kinds = new Set(session.project.sources.map((s) => s.kind));
  const fixable = remaining.filter((f) => f.fix).length;
  if (remaining.some((f) => f.rule === 'P401')) {
    steps.push('Add an image scanning job to your CI pipeline (see `shipshape explain P401`), so vulnerable images fail the build.');
  } else if (kinds.has('dockerfile') && !kinds.has('ci')) {
    steps.push('Build and scan your images in CI (for example `trivy image` or `grype`): shipshape found Dockerfiles but no CI pipeline.');
  }
  if (fixable > 0) steps.push(`${fixable} fixable finding${fixable === 1 ? ' is' : 's are'} left: run \`shipshape\` again, or \`shipshape fix --diff\` to see them all.`);
  steps.push('Gate new problems in CI with `shipshape check` (exit code 1 on findings; `--format sarif` for code scanning).');
  if (written) steps.push('Review the changes with `git diff`, rebuild and test your containers, then commit. `shipshape undo` restores the files.');
  return steps;
}

/** Guidance-only findings left after the plan: they need a person, with their advice. */
export function guidanceLeft(remaining: readonly Finding[]): Finding[] {
  return remaining.filter((f) => !f.fix);
}
