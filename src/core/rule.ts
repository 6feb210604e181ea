import type {FindingDraft, FixParam, Kind, ProfileFact, Safety, Severity} from './model.js';
import {KINDS, SEVERITIES} from './model.js';
import {PARAM_CHECKS, type ParamName} from './params.js';
import type {Source, SourceOfKind} from './source.js';
import type {Project} from './project.js';
import type {Pragma} from './pragmas.js';

export interface RuleContext {
  project: Project;
  /** A fix parameter's default: `.shipshape.yaml` `defaults:` first, then DESIGN §3. */
  param(name: string): string;
}

/** A fix parameter whose default is the project's: `.shipshape.yaml` `defaults:` first, then DESIGN §3. */
export function param(ctx: RuleContext, name: string, label: string, validate?: (value: string) => string | null): FixParam {
  const check = validate ?? PARAM_CHECKS[name as ParamName];
  return {name, label, default: ctx.param(name), ...(check ? {validate: check} : {})};
}

/** What a rule checks: one kind of file, or `any` for a rule about the other rules' findings in every file. */
export type RuleKind = Kind | 'any';
const RULE_KINDS: readonly RuleKind[] = [...KINDS, 'any'];

/** What every rule declares, whatever it checks. */
interface RuleInfo {
  id: string;
  name: string;
  severity: Severity;
  title: string;
  /**
   * Markdown with exactly the WRITTEN_HEADINGS as `##` headings, in order. The References section
   * is not written: report/docs.ts generates it from `references` and `links`.
   */
  docs: string;
  /** Equivalent checks of peers: `hadolint:DL3002`, `checkov:CKV_DOCKER_3`, `kics:<uuid>`, … */
  references: readonly string[];
  /** Documentation worth reading, title -> https URL; listed under References after the peers. */
  links?: Readonly<Record<string, string>>;
  /** Further kinds of file the rule checks besides its own (`script` rules read CI `run:` steps too). */
  alsoReads?: readonly Kind[];
  /** Controls of the standards the rule implements: `cis-docker:5.12`, `pss:restricted/capabilities` (knowledge/standards). */
  controls?: readonly string[];
  /**
   * The safety of every fix the rule yields, or null where it only gives guidance. A rule has one
   * safety: `shipshape rules`, `fix --write` and the docs promise it for each finding. Where some
   * cases could be fixed safely and others only at a risk, they are two rules, not one rule that
   * says `unsafe` and sometimes means `safe`. The engine enforces this (engine.ts, contractBreach).
   */
  fix: Safety | null;
  /** True when the fix may need a value only a person can give (image tag, healthcheck command). */
  needsInput?: boolean;
  /** The image profile facts the rule reads, shown by `shipshape explain RULE --image IMAGE`. */
  profileFacts?: readonly ProfileFact[];
}

/** A rule that checks one kind of file. */
export interface FileRule<K extends Kind = Kind> extends RuleInfo {
  kind: K;
  check(source: SourceOfKind<K>, ctx: RuleContext): Iterable<FindingDraft>;
}

/** A `shipshape-ignore` pragma of a file once the file rules ran, with its ids of rules that ran and suppressed nothing. */
export interface PragmaUse {
  pragma: Pragma;
  unused: readonly string[];
}

/**
 * A rule about what the file rules found (S001, unused suppressions): the engine runs it on every
 * file after the inline suppressions are applied, with the file's `shipshape-ignore` pragmas.
 */
export interface FindingsRule extends RuleInfo {
  kind: 'any';
  check(source: Source, pragmas: readonly PragmaUse[], ctx: RuleContext): Iterable<FindingDraft>;
}

/** A rule of a kind; `Rule` alone is any rule. */
export type Rule<K extends RuleKind = RuleKind> = K extends Kind ? FileRule<K> : FindingsRule;

/** The sections of every rule's documentation as users read it (`explain`, the wizard, SARIF help). */
export const DOC_HEADINGS = ['What it does', 'Why it matters', 'Example', 'Use instead', 'Fix safety', 'References'] as const;
/** The sections a rule's `docs` are written with; the last one, References, is generated. */
export const WRITTEN_HEADINGS = DOC_HEADINGS.slice(0, -1);

/** The headings of a Markdown text outside its fenced code blocks (a `# comment` in an example is not one). */
export function markdownHeadings(markdown: string): Array<{level: number; title: string}> {
  const out: Array<{level: number; title: string}> = [];
  let fenced = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^```/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^(#+) (.*?)\s*$/.exec(line);
    if (m) out.push({level: m[1]!.length, title: m[2]!});
  }
  return out;
}

/** Validates a rule's metadata; throws with an exact message for a rule bug. */
export function defineRule<K extends Kind>(rule: FileRule<K>): FileRule<K>;
export function defineRule(rule: FindingsRule): FindingsRule;
export function defineRule(rule: Rule): Rule;
export function defineRule(rule: Rule): Rule {
  // The registry validates every rule again (a rule file may not have called this): once is enough.
  if (VALID.has(rule)) return rule;
  const where = `rule ${rule.id || '(no id)'}`;
  if (!/^[A-Z]\d{3}$/.test(rule.id)) throw new TypeError(`${where}: id must look like D101`);
  if (!/^[a-z][a-z0-9-]*$/.test(rule.name)) throw new TypeError(`${where}: name must be kebab-case`);
  if (!RULE_KINDS.includes(rule.kind)) throw new TypeError(`${where}: unknown kind ${String(rule.kind)}`);
  if (!SEVERITIES.includes(rule.severity)) throw new TypeError(`${where}: unknown severity ${String(rule.severity)}`);
  if (rule.fix !== null && rule.fix !== 'safe' && rule.fix !== 'unsafe') throw new TypeError(`${where}: fix safety must be safe, unsafe or null`);
  if (!rule.title) throw new TypeError(`${where}: title is required`);
  validateDocs(where, rule.docs);
  for (const ref of rule.references) {
    if (!/^[a-z-]+:\S+/.test(ref)) throw new TypeError(`${where}: reference "${ref}" must look like tool:ID`);
  }
  for (const [title, url] of Object.entries(rule.links ?? {})) {
    if (!title.trim() || !/^https:\/\/\S+$/.test(url)) throw new TypeError(`${where}: link "${title}" must be a title and an https URL`);
  }
  VALID.add(rule);
  return rule;
}

/** Rules defineRule found valid (a rule object is not changed after it is defined). */
const VALID = new WeakSet<Rule>();

function validateDocs(where: string, docs: string): void {
  const found = markdownHeadings(docs).map((h) => `${'#'.repeat(h.level)} ${h.title}`);
  if (found.some((h) => /^#+ References$/.test(h))) throw new TypeError(`${where}: docs must not write References: it is generated from references and links`);
  for (const heading of WRITTEN_HEADINGS) {
    if (!found.some((h) => h.endsWith(` ${heading}`))) throw new TypeError(`${where}: docs lack the heading "${heading}"`);
  }
  const wanted = WRITTEN_HEADINGS.map((h) => `## ${h}`);
  if (found.join('\n') !== wanted.join('\n')) {
    throw new TypeError(`${where}: docs must have exactly the ## headings ${WRITTEN_HEADINGS.join(', ')}, in this order (found ${found.join(', ')})`);
  }
  if (!docs.startsWith(`${wanted[0]}\n`)) throw new TypeError(`${where}: docs must start with "${wanted[0]}"`);
}
