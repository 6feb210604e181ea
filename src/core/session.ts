import type {Finding, ParamValues, Severity} from './model.js';
import {severityRank} from './model.js';
import type {Project} from './project.js';
import type {Rule} from './rule.js';
import type {Config} from './config.js';
import {DEFAULT_CONFIG} from './config.js';
import {runRules, pragmaTargetLine, type RuleError} from './engine.js';
import {extendPlan, plan, type Plan, type PlanOptions} from './plan.js';
import {ignorePragmaFix} from './pragmas.js';

/** What the user decided in the wizard: the only thing the UI hands to the core. */
export interface Choices {
  /** fingerprint -> parameter values of accepted fixes. */
  accepted: ReadonlyMap<string, ParamValues>;
  /** fingerprints to suppress with an inline pragma. */
  ignored: ReadonlySet<string>;
  /** Why each is ignored, written into its pragma (default: reviewed with shipshape). */
  reasons?: ReadonlyMap<string, string>;
}

/**
 * A scanned project plus the functions the wizard and `fix` need: findings, and the plan for a
 * set of choices (what is previewed is exactly what is written).
 */
export class Session {
  readonly findings: Finding[];
  /** Rules that threw (a shipshape bug): reported, never fatal for the rest of the run. */
  readonly errors: RuleError[];
  constructor(
    readonly project: Project,
    readonly rules: readonly Rule[],
    readonly config: Config = DEFAULT_CONFIG,
    readonly only?: ReadonlySet<string>,
  ) {
    const result = runRules(project, {rules, config, only});
    this.findings = result.findings;
    this.errors = result.errors;
  }

  /** Plans the accepted fixes and ignore pragmas. */
  preview(choices: Choices): Plan {
    return plan(this.project, this.planOptions(choices));
  }

  /**
   * The plan of `choices` continued from `base`, a plan of choices that `choices` hold (the
   * wizard's one more accepted fix, or one more group): only the new fixes are planned, on top of
   * base's texts. Fixes that insert at one place may land in another order than `preview` would
   * put them (base's first): PlanCache.plan, not this, is what gets written.
   */
  extend(base: Plan, choices: Choices): Plan {
    return extendPlan(base, this.planOptions(choices));
  }

  private planOptions(choices: Choices): PlanOptions {
    return {
      rules: this.rules,
      config: this.config,
      only: this.only,
      findings: this.findings,
      select: (f) => choices.accepted.get(f.fingerprint) ?? (choices.ignored.has(f.fingerprint) ? {} : null),
      fixOf: (f, project) => {
        if (!choices.ignored.has(f.fingerprint)) return f.fix;
        const source = project.get(f.path);
        if (!source || ('json' in source && source.json)) return null;
        return ignorePragmaFix(source, f.rule, pragmaTargetLine(source, f.start), choices.reasons?.get(f.fingerprint));
      },
    };
  }

  /**
   * Plans every fix a predicate selects, including findings that earlier fixes bring up (a
   * secret moved to a secretKeyRef is then mounted as a file): what `fix --write` does.
   */
  fixWhere(select: (finding: Finding) => ParamValues | null): Plan {
    return plan(this.project, {rules: this.rules, config: this.config, only: this.only, findings: this.findings, select});
  }

  /** True when a finding can be ignored with an inline pragma (JSON has no comments). */
  canIgnore(finding: Finding): boolean {
    const source = this.project.get(finding.path);
    return Boolean(source && !('json' in source && source.json));
  }
}

/** What each finding takes off a file's 100 (the wizard's `?` on the overview says it). */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = {info: 1, low: 3, medium: 8, high: 15, critical: 25};

/** A 0–100 hardening score for a file from its findings (100 = nothing found). */
export function hardeningScore(findings: readonly Finding[]): number {
  const penalty = findings.reduce((sum, f) => sum + SEVERITY_WEIGHT[f.severity], 0);
  return Math.max(0, 100 - penalty);
}

export function countBySeverity(findings: readonly Finding[]): Partial<Record<Severity, number>> {
  const counts: Partial<Record<Severity, number>> = {};
  for (const f of [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))) {
    counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  }
  return counts;
}
