import type {Finding, Severity} from '../core/model.js';
import {CERTAINTY_LABEL, SEVERITIES} from '../core/model.js';
import type {Report, ReportOptions} from './model.js';
import {palette, type Palette} from './color.js';
import {countByRule} from './statistics.js';

/**
 * The human report: findings grouped by file (ESLint's "stylish"), then a summary with a count
 * per rule. A rule's advice follows its first finding only (again where it says something else),
 * unless `verbose`; `quiet` prints only the finding lines, each with its path (grep-able).
 */
export function textReport(report: Report, options: ReportOptions = {}): string {
  const c = options.palette ?? palette(false);
  if (options.quiet) return report.findings.map((f) => `${c.cyan(f.path)}:${f.line}:${f.column}: ${findingLine(f, c)}\n`).join('');
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) (byFile.get(f.path) ?? byFile.set(f.path, []).get(f.path)!).push(f);
  const adviceGiven = new Set<string>();
  for (const [path, findings] of byFile) {
    out.push(c.bold(c.cyan(path)));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(7);
      out.push(`  ${c.dim(where)} ${findingLine(f, c)}`);
      const said = `${f.rule}\n${f.advice}`;
      if (f.advice && (options.verbose || !adviceGiven.has(said))) {
        adviceGiven.add(said);
        const pad = ' '.repeat(18);
        out.push(...`→ ${f.advice}`.split('\n').map((line, i) => `${pad}${i === 0 ? '' : '  '}${c.dim(line)}`));
      }
    }
    out.push('');
  }
  if (report.findings.length === 0) {
    out.push(c.green(`✔ No findings in ${report.files.length} file${report.files.length === 1 ? '' : 's'}.`));
  } else {
    const counts = [...SEVERITIES]
      .reverse()
      .map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    const files = byFile.size;
    out.push(c.bold(`✖ ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${counts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}`));
    out.push(...wrap(countByRule(report.findings).map((r) => `${r.rule} ${r.name} ${r.count}`), '  by rule: ', 100).map((l) => c.dim(l)));
    const safe = report.findings.filter((f) => f.fix?.safety === 'safe' && !f.fix.needsInput?.length).length;
    const unsafe = report.findings.filter((f) => f.fix?.safety === 'unsafe' && !f.fix.needsInput?.length).length;
    if (safe > 0) out.push(`  ${safe} fixable with \`shipshape fix --write\``);
    if (unsafe > 0) out.push(`  ${unsafe} more with \`shipshape fix --write --unsafe\` (review them first: \`shipshape fix --diff --unsafe\`, or the wizard: \`shipshape\`)`);
  }
  return `${out.join('\n')}\n`;
}

/** severity, rule, message and fix of one finding. */
function findingLine(f: Finding, c: Palette): string {
  const fix = f.fix ? c.dim(f.fix.needsInput?.length ? ' (fix needs input)' : ` (fix: ${f.fix.safety})`) : '';
  const sure = f.certainty ? c.dim(` [${CERTAINTY_LABEL[f.certainty]}]`) : '';
  return `${colorSeverity(f.severity, c).padEnd(c.enabled ? 18 : 8)} ${c.bold(f.rule)}  ${f.message}${sure}${fix}`;
}

/** Comma-separated items on lines of at most `width` characters, the first after `lead`. */
function wrap(items: readonly string[], lead: string, width: number): string[] {
  const lines: string[] = [];
  let line = lead;
  for (const [i, item] of items.entries()) {
    const piece = `${item}${i < items.length - 1 ? ',' : ''}`;
    if (line.trim() !== lead.trim() && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = ' '.repeat(lead.length) + piece;
    } else line += (line.endsWith(' ') ? '' : ' ') + piece;
  }
  lines.push(line);
  return lines;
}

function colorSeverity(s: Severity, c: Palette): string {
  switch (s) {
    case 'critical':
      return c.bold(c.magenta(s));
    case 'high':
      return c.red(s);
    case 'medium':
      return c.yellow(s);
    case 'low':
      return c.cyan(s);
    default:
      return c.dim(s);
  }
}
