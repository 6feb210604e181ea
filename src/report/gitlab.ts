/**
 * `check --format gitlab`: GitLab's Code Quality report (a subset of the Code Climate issue
 * format): an array of {description, check_name, fingerprint, severity, location}. Pure.
 */
import type {Severity} from '../core/model.js';
import {fromRoot, safeText} from './ci-common.js';
import type {Report, ReportOptions} from './model.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export function codeQualitySeverity(severity: Severity): CodeQualitySeverity {
  const map: Record<Severity, CodeQualitySeverity> = {info: 'info', low: 'minor', medium: 'major', high: 'critical', critical: 'blocker'};
  return map[severity];
}

/**
 * A stable 128-bit hash as 32 hex digits (the shape of the MD5 GitLab's docs suggest), built from
 * four FNV-1a style 32-bit lanes. Not cryptographic: it only has to be stable and spread well.
 */
export function hash128(text: string): string {
  const seeds = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b];
  const primes = [0x01000193, 0x5bd1e995, 0x27d4eb2f, 0x165667b1];
  const h = [...seeds];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (let k = 0; k < 4; k++) h[k] = Math.imul(h[k]! ^ c, primes[k]!) >>> 0;
  }
  // Final avalanche so short inputs that differ in one character differ in every lane.
  for (let k = 0; k < 4; k++) {
    let x = (h[k]! ^ text.length ^ (h[(k + 1) % 4]! >>> 7)) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    h[k] = (x ^ (x >>> 16)) >>> 0;
  }
  return h.map((x) => x.toString(16).padStart(8, '0')).join('');
}

/** `root`: paths become relative to the repository root, as GitLab matches them to files. */
export function gitlabReport(report: Report, options: ReportOptions = {}): string {
  const issues = report.findings.map((f) => ({
    type: 'issue',
    description: `${f.rule} ${safeText(f.message, f)}`,
    check_name: `${f.rule} ${f.name}`,
    fingerprint: hash128(`shipshape/v1\u0000${f.fingerprint}`),
    severity: codeQualitySeverity(f.severity),
    categories: ['Security'],
    location: {path: fromRoot(f.path, options.root), lines: {begin: f.line, end: f.endLine}},
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
