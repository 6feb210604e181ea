/**
 * What the CI report formats (SARIF, JUnit, GitLab Code Quality) share: their input, the rule
 * metadata of every reported finding, and the defensive masking of secret values.
 */
import {compareIds, type Finding, type Severity} from '../core/model.js';
import type {Rule} from '../core/rule.js';
import {posix} from 'node:path';
import {maskSecrets} from '../knowledge/secrets.js';
import {ruleDocs} from './docs.js';

/** The rule metadata a report needs; findings of rules not in the list (E001) get a minimal entry. */
export interface ReportRule {
  id: string;
  name: string;
  severity: Severity;
  title: string;
  docs: string;
  kind: string;
  references: readonly string[];
  /** Controls of the standards the rule implements (`cis-docker:5.12`). */
  controls?: readonly string[];
}

export function rulesForReport(findings: readonly Finding[], rules: readonly Rule[] = []): ReportRule[] {
  const byId = new Map<string, ReportRule>();
  for (const r of rules) byId.set(r.id, {id: r.id, name: r.name, severity: r.severity, title: r.title, docs: ruleDocs(r), kind: r.kind, references: r.references, ...(r.controls?.length ? {controls: r.controls} : {})});
  const used = new Map<string, ReportRule>();
  for (const f of findings) {
    if (used.has(f.rule)) continue;
    used.set(f.rule, byId.get(f.rule) ?? {id: f.rule, name: f.name, severity: f.severity, title: f.name.replace(/-/g, ' '), docs: '', kind: 'any', references: f.references});
  }
  // Every rule that ran is listed (tools such as GitHub code scanning show rules without results too).
  for (const r of byId.values()) if (!used.has(r.id)) used.set(r.id, r);
  return [...used.values()].sort((a, b) => compareIds(a.id, b.id));
}

/** A finding's text with any secret value it is about replaced by the mask (messages never carry one; this keeps it so). */
export function safeText(text: string, finding: Finding): string {
  return finding.secrets.length > 0 ? maskSecrets(text, finding.secrets) : text;
}

/**
 * A docs section as plain text, whole: up to the next heading or the end of the docs (not the
 * first line end, which `$` with the m flag would be). Lines of a paragraph are joined; paragraphs
 * stay apart.
 */
export function docsSection(docs: string, heading: string): string {
  // Sections are `##` headings; a `# comment` in a code block is not one.
  const m = new RegExp(`^##+ ${heading}[ \\t]*\\n([\\s\\S]*?)(?=\\n##+ |(?![\\s\\S]))`, 'm').exec(docs);
  if (!m) return '';
  return m[1]!
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .join('\n\n');
}

/**
 * Where CI reports anchor paths: the repository root (as a file URI ending in `/`) and the working
 * directory relative to it ('' when they are the same). Code scanning and GitLab match findings
 * to files by their path from the repository root, whichever folder shipshape ran in.
 */
export interface ReportRoot {
  uri: string;
  cwd: string;
}

/** A working-directory-relative path as a path from the root (stdin's `-` stays as it is). */
export function fromRoot(path: string, root: ReportRoot | undefined): string {
  if (!root || !root.cwd || path === '-') return path;
  return posix.normalize(`${root.cwd}/${path}`);
}
