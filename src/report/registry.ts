/**
 * Every output format of `check`: a format is one file in src/report/ plus one line here.
 * `--format` validation, the help text and the dispatch in cli/commands.ts derive from this list.
 * Reporters load lazily, so parsing arguments loads none of them.
 */
import type {Rule} from '../core/rule.js';
import type {ReportRoot} from './ci-common.js';
import type {Palette} from './color.js';
import type {Report} from './model.js';

export interface ReportOptions {
  /** The rules that ran, for formats that describe them (SARIF, JUnit); findings of others get a minimal entry. */
  rules?: readonly Rule[];
  /** shipshape's version, for formats that name the tool's. */
  version?: string;
  /** Colours for the human format (none when left out). */
  palette?: Palette;
  /** Less output: the human format leaves out the advice. */
  quiet?: boolean;
  /** Where paths start for formats that CI matches to files from the repository root (SARIF, GitLab). */
  root?: ReportRoot;
}

/** One signature for every format: the report and the options in, the whole text out. */
export type Reporter = (report: Report, options?: ReportOptions) => string;

export interface ReportFormat {
  name: string;
  /** What the format is for, in a few words (the help text). */
  summary: string;
  load(): Promise<Reporter>;
}

export const REPORT_FORMATS = [
  {name: 'text', summary: 'findings grouped by file, then a summary (default)', load: async () => (await import('./text.js')).textReport},
  {name: 'json', summary: 'findings as JSON (a stable contract, version 1)', load: async () => (await import('./json.js')).jsonReport},
  {name: 'sarif', summary: 'SARIF 2.1.0 for code scanning', load: async () => (await import('./sarif.js')).sarifReport},
  {name: 'junit', summary: 'JUnit XML for CI test views', load: async () => (await import('./junit.js')).junitReport},
  {name: 'gitlab', summary: 'GitLab Code Quality', load: async () => (await import('./gitlab.js')).gitlabReport},
] as const satisfies readonly ReportFormat[];

export type Format = (typeof REPORT_FORMATS)[number]['name'];
export const FORMATS: readonly Format[] = REPORT_FORMATS.map((f) => f.name);

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

export function reporterFor(format: Format): Promise<Reporter> {
  return REPORT_FORMATS.find((f) => f.name === format)!.load();
}
