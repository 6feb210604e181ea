import {compareIds, type Finding, type Kind, type Severity} from '../core/model.js';
import type {SkippedFile} from '../core/project.js';
import type {Project} from '../core/project.js';
import type {Rule} from '../core/rule.js';
import type {ReportRoot} from './ci-common.js';
import type {Palette} from './color.js';

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

export interface ReportOptions {
  /** The rules that ran, for formats that describe them (SARIF, JUnit); findings of others get a minimal entry. */
  rules?: readonly Rule[];
  /** shipshape's version, for formats that name the tool's. */
  version?: string;
  /** Colours for the human format (none when left out). */
  palette?: Palette;
  /** Less output: the human format prints only the finding lines. */
  quiet?: boolean;
  /** The human format repeats a rule's advice after each of its findings. */
  verbose?: boolean;
  /** Where paths start for formats that CI matches to files from the repository root (SARIF, GitLab). */
  root?: ReportRoot;
}

/**
 * One signature for every format: the report and the options in, the text out: whole, or in parts
 * written as they come (JSON and SARIF, whose text grows with the findings).
 */
export type Reporter = (report: Report, options?: ReportOptions) => string | Iterable<string>;

/** A reporter's text whole (for a caller that needs it as one string). */
export function wholeText(text: string | Iterable<string>): string {
  return typeof text === 'string' ? text : [...text].join('');
}

/**
 * Parse failures, and files of a known kind that could not be read at all (binary, UTF-16, too
 * large), become findings of E001 so every format (and --fail-on) sees them.
 */
export const PARSE_ERROR_RULE = {id: 'E001', name: 'parse-error', severity: 'high' as Severity};

export function buildReport(project: Project, findings: readonly Finding[]): Report {
  const unreadable = project.skipped.filter((s): s is SkippedFile & {kind: Kind} => s.kind !== undefined);
  const files: ReportFile[] = [
    ...project.sources.map((s) => ({path: s.path, kind: s.kind as Kind, error: null})),
    ...project.failures.map((f) => ({path: f.path, kind: f.kind, error: `line ${f.line}: ${f.message}`})),
    ...unreadable.map((s) => ({path: s.path, kind: s.kind, error: `cannot read: ${s.reason}`})),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const failures = [
    ...project.failures.map((f) => ({path: f.path, line: f.line, message: `Cannot parse this ${kindName(f.kind)}: ${f.message}`})),
    ...unreadable.map((s) => ({path: s.path, line: 1, message: `Cannot read this ${kindName(s.kind)}: ${s.reason}`})),
  ];
  const parseErrors: Finding[] = failures.map((f) => ({
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
    message: f.message,
    fingerprint: `E001:${f.path}`,
    fix: null,
    references: [],
    secrets: [],
    secretLines: [],
  }));
  const all = [...findings, ...parseErrors].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || compareIds(a.rule, b.rule)));
  return {files, findings: all, skipped: [...project.skipped]};
}

function kindName(kind: Kind): string {
  return kind === 'dockerfile' ? 'Dockerfile' : kind === 'compose' ? 'Compose file' : kind === 'kubernetes' ? 'manifest' : 'pipeline';
}
