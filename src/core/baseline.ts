/**
 * Baselines (`check --write-baseline FILE`, `check --baseline FILE`): record today's findings so a
 * legacy repository can gate only new problems first. Pure: the CLI reads and writes the file.
 *
 * Findings are matched by their fingerprint (rule + path + logical locator), which does not
 * contain line numbers, so findings survive edits that move lines. An entry whose fingerprint no
 * longer matches still absorbs one finding of the same rule, file and message (a locator that
 * changed, e.g. a renamed stage), so a refactor does not resurface the whole baseline.
 */
import {compareIds, type Finding} from './model.js';
import {hashText} from './text.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  path: string;
  fingerprint: string;
  /** hashText of the finding's message (the message itself is not stored). */
  message: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

/** A baseline file that cannot be used; the message says what is wrong, in one line. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

export function baselineEntry(finding: Finding): BaselineEntry {
  return {rule: finding.rule, path: finding.path, fingerprint: finding.fingerprint, message: hashText(finding.message)};
}

/** The baseline file's text (JSON, entries sorted, trailing newline) for these findings. */
export function createBaseline(findings: readonly Finding[]): string {
  const entries = findings.map(baselineEntry).sort((a, b) => compareIds(a.path, b.path) || compareIds(a.rule, b.rule) || compareIds(a.fingerprint, b.fingerprint) || compareIds(a.message, b.message));
  const baseline = {tool: 'shipshape', version: BASELINE_VERSION, entries};
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Parses and validates a baseline file's text; throws BaselineError with a clear message. */
export function parseBaseline(text: string): Baseline {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new BaselineError('the baseline file is empty; create one with `shipshape check --write-baseline FILE`');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new BaselineError(`the baseline file is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new BaselineError('the baseline file must hold a JSON object with "version" and "entries"');
  }
  const record = data as Record<string, unknown>;
  if (record['version'] === undefined) throw new BaselineError('the baseline file has no "version"; is it a shipshape baseline?');
  if (record['version'] !== BASELINE_VERSION) {
    throw new BaselineError(`unsupported baseline version ${JSON.stringify(record['version'])} (this shipshape reads version ${BASELINE_VERSION})`);
  }
  const raw = record['entries'];
  if (!Array.isArray(raw)) throw new BaselineError('the baseline file has no "entries" list');
  const entries: BaselineEntry[] = raw.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new BaselineError(`baseline entry ${i + 1} is not an object`);
    const e = item as Record<string, unknown>;
    for (const key of ['rule', 'path', 'fingerprint', 'message'] as const) {
      if (typeof e[key] !== 'string' || e[key] === '') throw new BaselineError(`baseline entry ${i + 1} has no "${key}" string`);
    }
    return {rule: e['rule'] as string, path: e['path'] as string, fingerprint: e['fingerprint'] as string, message: e['message'] as string};
  });
  return {version: BASELINE_VERSION, entries};
}

/** The findings that are not in the baseline (new problems). Throws BaselineError for a bad baseline. */
export function applyBaseline(findings: readonly Finding[], baselineText: string): Finding[] {
  return filterByBaseline(findings, parseBaseline(baselineText));
}

export function filterByBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  const byFingerprint = new Map<string, number>();
  for (const e of baseline.entries) byFingerprint.set(e.fingerprint, (byFingerprint.get(e.fingerprint) ?? 0) + 1);
  // Pass 1: exact fingerprints (each entry absorbs one finding).
  const unmatched: Finding[] = [];
  const matchedEntries = new Map<string, number>();
  for (const f of findings) {
    const left = byFingerprint.get(f.fingerprint) ?? 0;
    if (left > 0) {
      byFingerprint.set(f.fingerprint, left - 1);
      matchedEntries.set(f.fingerprint, (matchedEntries.get(f.fingerprint) ?? 0) + 1);
    } else {
      unmatched.push(f);
    }
  }
  // Pass 2: entries left over match by rule, path and message (a changed locator).
  const loose = new Map<string, number>();
  const used = new Map(matchedEntries);
  for (const e of baseline.entries) {
    const n = used.get(e.fingerprint) ?? 0;
    if (n > 0) {
      used.set(e.fingerprint, n - 1);
      continue;
    }
    const key = `${e.rule}\u0000${e.path}\u0000${e.message}`;
    loose.set(key, (loose.get(key) ?? 0) + 1);
  }
  return unmatched.filter((f) => {
    const key = `${f.rule}\u0000${f.path}\u0000${hashText(f.message)}`;
    const left = loose.get(key) ?? 0;
    if (left === 0) return true;
    loose.set(key, left - 1);
    return false;
  });
}
