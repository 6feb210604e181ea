import type {Finding, FindingDraft, Severity} from './model.js';
import {compareIds} from './model.js';
import type {PragmaUse, Rule, RuleContext} from './rule.js';
import type {Project} from './project.js';
import type {Source} from './source.js';
import {paramFrom, type Config, DEFAULT_CONFIG} from './config.js';
import {secretLinesIn, type SecretLine} from './mask.js';
import {findPragmas, pragmaIdsFor, type Pragma} from './pragmas.js';

export interface RunOptions {
  rules: readonly Rule[];
  config?: Config;
  /** Only these rule ids (`--rule`). */
  only?: ReadonlySet<string>;
}

export interface RuleError {
  path: string;
  rule: string;
  message: string;
}

export interface RunResult {
  findings: Finding[];
  /** Rules that threw: a bug in shipshape, reported without stopping the run. */
  errors: RuleError[];
}

export function isRuleEnabled(rule: {id: string}, options: RunOptions): boolean {
  const setting = options.config?.rules[rule.id];
  if (setting === 'off') return false;
  return !options.only || options.only.size === 0 || options.only.has(rule.id);
}

/** True when a file rule checks files of this kind: its own kind, or one it also reads (docker run lines in CI steps). */
export function readsKind(rule: Rule, kind: Source['kind']): boolean {
  return rule.kind === kind || (rule.kind !== 'any' && (rule.alsoReads?.includes(kind) ?? false));
}

/**
 * Runs every enabled file rule on every source of its kind, applies the inline suppressions, then
 * runs the rules about the findings (kind `any`) with each source's pragmas and what they suppressed.
 * Findings are appended one by one, never spread into push(): a file with 15,000 services has more
 * findings than a call takes arguments.
 */
export function runRules(project: Project, options: RunOptions): RunResult {
  const config = options.config ?? DEFAULT_CONFIG;
  const ctx: RuleContext = {project, param: paramFrom(config)};
  const findings: Finding[] = [];
  const errors: RuleError[] = [];
  const enabled = options.rules.filter((rule) => isRuleEnabled(rule, options));
  const run = (rule: Rule, source: Source, check: () => Iterable<FindingDraft>): Finding[] => {
    try {
      return toFindings(rule, source, [...check()], config.rules[rule.id], project);
    } catch (error) {
      errors.push({path: source.path, rule: rule.id, message: error instanceof Error ? error.message : String(error)});
      return [];
    }
  };
  for (const source of project.sources) {
    const raw: Finding[] = [];
    const ran = new Set<string>();
    for (const rule of enabled) {
      if (!readsKind(rule, source.kind)) continue;
      ran.add(rule.id);
      for (const f of run(rule, source, () => (rule.check as (s: Source, c: RuleContext) => Iterable<FindingDraft>)(source, ctx))) raw.push(f);
    }
    const {kept, uses} = suppress(source, raw, ran);
    for (const f of kept) findings.push(f);
    for (const rule of enabled) {
      if (rule.kind === 'any') for (const f of run(rule, source, () => rule.check(source, uses, ctx))) findings.push(f);
    }
  }
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start || compareIds(a.rule, b.rule)));
  return {findings, errors};
}

/**
 * The rule contract, checked where findings are made: a fix's safety is one the rule declares, and a
 * rule declared without a fix yields none. A breach is a shipshape bug, reported like a rule crash.
 */
export function contractBreach(rule: Rule, draft: FindingDraft): string | null {
  const fix = draft.fix;
  if (!fix) return null;
  if (rule.fix === null) return `the rule is declared without a fix but yielded "${fix.title}" (${fix.safety}) at ${draft.locator}`;
  if (fix.safety !== rule.fix) return `the rule declares ${rule.fix} fixes but yielded "${fix.title}" as ${fix.safety} at ${draft.locator}`;
  if (fix.needsInput?.length && !rule.needsInput) return `the rule is not declared needsInput but "${fix.title}" asks for ${fix.needsInput.join(', ')} at ${draft.locator}`;
  return null;
}

function toFindings(rule: Rule, source: Source, drafts: FindingDraft[], override: 'off' | Severity | undefined, project: Project): Finding[] {
  const seen = new Map<string, number>();
  for (const draft of drafts) {
    const breach = contractBreach(rule, draft);
    if (breach) throw new Error(`contract: ${breach}`);
  }
  return drafts.map((draft) => {
    const start = source.lines.position(draft.start);
    const end = source.lines.position(Math.max(draft.start, draft.end));
    let fingerprint = `${rule.id}:${source.path}:${draft.locator}`;
    const count = seen.get(fingerprint) ?? 0;
    seen.set(fingerprint, count + 1);
    if (count > 0) fingerprint += `#${count + 1}`;
    return {
      rule: rule.id,
      name: rule.name,
      severity: override && override !== 'off' ? override : (draft.severity ?? rule.severity),
      path: source.path,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      start: draft.start,
      end: draft.end,
      message: draft.message,
      fingerprint,
      fix: draft.fix ?? null,
      references: rule.references,
      secrets: (draft.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.value)).filter((v) => v !== ''),
      secretLines: secretLinesOf(draft, source, project),
      ...(draft.advice ? {advice: draft.advice} : {}),
      ...(draft.certainty ? {certainty: draft.certainty} : {}),
    };
  });
}

/** The line a finding's pragma must precede: in a Dockerfile, the first line of its instruction. */
export function pragmaTargetLine(source: Source, offset: number): number {
  const line = source.lines.position(offset).line;
  if (source.kind !== 'dockerfile') return line;
  for (const instruction of source.dockerfile.ast.getInstructions()) {
    const range = instruction.getRange();
    if (range.start.line <= line && line <= range.end.line) return range.start.line;
  }
  return line;
}

/**
 * Drops the findings an inline pragma suppresses; says for each `shipshape-ignore` pragma which of
 * its ids named a rule that ran on the file and suppressed nothing.
 */
function suppress(source: Source, findings: Finding[], ran: ReadonlySet<string>): {kept: Finding[]; uses: PragmaUse[]} {
  const pragmas = findPragmas(source);
  if (pragmas.length === 0) return {kept: findings, uses: []};
  const used = new Map<Pragma, Set<string>>();
  const kept = findings.filter((finding) => {
    const target = pragmaTargetLine(source, finding.start);
    for (const pragma of pragmas) {
      if (!pragma.fileWide && pragma.target !== target && pragma.line !== target) continue;
      const wanted = pragmaIdsFor(finding.rule, finding.references, pragma.tool);
      const hit = pragma.ids.find((id) => wanted.includes(id));
      if (hit) {
        (used.get(pragma) ?? used.set(pragma, new Set()).get(pragma)!).add(hit);
        return false;
      }
    }
    return true;
  });
  const uses = pragmas
    .filter((pragma) => pragma.tool === 'shipshape')
    .map((pragma) => ({pragma, unused: pragma.ids.filter((id) => ran.has(id) && !used.get(pragma)?.has(id))}));
  return {kept, uses};
}

/** Where each secret of a draft stands: in the finding's range, or where the rule says. */
function secretLinesOf(draft: FindingDraft, source: Source, project: Project): SecretLine[] {
  const out: SecretLine[] = [];
  for (const s of draft.secrets ?? []) {
    if (typeof s === 'string') {
      out.push(...secretLinesIn(source.path, source.text, draft.start, draft.end, s));
      continue;
    }
    const file = s.file ?? source.path;
    const text = file === source.path ? source.text : project.textOf(file);
    if (text !== null) out.push(...secretLinesIn(file, text, s.start, s.end, s.value));
  }
  return out;
}
