/** `shipshape rules --standard NAME`: which controls of a standard the rules cover, and which they do not. */
import type {Coverage} from '../knowledge/standards/coverage.js';
import type {Palette} from './color.js';

export function coverageText(cov: Coverage, c: Palette): string {
  const {standard} = cov;
  const out: string[] = [];
  out.push(`${c.bold(standard.title)} — ${standard.document}, ${standard.version}`);
  out.push(`${cov.covered}/${cov.inScope.length} controls a repository's files decide are covered (${sections(cov).join(', ')})${cov.outOfScope.length ? `; ${cov.outOfScope.length} more are about the host, daemon or cluster (listed last)` : ''}.`);
  out.push('');
  const width = Math.max(...standard.controls.map((x) => x.id.length));
  for (const {control, rules} of cov.inScope) {
    const mark = rules.length > 0 ? c.bold('✓') : c.dim('✗');
    out.push(`${mark} ${control.id.padEnd(width)}  ${control.title}${rules.length ? c.dim(`  ${rules.join(' ')}`) : c.dim('  not covered')}`);
  }
  const missing = cov.inScope.filter((x) => x.rules.length === 0);
  if (missing.length > 0) {
    out.push('');
    out.push(`Not covered: ${missing.map((x) => x.control.id).join(', ')}`);
  }
  if (cov.outOfScope.length > 0) {
    out.push('');
    out.push(c.dim('Out of scope for a configuration linter:'));
    for (const control of cov.outOfScope) out.push(c.dim(`- ${control.id.padEnd(width)}  ${control.title}: ${control.why}`));
  }
  out.push('');
  out.push(c.dim(`Sources: ${standard.sources.join('; ')}`));
  return `${out.join('\n')}\n`;
}

/** Per section of the document (`§4 12/12`, `baseline 12/12`): the part of an id before its first `.` or `/`. */
function sections(cov: Coverage): string[] {
  const by = new Map<string, {covered: number; all: number}>();
  for (const {control, rules} of cov.inScope) {
    const key = /^[^./]+/.exec(control.id)![0];
    const s = by.get(key) ?? by.set(key, {covered: 0, all: 0}).get(key)!;
    s.all++;
    if (rules.length > 0) s.covered++;
  }
  return [...by].map(([key, s]) => `${/^\d+$/.test(key) ? '§' : ''}${key} ${s.covered}/${s.all}`);
}

export function coverageJson(list: readonly Coverage[]): string {
  return `${JSON.stringify(
    list.map((cov) => ({
      standard: cov.standard.id,
      title: cov.standard.title,
      document: cov.standard.document,
      version: cov.standard.version,
      sources: cov.standard.sources,
      covered: cov.covered,
      inScope: cov.inScope.length,
      controls: cov.inScope.map(({control, rules}) => ({id: control.id, title: control.title, rules, ...(control.check ? {check: control.check} : {})})),
      outOfScope: cov.outOfScope.map((control) => ({id: control.id, title: control.title, why: control.why})),
    })),
    null,
    2,
  )}\n`;
}

/** The Markdown table of the README: one row per standard. */
export function coverageMarkdown(list: readonly Coverage[]): string {
  const rows = list.map((cov) => {
    const missing = cov.inScope.filter((x) => x.rules.length === 0).map((x) => x.control.id);
    return `| ${cov.standard.title} (${cov.standard.version}) | ${cov.covered}/${cov.inScope.length} (${sections(cov).join(', ')}) | ${missing.length ? missing.join(', ') : '—'} | ${cov.outOfScope.length} |`;
  });
  return ['| standard | covered | not covered | out of scope (host, daemon, cluster) |', '|---|---|---|---|', ...rows].join('\n');
}
