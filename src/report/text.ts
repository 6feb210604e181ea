import type {Finding, Severity} from '../core/model.js';
import {CERTAINTY_LABEL, SEVERITIES} from '../core/model.js';
import type {Report, ReportOptions} from './model.js';
import {palette, type Palette} from './color.js';

/** The human report: findings grouped by file (ESLint's "stylish"), then a summary. */
export function textReport(report: Report, options: ReportOptions = {}): string {
  const c = options.palette ?? palette(false);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) (byFile.get(f.path) ?? byFile.set(f.path, []).get(f.path)!).push(f);
  for (const [path, findings] of byFile) {
    out.push(c.bold(c.cyan(path)));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(7);
      const fix = f.fix ? c.dim(f.fix.needsInput?.length ? ' (fix needs input)' : ` (fix: ${f.fix.safety})`) : '';
      const sure = f.certainty ? c.dim(` [${CERTAINTY_LABEL[f.certainty]}]`) : '';
      out.push(`  ${c.dim(where)} ${colorSeverity(f.severity, c).padEnd(c.enabled ? 18 : 8)} ${c.bold(f.rule)}  ${f.message}${sure}${fix}`);
      if (f.advice && !options.quiet) {
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
    const safe = report.findings.filter((f) => f.fix?.safety === 'safe' && !f.fix.needsInput?.length).length;
    const unsafe = report.findings.filter((f) => f.fix?.safety === 'unsafe' && !f.fix.needsInput?.length).length;
    if (safe > 0) out.push(`  ${safe} fixable with \`shipshape fix --write\``);
    if (unsafe > 0) out.push(`  ${unsafe} more with \`shipshape fix --write --unsafe\` (review them first: \`shipshape fix --diff --unsafe\`, or the wizard: \`shipshape\`)`);
  }
  return `${out.join('\n')}\n`;
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
