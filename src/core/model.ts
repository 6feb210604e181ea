import type {SecretLine, SecretRef} from './mask.js';
/**
 * The shared model of shipshape: what a file, a finding, a fix and an edit are.
 * Everything here is plain data; no I/O.
 */

/** `script`: files that run containers from the command line (shell scripts, Makefiles, systemd units, Markdown docs). */
export type Kind = 'dockerfile' | 'compose' | 'kubernetes' | 'ci' | 'script';
export const KINDS: readonly Kind[] = ['dockerfile', 'compose', 'kubernetes', 'ci', 'script'];

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/**
 * How sure a finding is about the workload it judges, for the rules that read an image profile:
 * `known` from a profile of the exact image, `inferred` from a family, a base image, a mirror or a
 * service's own settings read through a formula, `not-known` where nothing tells (shipshape then
 * says how to check and leaves the fix to a person).
 */
/**
 * Orders strings by UTF-16 code unit: rule ids (`C201` < `D101` < `S001`) come out as
 * localeCompare would put them, without the ~8 ms its first call takes to load the ICU collator,
 * a tenth of the start-up budget of `check Dockerfile` (issue 11).
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type Certainty = 'known' | 'inferred' | 'not-known';

/** The words findings use for each certainty. */
export const CERTAINTY_LABEL: Readonly<Record<Certainty, string>> = {known: 'known profile', inferred: 'inferred', 'not-known': 'not known'};

/** The parts of an image profile a rule reads (`explain RULE --image IMAGE` shows them). */
export type ProfileFact = 'runAs' | 'ports' | 'writes' | 'secrets' | 'resources' | 'nodeAgent' | 'confinement';

/** `safe` keeps what the program does; `unsafe` hardens at the price of possible breakage. */
export type Safety = 'safe' | 'unsafe';

/**
 * A replacement of an exact range of a file's text (BOM removed, line endings as in the file).
 * Insertions have start === end. A new file is an edit on the empty text of a file that does not
 * exist yet; `mode` then gives its permission bits (e.g. 0o644 for a secret a container reads) and
 * `dirMode` those of the folders the write creates for it (0o700 to keep secrets private).
 */
export interface Edit {
  file: string;
  start: number;
  end: number;
  text: string;
  mode?: number;
  dirMode?: number;
  /**
   * Text of the same file the edit was computed from, outside its own range (a value copied from a
   * `<<` merge source): another fix that changes it in the same pass makes this one wait a pass.
   */
  reads?: {start: number; end: number};
}

/** A parameter a fix takes; the wizard lets the user edit it, `fix --write` uses the default. */
export interface FixParam {
  name: string;
  label: string;
  default: string;
  /** One of these values, if the parameter is a choice (e.g. the secret backend). */
  choices?: readonly string[];
  /** Returns an error message for a bad value, or null. */
  validate?: (value: string) => string | null;
}

export type ParamValues = Readonly<Record<string, string>>;

export interface Fix {
  title: string;
  safety: Safety;
  params: readonly FixParam[];
  /**
   * Names of params that only a person can give (an image tag) or must confirm (a user or limit
   * shipshape cannot know: the param's default is then a suggestion the wizard asks about).
   * `fix --write` leaves such a fix alone.
   */
  needsInput?: readonly string[];
  /** What may break (for unsafe fixes), in plain words. */
  risk?: string;
  /**
   * Rule ids whose fixes this one is built on (K313 labels a namespace at the level its pods meet
   * after their own fixes): while a selected fix of one of them is pending, the planner keeps this
   * one for a later pass, so its edits are computed from their result.
   */
  after?: readonly string[];
  /** Builds the edits for the given parameter values (missing values take their defaults). */
  edits(params: ParamValues): Edit[];
}

/** What a rule reports before the engine places it in the file and fingerprints it. */
export interface FindingDraft {
  /** Offsets in the source text (BOM removed). */
  start: number;
  end: number;
  message: string;
  /** A logical locator (e.g. `stage[final]`, `services.web`) that survives re-parsing. */
  locator: string;
  fix?: Fix | null;
  /**
   * Secret values this finding is about: never printed, masked in diffs on the lines that carry
   * them. A bare value stands in the finding's range; one elsewhere says where (an overridden
   * entry, a `.env` beside the file).
   */
  secrets?: readonly SecretRef[];
  /** Extra advice for findings without an automatic fix (or what the user must do after it). */
  advice?: string;
  /** How sure the finding is (rules that read an image profile). */
  certainty?: Certainty;
  /** A severity other than the rule's, for this finding only (an offer or a deliberate choice reported as info). */
  severity?: Severity;
}

export interface Finding {
  rule: string;
  name: string;
  severity: Severity;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
  message: string;
  fingerprint: string;
  fix: Fix | null;
  references: readonly string[];
  /** The secret values (for free text: messages, container logs). */
  secrets: readonly string[];
  /** The lines that carry them, which diffs mask (and nothing else). */
  secretLines: readonly SecretLine[];
  advice?: string;
  certainty?: Certainty;
}

export type EOL = '\n' | '\r\n';
