/**
 * Every output format of `check`: a format is one file in src/report/ plus one line here.
 * `--format` validation, the help text and the dispatch in cli/commands.ts derive from this list.
 * Reporters load lazily, so parsing arguments loads none of them.
 */
import type {Reporter} from './model.js';

export interface ReportFormat {
  name: string;
  /** What the format is for, in a few words (the help text). */
  summary: string;
  load(): Promise<Reporter>;
  /** The format describes every rule shipshape has, with findings or not (SARIF's tool.driver.rules): it is given all of them. */
  listsEveryRule?: boolean;
}

export const REPORT_FORMATS = [
  {name: 'text', summary: 'findings grouped by file, then a summary (default)', load: async () => (await import('./text.js')).textReport},
  {name: 'json', summary: 'findings as JSON (a stable contract, version 1)', load: async () => (await import('./json.js')).jsonReportParts},
  {name: 'sarif', summary: 'SARIF 2.1.0 for code scanning', load: async () => (await import('./sarif.js')).sarifReportParts, listsEveryRule: true},
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

export function listsEveryRule(format: Format): boolean {
  const found: ReportFormat = REPORT_FORMATS.find((f) => f.name === format)!;
  return found.listsEveryRule === true;
}
