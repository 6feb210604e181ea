/**
 * `check --format sarif`: SARIF 2.1.0 (OASIS), as GitHub code scanning and other viewers read it.
 * Pure: builds the text, writes nothing.
 */
import type {Severity} from '../core/model.js';
import {docsSection, fromRoot, rulesForReport, safeText} from './ci-common.js';
import {plainLinks} from './docs.js';
import {jsonParts, lazyArray} from './json-parts.js';
import type {Report, ReportOptions} from './model.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'shipshape/v1';
const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

/** critical/high → error, medium → warning, low/info → note. */
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

/** GitHub code scanning reads `security-severity` (0.0–10.0) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = {critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0'};

/** A relative, `/`-separated path as a URI reference (spaces and other reserved characters escaped). */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** `options.root`: paths become relative to it, named as %SRCROOT% in originalUriBaseIds. */
export function sarifReport(report: Report, options: ReportOptions = {}): string {
  return [...sarifReportParts(report, options)].join('');
}

/** The text of sarifReport in parts: each result is made and written as its turn comes (issue 11: memory). */
export function sarifReportParts(report: Report, options: ReportOptions = {}): Iterable<string> {
  const listed = rulesForReport(report.findings, options.rules);
  const index = new Map(listed.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shipshape',
            ...(options.version ? {version: options.version, semanticVersion: options.version} : {}),
            rules: listed.map((r) => {
              const full = docsSection(r.docs, 'What it does') || r.title;
              return {
                id: r.id,
                name: r.name,
                shortDescription: {text: r.title},
                fullDescription: {text: full},
                ...(r.docs ? {help: {text: plainLinks(r.docs), markdown: r.docs}} : {}),
                defaultConfiguration: {level: sarifLevel(r.severity)},
                properties: {
                  // Controls as tags (`cis-docker:5.12`): code scanning filters and groups alerts by them.
                  tags: ['security', r.kind, ...(r.controls ?? [])],
                  precision: 'high',
                  'security-severity': SECURITY_SEVERITY[r.severity],
                  ...(r.references.length > 0 ? {references: [...r.references]} : {}),
                },
              };
            }),
          },
        },
        ...(options.root ? {originalUriBaseIds: {[SRCROOT]: {uri: options.root.uri, description: {text: 'The root of the repository checked'}}}} : {}),
        columnKind: 'utf16CodeUnits',
        results: lazyArray(report.findings, (f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule)!,
          level: sarifLevel(f.severity),
          message: {text: safeText(f.message, f)},
          locations: [
            {
              physicalLocation: {
                artifactLocation: {uri: pathToUri(fromRoot(f.path, options.root)), uriBaseId: SRCROOT},
                region: {startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn},
              },
            },
          ],
          partialFingerprints: {[FINGERPRINT_KEY]: f.fingerprint},
          properties: {
            severity: f.severity,
            fixable: f.fix !== null,
            ...(f.fix ? {fixSafety: f.fix.safety} : {}),
            ...(f.advice ? {advice: safeText(f.advice, f)} : {}),
            ...(f.certainty ? {certainty: f.certainty} : {}),
          },
        })),
      },
    ],
  };
  return jsonParts(sarif);
}
