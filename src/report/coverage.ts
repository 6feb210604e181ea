/** `shipshape rules --standard NAME`: which controls of a standard the rules cover, and which they do not. */
import type {Coverage} from '../knowledge/standards/coverage.js';
import type {Palette} from './color.js';

export function coverageText(cov: Coverage, c: Palette): string {
  const {standard} = cov;
  const out: string[] = [];
  out.push(`${c.bold(standard.title)} — ${standard.document}, ${standard.version}`);
  out.push(`${cov.covered}/${cov.inScope.length} controls a repository's files decide are covered ${breakdown(cov)}${cov.outOfScope.length ? `; ${cov.outOfScope.length} more are about the host, daemon or cluster (listed last)` : ''}.`);
  out.push('');
  const width = Math.max(...standard.controls.map((x) => x.id.length));
  for (const {control, rules} of cov.inScope) {
    const partly = rules.length > 0 && control.partly;
    const mark = partly ? c.bold('◐') : rules.length > 0 ? c.bold('✓') : c.dim('✗');
    out.push(`${mark} ${control.id.padEnd(width)}  ${control.title}${rules.length ? c.dim(`  ${rules.join(' ')}`) : c.dim('  not covered')}`);
    if (partly) out.push(c.dim(`  ${' '.repeat(width)}  partly: ${control.partly}`));
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

/** What follows a count: `(baseline 12/12, restricted 7/7)`, or with partial controls `(5 partial; §4 12/12, 4 partial; §5 28/28, 1 partial)`. */
function breakdown(cov: Coverage): string {
  const parts = sections(cov);
  return cov.partial > 0 ? `(${cov.partial} partial; ${parts.join('; ')})` : `(${parts.join(', ')})`;
}

/** The ids of the controls covered only partly. */
function partialIds(cov: Coverage): string[] {
  return cov.inScope.filter((x) => x.rules.length > 0 && x.control.partly).map((x) => x.control.id);
}

/** Per section of the document (`§4 12/12`, `baseline 12/12`): the part of an id before its first `.` or `/`. */
function sections(cov: Coverage): string[] {
  const by = new Map<string, {covered: number; partial: number; all: number}>();
  for (const {control, rules} of cov.inScope) {
    const key = /^[^./]+/.exec(control.id)![0];
    const s = by.get(key) ?? by.set(key, {covered: 0, partial: 0, all: 0}).get(key)!;
    s.all++;
    if (rules.length > 0) s.covered++;
    if (rules.length > 0 && control.partly) s.partial++;
  }
  return [...by].map(([key, s]) => `${/^\d+$/.test(key) ? '§' : ''}${key} ${s.covered}/${s.all}${s.partial ? `, ${s.partial} partial` : ''}`);
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
      partial: cov.partial,
      inScope: cov.inScope.length,
      controls: cov.inScope.map(({control, rules}) => ({id: control.id, title: control.title, rules, ...(rules.length > 0 && control.partly ? {partly: control.partly} : {}), ...(control.check ? {check: control.check} : {})})),
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
    const partial = partialIds(cov);
    return `| ${cov.standard.title} (${cov.standard.version}) | ${cov.covered}/${cov.inScope.length} ${breakdown(cov)} | ${partial.length ? partial.join(', ') : '—'} | ${missing.length ? missing.join(', ') : '—'} | ${cov.outOfScope.length} |`;
  });
  return ['| standard | covered | partly covered (`shipshape rules --standard NAME` says how) | not covered | out of scope (host, daemon, cluster) |', '|---|---|---|---|---|', ...rows].join('\n');
}
