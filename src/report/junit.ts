/**
 * `check --format junit`: JUnit XML as CI servers read it (GitLab, Jenkins, Azure DevOps). One
 * testsuite per file; each finding is a failed testcase; a file without findings is one passing
 * testcase. Pure: builds the text, writes nothing.
 */
import type {Finding} from '../core/model.js';
import {rulesForReport, safeText} from './ci-common.js';
import type {Report, ReportOptions} from './model.js';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (name: string, value: string | number) => `${name}="${xmlEscape(String(value))}"`;

export function junitReport(report: Report, options: ReportOptions = {}): string {
  const titles = new Map(rulesForReport(report.findings, options.rules).map((r) => [r.id, r.title]));
  const byPath = new Map<string, Finding[]>();
  for (const file of report.files) byPath.set(file.path, []);
  for (const f of report.findings) (byPath.get(f.path) ?? byPath.set(f.path, []).get(f.path)!).push(f);
  const paths = [...byPath.keys()].sort();
  const total = paths.reduce((n, p) => n + Math.max(1, byPath.get(p)!.length), 0);
  const failures = report.findings.length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attr('name', 'shipshape')} ${attr('tests', total)} ${attr('failures', failures)} ${attr('errors', 0)}>`];
  for (const path of paths) {
    const findings = byPath.get(path)!;
    lines.push(`  <testsuite ${attr('name', path)} ${attr('tests', Math.max(1, findings.length))} ${attr('failures', findings.length)} ${attr('errors', 0)} ${attr('skipped', 0)}>`);
    if (findings.length === 0) {
      lines.push(`    <testcase ${attr('name', 'shipshape')} ${attr('classname', path)} ${attr('file', path)}/>`);
    }
    for (const f of findings) {
      const name = `${f.rule} ${f.name} at ${f.line}:${f.column}`;
      const body = [
        `${f.path}:${f.line}:${f.column}: ${f.severity} ${f.rule} ${f.name}: ${safeText(f.message, f)}`,
        ...(titles.get(f.rule) ? [`Rule: ${titles.get(f.rule)}`] : []),
        ...(f.fix ? [`Fix (${f.fix.safety}): ${f.fix.title}`] : []),
        ...(f.advice ? [`Advice: ${safeText(f.advice, f)}`] : []),
      ].join('\n');
      lines.push(`    <testcase ${attr('name', name)} ${attr('classname', path)} ${attr('file', path)} ${attr('line', f.line)}>`);
      lines.push(`      <failure ${attr('message', safeText(f.message, f))} ${attr('type', `${f.rule} ${f.severity}`)}>${xmlEscape(body)}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
