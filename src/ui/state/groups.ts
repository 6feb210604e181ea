/**
 * How the wizard gathers findings on a real repository: by rule, by file, by service or workload,
 * with the user's filter applied, and findings that one edit fixes (services inheriting one
 * anchor) folded into one item. Pure selectors over the findings.
 */
import type {Finding, Kind, Severity} from '../../core/model.js';
import {KINDS, SEVERITIES, severityRank} from '../../core/model.js';

/** What the overview shows: findings at or above a severity, of one kind, of one rule (null: any). */
export interface Filter {
  severity: Severity | null;
  kind: Kind | null;
  rule: string | null;
}

export const NO_FILTER: Filter = {severity: null, kind: null, rule: null};

export function isFiltered(filter: Filter): boolean {
  return filter.severity !== null || filter.kind !== null || filter.rule !== null;
}

export function matchesFilter(filter: Filter, finding: Finding, kindOf: (path: string) => Kind | undefined): boolean {
  if (filter.severity && severityRank(finding.severity) < severityRank(filter.severity)) return false;
  if (filter.kind && kindOf(finding.path) !== filter.kind) return false;
  if (filter.rule && finding.rule !== filter.rule) return false;
  return true;
}

/** The filter in words, for the overview's top line. */
export function describeFilter(filter: Filter): string {
  const parts = [
    ...(filter.severity ? [`${filter.severity} and above`] : []),
    ...(filter.kind ? [filter.kind] : []),
    ...(filter.rule ? [filter.rule] : []),
  ];
  return parts.length ? parts.join(' · ') : 'everything';
}

/** The filter's rows and the values each can take (the first: any). */
export function filterChoices(findings: readonly Finding[]): {severity: Array<Severity | null>; kind: Array<Kind | null>; rule: Array<string | null>} {
  return {
    severity: [null, ...SEVERITIES.filter((s) => s !== 'info')],
    kind: [null, ...KINDS],
    rule: [null, ...[...new Set(findings.map((f) => f.rule))].sort()],
  };
}

/**
 * The service or workload a finding is about, from its fingerprint's locator
 * (`services.web.user` → web, `Deployment/api > containers[api]` → Deployment/api); null for
 * findings about a whole file (a Dockerfile's stage, a pipeline).
 */
export function unitOf(finding: Finding): string | null {
  const prefix = `${finding.rule}:${finding.path}:`;
  const locator = finding.fingerprint.startsWith(prefix) ? finding.fingerprint.slice(prefix.length) : '';
  const service = /^services\.([^.\s>[\]]+)/.exec(locator);
  if (service) return service[1]!;
  const workload = /^([A-Z][A-Za-z]+\/[^\s>]+)/.exec(locator);
  return workload ? workload[1]! : null;
}

/**
 * Findings whose fixes make the very same edits (one edit on an anchor that several services
 * inherit): each such set as representative → every member (the representative first). Findings
 * whose fixes edit nothing yet (a value still needed) stay on their own, and so do those not
 * reached within `budgetMs`.
 */
export function sameEditSets(findings: readonly Finding[], budgetMs = Number.POSITIVE_INFINITY, now: () => number = () => performance.now()): Map<string, string[]> {
  const byEdit = new Map<string, string[]>();
  // Only a rule with several findings in one file can share an edit there.
  const perFile = new Map<string, number>();
  for (const f of findings) if (f.fix) perFile.set(`${f.rule}\n${f.path}`, (perFile.get(`${f.rule}\n${f.path}`) ?? 0) + 1);
  // Building edits is the planner's work and some are slow (limits read the file's style): past
  // the budget the rest stay single items, decided one by one as before.
  const start = now();
  for (const f of findings) {
    if (!f.fix || (perFile.get(`${f.rule}\n${f.path}`) ?? 0) < 2) continue;
    if (now() - start > budgetMs) break;
    let key: string;
    try {
      const edits = f.fix.edits(Object.fromEntries(f.fix.params.map((p) => [p.name, p.default])));
      if (edits.length === 0) continue;
      key = `${f.rule}\n${JSON.stringify(edits)}`;
    } catch {
      continue;
    }
    (byEdit.get(key) ?? byEdit.set(key, []).get(key)!).push(f.fingerprint);
  }
  return new Map([...byEdit.values()].filter((set) => set.length > 1).map((set) => [set[0]!, set]));
}

/** What a set of findings is about, counted: "58 services", "3 workloads", "2 files". */
export function extentOf(findings: readonly Finding[]): string {
  const units = new Set(findings.map((f) => unitOf(f)));
  const files = new Set(findings.map((f) => f.path));
  if (!units.has(null)) {
    const workloads = [...units].every((u) => u!.includes('/'));
    const n = new Set(findings.map((f) => `${f.path}\n${unitOf(f)}`)).size;
    return `${n} ${workloads ? 'workload' : 'service'}${n === 1 ? '' : 's'}`;
  }
  return `${files.size} file${files.size === 1 ? '' : 's'}`;
}
