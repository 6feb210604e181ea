import type {FindingDraft, Kind, Safety, Severity} from './model.js';
import {KINDS, SEVERITIES} from './model.js';
import type {SourceOfKind} from './source.js';
import type {Project} from './project.js';

export interface RuleContext {
  project: Project;
  /** A fix parameter's default: `.shipshape.yaml` `defaults:` first, then DESIGN §3. */
  param(name: string): string;
}

export interface Rule<K extends Kind = Kind> {
  id: string;
  name: string;
  kind: K;
  /** Shown instead of `kind` in listings, for engine rules that apply to every kind (S001). */
  kindLabel?: string;
  severity: Severity;
  title: string;
  /** Markdown with the headings What it does / Why it matters / Example / Use instead / Fix safety / References. */
  docs: string;
  /** Equivalent checks of peers: `hadolint:DL3002`, `checkov:CKV_DOCKER_3`, `kics:<uuid>`, … */
  references: readonly string[];
  /**
   * The safety of every fix the rule yields, or null where it only gives guidance. A rule has one
   * safety: `shipshape rules`, `fix --write` and the docs promise it for each finding. Where some
   * cases could be fixed safely and others only at a risk, they are two rules, not one rule that
   * says `unsafe` and sometimes means `safe`. The engine enforces this (engine.ts, contractBreach).
   */
  fix: Safety | null;
  /** True when the fix may need a value only a person can give (image tag, healthcheck command). */
  needsInput?: boolean;
  check(source: SourceOfKind<K>, ctx: RuleContext): Iterable<FindingDraft>;
}

export const DOC_HEADINGS = ['What it does', 'Why it matters', 'Example', 'Use instead', 'Fix safety', 'References'] as const;

/** Validates a rule's metadata; throws with an exact message for a rule bug. */
export function defineRule<K extends Kind>(rule: Rule<K>): Rule<K> {
  const where = `rule ${rule.id || '(no id)'}`;
  if (!/^[A-Z]\d{3}$/.test(rule.id)) throw new TypeError(`${where}: id must look like D101`);
  if (!/^[a-z][a-z0-9-]*$/.test(rule.name)) throw new TypeError(`${where}: name must be kebab-case`);
  if (!KINDS.includes(rule.kind)) throw new TypeError(`${where}: unknown kind ${String(rule.kind)}`);
  if (!SEVERITIES.includes(rule.severity)) throw new TypeError(`${where}: unknown severity ${String(rule.severity)}`);
  if (rule.fix !== null && rule.fix !== 'safe' && rule.fix !== 'unsafe') throw new TypeError(`${where}: fix safety must be safe, unsafe or null`);
  if (!rule.title) throw new TypeError(`${where}: title is required`);
  for (const heading of DOC_HEADINGS) {
    if (!new RegExp(`^#+ ${heading}`, 'm').test(rule.docs)) throw new TypeError(`${where}: docs lack the heading "${heading}"`);
  }
  for (const ref of rule.references) {
    if (!/^[a-z-]+:\S+/.test(ref)) throw new TypeError(`${where}: reference "${ref}" must look like tool:ID`);
  }
  return rule;
}
