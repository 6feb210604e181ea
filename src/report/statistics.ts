import {compareIds, type Finding} from '../core/model.js';
import type {Report} from './model.js';
import type {Palette} from './color.js';
import {palette as plainPalette} from './color.js';

export interface RuleCount {
  rule: string;
  name: string;
  count: number;
  /** How many of them `fix --write` fixes (safe), how many more with --unsafe, and how many have a fix that waits for a value or confirmation (the wizard). */
  fixable: {safe: number; unsafe: number; needsInput: number};
}

const fixableWith = (f: Finding, safety: 'safe' | 'unsafe'): boolean => f.fix?.safety === safety && !f.fix.needsInput?.length;

/** A count per rule, most frequent first (ties by rule id). */
export function countByRule(findings: readonly Finding[]): RuleCount[] {
  const counts = new Map<string, RuleCount>();
  for (const f of findings) {
    const entry = counts.get(f.rule) ?? counts.set(f.rule, {rule: f.rule, name: f.name, count: 0, fixable: {safe: 0, unsafe: 0, needsInput: 0}}).get(f.rule)!;
    entry.count++;
    if (fixableWith(f, 'safe')) entry.fixable.safe++;
    if (fixableWith(f, 'unsafe')) entry.fixable.unsafe++;
    if (f.fix?.needsInput?.length) entry.fixable.needsInput++;
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || compareIds(a.rule, b.rule));
}

/** `check --statistics` (Ruff's habit): one line per rule with its count, instead of the findings. */
export function statisticsReport(report: Report, format: 'text' | 'json', c: Palette = plainPalette(false)): string {
  const rows = countByRule(report.findings);
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (rows.length === 0) return c.green(`✔ No findings in ${report.files.length} file${report.files.length === 1 ? '' : 's'}.\n`);
  const width = String(rows[0]!.count).length;
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map((r) => {
    const label = {safe: 'safe', unsafe: 'unsafe', needsInput: 'needs input'} as const;
    const parts = (['safe', 'unsafe', 'needsInput'] as const).filter((s) => r.fixable[s] > 0).map((s) => (r.fixable[s] === r.count ? label[s] : `${r.fixable[s]} ${label[s]}`));
    const fix = parts.length > 0 ? `[fix: ${parts.join(', ')}]` : '';
    return `${String(r.count).padStart(width)}  ${c.bold(r.rule)}  ${r.name.padEnd(nameWidth)}  ${c.dim(fix)}`.trimEnd();
  });
  const total = report.findings.length;
  return `${lines.join('\n')}\n${c.bold(`${total} finding${total === 1 ? '' : 's'} of ${rows.length} rule${rows.length === 1 ? '' : 's'}`)}\n`;
}
