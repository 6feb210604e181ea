import type {Severity} from '../core/model.js';
import {SEVERITIES} from '../core/model.js';
import {jsonParts, lazyArray} from './json-parts.js';
import type {Report} from './model.js';
import {countByRule} from './statistics.js';

/** `check --format json` (DESIGN §1). */
export function jsonReport(report: Report): string {
  return [...jsonReportParts(report)].join('');
}

/** The text of jsonReport in parts: each finding is made and written as its turn comes (issue 11: memory). */
export function jsonReportParts(report: Report): Iterable<string> {
  const bySeverity: Partial<Record<Severity, number>> = {};
  for (const s of [...SEVERITIES].reverse()) {
    const n = report.findings.filter((f) => f.severity === s).length;
    if (n > 0) bySeverity[s] = n;
  }
  const out = {
    version: 1,
    files: report.files.map((f) => ({path: f.path, kind: f.kind, error: f.error})),
    findings: lazyArray(report.findings, (f) => ({
      rule: f.rule,
      name: f.name,
      severity: f.severity,
      path: f.path,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      fingerprint: f.fingerprint,
      fix: f.fix ? {safety: f.fix.safety, title: f.fix.title, ...(f.fix.needsInput?.length ? {needsInput: [...f.fix.needsInput]} : {})} : null,
      ...(f.advice ? {advice: f.advice} : {}),
      ...(f.certainty ? {certainty: f.certainty} : {}),
      references: [...f.references],
    })),
    // The kind a skipped file carries is in its files[] entry (and its E001 finding).
    skipped: report.skipped.map((s) => ({path: s.path, reason: s.reason})),
    summary: {files: report.files.length, findings: report.findings.length, bySeverity, byRule: Object.fromEntries(countByRule(report.findings).map((r) => [r.rule, r.count]))},
  };
  return jsonParts(out);
}
