import type {Finding, Kind, Severity} from '../core/model.js';
import type {SkippedFile} from '../core/project.js';
import type {Project} from '../core/project.js';

export interface ReportFile {
  path: string;
  kind: Kind;
  /** `line N: message` when the file could not be parsed, else null. */
  error: string | null;
}

/** What every output format renders. */
export interface Report {
  files: ReportFile[];
  findings: Finding[];
  skipped: SkippedFile[];
}

/** Parse failures become findings of E001 so every format (and --fail-on) sees them. */
export const PARSE_ERROR_RULE = {id: 'E001', name: 'parse-error', severity: 'high' as Severity};

export function buildReport(project: Project, findings: readonly Finding[]): Report {
  const files: ReportFile[] = [
    ...project.sources.map((s) => ({path: s.path, kind: s.kind as Kind, error: null})),
    ...project.failures.map((f) => ({path: f.path, kind: f.kind, error: `line ${f.line}: ${f.message}`})),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parseErrors: Finding[] = project.failures.map((f) => ({
    rule: PARSE_ERROR_RULE.id,
    name: PARSE_ERROR_RULE.name,
    severity: PARSE_ERROR_RULE.severity,
    path: f.path,
    line: f.line,
    column: 1,
    endLine: f.line,
    endColumn: 1,
    start: 0,
    end: 0,
    message: `Cannot parse this ${f.kind === 'dockerfile' ? 'Dockerfile' : f.kind === 'compose' ? 'Compose file' : f.kind === 'kubernetes' ? 'manifest' : 'pipeline'}: ${f.message}`,
    fingerprint: `E001:${f.path}`,
    fix: null,
    references: [],
    secrets: [],
  }));
  const all = [...findings, ...parseErrors].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule)));
  return {files, findings: all, skipped: [...project.skipped]};
}
