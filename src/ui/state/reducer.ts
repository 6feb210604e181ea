/**
 * The wizard's state machine: a pure reducer over a discriminated union of actions (Shopify
 * cli-kit's use-select-state). Screens map keys to intents without reading state, so several keys
 * arriving in one chunk are applied one after the other to the newest state (STACK-NOTES pitfall 1);
 * every action checks here that it makes sense on the current screen.
 */
import type {Finding, FixParam, Kind, ParamValues, Severity} from '../../core/model.js';
import {KINDS, SEVERITIES, severityRank} from '../../core/model.js';
import type {ScanProgress, WriteOutcome} from '../deps.js';
import type {VerifyResult} from '../../verify/model.js';
import {extentOf, filterChoices, matchesFilter, NO_FILTER, unitOf, type Filter} from './groups.js';

export type Screen = 'scanning' | 'overview' | 'group' | 'finding' | 'review' | 'trying' | 'tried' | 'writing' | 'done' | 'failed';
export type Decision = 'accepted' | 'skipped' | 'ignored';

export interface FileInfo {
  path: string;
  kind: Kind;
}

export type Overlay =
  | null
  | {kind: 'docs'; scroll: number}
  | {kind: 'edit'; field: number; value: string; error: string | null}
  | {kind: 'confirmQuit'}
  /** The overview's filter: the row being changed (severity, kind, rule). */
  | {kind: 'filter'; row: number}
  /** The overview's explanation of the score. */
  | {kind: 'score'}
  /** `i`: why the finding is ignored, written into the pragma. */
  | {kind: 'reason'; value: string};

/** How the overview gathers the findings besides the walk: by file (and severity), rule or service. */
export type OverviewView = 'file' | 'rule' | 'service';
export const OVERVIEW_VIEWS: readonly OverviewView[] = ['file', 'rule', 'service'];

/** A set of findings decided together (A / S) or stepped through one by one. */
export interface Group {
  label: string;
  /** The items: representatives of findings one edit fixes, else single findings. */
  items: readonly string[];
  /** Where b and a decision go back to: the overview, or the walk it was opened from (the rest of a file). */
  from: 'overview' | 'walk';
}

export type OverviewItem =
  | {type: 'all'; count: number}
  | {type: 'safe'; count: number}
  | {type: 'severity'; severity: Severity; count: number}
  | {type: 'file'; path: string; kind: Kind; count: number}
  | {type: 'rule'; rule: string; title: string; count: number; extent: string}
  | {type: 'service'; path: string; unit: string; count: number};

/** Where the review was opened from: `b` goes back there. */
export type ReviewFrom = 'walk' | 'safe' | 'overview';

interface Snapshot {
  accepted: ReadonlyMap<string, ParamValues>;
  ignored: ReadonlySet<string>;
  decisions: ReadonlyMap<string, Decision>;
}

/** A hint; a new object each time it is set, so an unchanged one can be told from a new one. */
export interface Notice {
  text: string;
}

export interface WizardState {
  screen: Screen;
  progress: ScanProgress | null;
  /** One-line messages about files that were skipped or could not be parsed. */
  problems: readonly string[];
  findings: readonly Finding[];
  files: readonly FileInfo[];
  /** Fingerprints that can take an inline ignore pragma. */
  ignorable: ReadonlySet<string>;
  overviewCursor: number;
  /** Fingerprints of the findings being walked through, and the position in them. */
  queue: readonly string[];
  index: number;
  decisions: ReadonlyMap<string, Decision>;
  accepted: ReadonlyMap<string, ParamValues>;
  ignored: ReadonlySet<string>;
  /** Parameter values the user set, per fingerprint (defaults apply to the rest). */
  params: ReadonlyMap<string, ParamValues>;
  /**
   * The user's identity choices (uid, gid, user name) as `default -> value`: one UID flows into
   * every file. A finding whose parameter has the same default (the same user) takes the value.
   */
  shared: ReadonlyMap<string, {from: string; to: string}>;
  overlay: Overlay;
  /** Scroll offset of the diff (finding), the review, or the summary (done). */
  scroll: number;
  reviewFrom: ReviewFrom;
  /** The choices before "apply all safe fixes", restored when the review is left with `b`. */
  beforeSafe: Snapshot | null;
  outcome: WriteOutcome | null;
  error: string | null;
  /** A one-line hint shown until the next action (e.g. why `a` did nothing). */
  notice: Notice | null;
  /** "Try it": the accepted fixes started on a temporary copy (shipshape verify). */
  trial: Trial | null;
  /** Set when the wizard should end, with this exit code. */
  exit: number | null;
  /** Rule id → title (the overview's rule groups). */
  titles: ReadonlyMap<string, string>;
  /** Findings one edit fixes: representative → every member (the representative first). */
  members: ReadonlyMap<string, readonly string[]>;
  /** Member → its representative. */
  memberOf: ReadonlyMap<string, string>;
  /** What the overview shows; kept while the session lasts. */
  filter: Filter;
  view: OverviewView;
  group: Group | null;
  /** Why each ignored finding is ignored (the pragma's reason). */
  reasons: ReadonlyMap<string, string>;
}

/** The reason an ignore pragma gets unless the user writes another. */
export const DEFAULT_REASON = 'reviewed with shipshape';

export interface Trial {
  /** Counts the trials: a new one starts the engine again. */
  id: number;
  /** The last progress lines while it runs. */
  log: readonly string[];
  result: VerifyResult | null;
  /** The blamed fix the cursor is on (index into blamedFixes). */
  cursor: number;
  /** Blamed fixes the user dropped from the accepted ones. */
  dropped: ReadonlySet<string>;
}

export type Action =
  | {type: 'scanProgress'; progress: ScanProgress}
  | {type: 'scanDone'; findings: readonly Finding[]; files: readonly FileInfo[]; ignorable: ReadonlySet<string>; problems: readonly string[]; titles?: ReadonlyMap<string, string>; sameEdit?: ReadonlyMap<string, readonly string[]>}
  | {type: 'scanFailed'; message: string}
  | {type: 'move'; delta: number}
  | {type: 'select'}
  | {type: 'openReview'}
  | {type: 'openOverview'}
  | {type: 'accept'}
  | {type: 'skip'}
  | {type: 'ignore'}
  | {type: 'back'}
  | {type: 'scroll'; delta: number; max: number}
  | {type: 'toggleDocs'}
  | {type: 'editOpen'; field?: number}
  | {type: 'editChange'; value: string}
  /** Typed characters, appended to the field being edited (applied to the latest state, so bursts of keys are never lost). */
  | {type: 'editType'; text: string}
  /** Backspace in the field being edited. */
  | {type: 'editErase'}
  | {type: 'editField'; delta: number}
  | {type: 'editCommit'}
  | {type: 'editCancel'}
  | {type: 'cycleChoice'; delta: number}
  | {type: 'write'}
  | {type: 'written'; outcome: WriteOutcome}
  | {type: 'writeFailed'; message: string}
  | {type: 'quit'}
  | {type: 'confirmQuit'; yes: boolean}
  | {type: 'interrupt'}
  /** Review: start the accepted fixes on a temporary copy. */
  | {type: 'tryIt'}
  | {type: 'tryProgress'; message: string}
  | {type: 'tried'; result: VerifyResult}
  | {type: 'tryFailed'; message: string}
  /** After trying: leave the blamed fix under the cursor out (`all`: every blamed fix). */
  | {type: 'dropBlamed'; all?: boolean}
  /** Overview: group by file, rule or service (g). */
  | {type: 'cycleView'}
  /** Group screen: accept (A) or skip (S) every item; step in (enter). */
  | {type: 'groupAccept'}
  | {type: 'groupSkip'}
  /** Finding: the rest of this file as a group (A). */
  | {type: 'openRest'}
  /** Overview: the filter (f or /): open, move between its rows, change a row, clear it. */
  | {type: 'filterOpen'}
  | {type: 'filterChange'; delta: number}
  | {type: 'filterClear'}
  /** Overview: what the score counts (?). */
  | {type: 'toggleScore'};

export const EXIT = {ok: 0, refused: 1, error: 2, interrupted: 130} as const;

export function initialState(): WizardState {
  return {
    screen: 'scanning',
    progress: null,
    problems: [],
    findings: [],
    files: [],
    ignorable: new Set(),
    overviewCursor: 0,
    queue: [],
    index: 0,
    decisions: new Map(),
    accepted: new Map(),
    ignored: new Set(),
    params: new Map(),
    shared: new Map(),
    overlay: null,
    scroll: 0,
    reviewFrom: 'walk',
    beforeSafe: null,
    outcome: null,
    error: null,
    notice: null,
    trial: null,
    exit: null,
    titles: new Map(),
    members: new Map(),
    memberOf: new Map(),
    filter: NO_FILTER,
    view: 'file',
    group: null,
    reasons: new Map(),
  };
}

// ---------------------------------------------------------------------------------------------
// Selectors (pure; shared by the reducer and the screens)

/** Findings in walking order: by kind, path, line, rule. */
export function orderFindings(findings: readonly Finding[], files: readonly FileInfo[]): Finding[] {
  const kindOf = new Map(files.map((f) => [f.path, f.kind]));
  const kindIndex = (path: string) => KINDS.indexOf(kindOf.get(path) ?? 'ci');
  return [...findings].sort(
    (a, b) =>
      kindIndex(a.path) - kindIndex(b.path) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      a.rule.localeCompare(b.rule) ||
      (a.fingerprint < b.fingerprint ? -1 : 1),
  );
}

/** A safe fix that can be applied with its defaults (no value only a person can give). */
export function isSafeAutoFix(finding: Finding): boolean {
  return Boolean(finding.fix && finding.fix.safety === 'safe' && !(finding.fix.needsInput?.length));
}

/** The findings the filter lets through, in walking order. */
export function visibleFindings(state: Pick<WizardState, 'findings' | 'files' | 'filter'>): Finding[] {
  const kindOf = new Map(state.files.map((f) => [f.path, f.kind]));
  return state.findings.filter((f) => matchesFilter(state.filter, f, (path) => kindOf.get(path)));
}

type OverviewState = Pick<WizardState, 'findings' | 'files' | 'filter' | 'view' | 'titles'> & Partial<Pick<WizardState, 'memberOf'>>;

/**
 * The rows of the overview: walk everything, apply all safe fixes, then the findings by severity
 * and by file (only files with findings), by rule, or by service/workload, as `view` says.
 */
export function overviewItems(state: OverviewState): OverviewItem[] {
  const shown = visibleFindings(state);
  const items: OverviewItem[] = [{type: 'all', count: shown.length}];
  const safe = shown.filter(isSafeAutoFix).length;
  if (safe > 0) items.push({type: 'safe', count: safe});
  if (state.view === 'rule') {
    const byRule = new Map<string, Finding[]>();
    for (const f of shown) (byRule.get(f.rule) ?? byRule.set(f.rule, []).get(f.rule)!).push(f);
    const rules = [...byRule.entries()].sort(([a, x], [b, y]) => severityRank(y[0]!.severity) - severityRank(x[0]!.severity) || y.length - x.length || a.localeCompare(b));
    for (const [rule, mine] of rules) items.push({type: 'rule', rule, title: state.titles.get(rule) ?? mine[0]!.name, count: mine.length, extent: extentOf(mine)});
    return items;
  }
  if (state.view === 'service') {
    const byUnit = new Map<string, {path: string; unit: string; count: number}>();
    for (const f of shown) {
      const unit = unitOf(f) ?? '(the file)';
      const key = `${f.path}\n${unit}`;
      const entry = byUnit.get(key) ?? byUnit.set(key, {path: f.path, unit, count: 0}).get(key)!;
      entry.count++;
    }
    for (const entry of [...byUnit.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.unit.localeCompare(b.unit)))) items.push({type: 'service', ...entry});
    return items;
  }
  for (const severity of [...SEVERITIES].reverse()) {
    const count = shown.filter((f) => f.severity === severity).length;
    if (count > 0) items.push({type: 'severity', severity, count});
  }
  for (const kind of KINDS) {
    for (const file of [...state.files].filter((f) => f.kind === kind).sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const count = shown.filter((f) => f.path === file.path).length;
      if (count > 0) items.push({type: 'file', path: file.path, kind, count});
    }
  }
  return items;
}

/** The findings of an overview row (all of them for the walk). */
export function findingsOfItem(state: OverviewState, item: OverviewItem): Finding[] {
  const shown = visibleFindings(state);
  switch (item.type) {
    case 'all':
      return shown;
    case 'safe':
      return shown.filter(isSafeAutoFix);
    case 'severity':
      return shown.filter((f) => f.severity === item.severity);
    case 'file':
      return shown.filter((f) => f.path === item.path);
    case 'rule':
      return shown.filter((f) => f.rule === item.rule);
    case 'service':
      return shown.filter((f) => f.path === item.path && (unitOf(f) ?? '(the file)') === item.unit);
  }
}

/** The items to walk or decide for these findings: one per set that one edit fixes. */
export function itemsOf(state: Pick<WizardState, 'memberOf'>, findings: readonly Finding[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of findings) {
    const rep = state.memberOf.get(f.fingerprint) ?? f.fingerprint;
    if (!seen.has(rep)) {
      seen.add(rep);
      out.push(rep);
    }
  }
  return out;
}

/** Every finding an item stands for (itself, or all the findings its one edit fixes). */
export function membersOf(state: Pick<WizardState, 'members'>, fp: string): readonly string[] {
  return state.members.get(fp) ?? [fp];
}

/** The label of a group opened from an overview row. */
export function groupLabel(item: OverviewItem): string {
  switch (item.type) {
    case 'rule':
      return `${item.rule} ${item.title} — ${item.extent}`;
    case 'service':
      return `${item.unit} in ${item.path}`;
    case 'file':
      return item.path;
    case 'severity':
      return `${item.severity} findings`;
    default:
      return 'every finding';
  }
}

export {filterChoices};

export function currentFinding(state: WizardState): Finding | undefined {
  const fp = state.queue[state.index];
  return fp === undefined ? undefined : state.findings.find((f) => f.fingerprint === fp);
}

/** Parameters that name the user the app runs as: a change to one follows to the same user elsewhere. */
export const SHARED_PARAMS: ReadonlySet<string> = new Set(['uid', 'gid', 'user']);

/** The parameter values for a finding's fix: what the user set, else the shared choices, else the defaults. */
export function paramValues(state: Pick<WizardState, 'params' | 'shared'>, finding: Finding): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of finding.fix?.params ?? []) {
    const shared = state.shared.get(p.name);
    values[p.name] = shared && shared.from === p.default ? shared.to : p.default;
  }
  const own = state.params.get(finding.fingerprint) ?? {};
  Object.assign(values, own);
  // The GID follows the UID (one user, one group) unless it was set on its own.
  const uid = finding.fix?.params.find((p) => p.name === 'uid');
  const gid = finding.fix?.params.find((p) => p.name === 'gid');
  if (uid && gid && gid.default === uid.default && own.gid === undefined && !state.shared.has('gid')) values.gid = values.uid!;
  return values;
}

/** The values to preview: the committed ones, with the field being edited if its draft is valid. */
export function previewValues(state: WizardState, finding: Finding): Record<string, string> {
  const values = paramValues(state, finding);
  const overlay = state.overlay;
  const param = overlay?.kind === 'edit' ? finding.fix?.params[overlay.field] : undefined;
  if (overlay?.kind === 'edit' && param && validateParam(finding, param, overlay.value) === null) values[param.name] = overlay.value;
  return values;
}

/** Why a parameter value is not acceptable, or null. */
export function validateParam(finding: Finding, param: FixParam, value: string): string | null {
  const needed = finding.fix?.needsInput?.includes(param.name) ?? false;
  if (value.trim() === '') return needed || param.default !== '' ? `${param.label} needs a value` : null;
  if (param.choices && !param.choices.includes(value)) return `must be one of ${param.choices.join(', ')}`;
  return param.validate ? param.validate(value) : null;
}

/**
 * The first parameter that still needs a value before the fix can be accepted, as its index: one
 * only a person can give that is empty or invalid, or a suggestion (a needed parameter with a
 * default: a user or limit shipshape cannot know) the person has not confirmed yet.
 */
export function missingInput(state: Pick<WizardState, 'params' | 'shared'>, finding: Finding): number {
  const fix = finding.fix;
  if (!fix?.needsInput?.length) return -1;
  const values = paramValues(state, finding);
  const given = state.params.get(finding.fingerprint) ?? {};
  return fix.params.findIndex(
    (p) => fix.needsInput!.includes(p.name) && (validateParam(finding, p, values[p.name] ?? '') !== null || (p.default !== '' && given[p.name] === undefined)),
  );
}

/** The fixes a trial blamed, once each, in the order of the services they broke. */
export function blamedFixes(result: VerifyResult | null): Array<{fingerprint: string; rule: string; title: string; path: string; line: number; services: string[]}> {
  const out = new Map<string, {fingerprint: string; rule: string; title: string; path: string; line: number; services: string[]}>();
  for (const s of result?.services ?? []) {
    for (const {fix} of s.blamed) {
      const entry = out.get(fix.fingerprint) ?? {fingerprint: fix.fingerprint, rule: fix.rule, title: fix.title, path: fix.path, line: fix.line, services: []};
      entry.services.push(s.service);
      out.set(fix.fingerprint, entry);
    }
  }
  return [...out.values()];
}

/** Accepted fixes and ignore pragmas not written yet. */
export function pendingChanges(state: WizardState): number {
  return state.accepted.size + state.ignored.size;
}

// ---------------------------------------------------------------------------------------------

export function reducer(state: WizardState, action: Action): WizardState {
  const next = reduce(state, action);
  // A notice lasts until the next key: drop one that this action did not set.
  if (action.type === 'scanProgress' || state.notice === null || next.notice !== state.notice) return next;
  return {...next, notice: null};
}

function reduce(state: WizardState, action: Action): WizardState {
  if (state.exit !== null) return state;
  switch (action.type) {
    case 'scanProgress':
      return state.screen === 'scanning' ? {...state, progress: action.progress} : state;
    case 'scanDone':
      if (state.screen !== 'scanning') return state;
      return {
        ...state,
        screen: 'overview',
        findings: orderFindings(action.findings, action.files),
        files: action.files,
        ignorable: action.ignorable,
        problems: action.problems,
        overviewCursor: 0,
        titles: action.titles ?? state.titles,
        members: action.sameEdit ?? new Map(),
        memberOf: new Map([...(action.sameEdit ?? new Map<string, readonly string[]>()).entries()].flatMap(([rep, all]) => all.map((fp) => [fp, rep] as const))),
      };
    case 'scanFailed':
      return state.screen === 'scanning' ? {...state, screen: 'failed', error: action.message} : state;
    case 'interrupt':
      return {...state, exit: EXIT.interrupted};
    case 'quit':
      return quit(state);
    case 'confirmQuit':
      if (state.overlay?.kind !== 'confirmQuit') return state;
      return action.yes ? {...state, overlay: null, exit: EXIT.ok} : {...state, overlay: null};
    default:
      break;
  }
  if (state.overlay?.kind === 'confirmQuit') return state;
  switch (state.screen) {
    case 'overview':
      return state.overlay?.kind === 'filter' ? filtering(state, action) : overview(state, action);
    case 'group':
      return group(state, action);
    case 'finding':
      if (state.overlay?.kind === 'reason') return reasoning(state, action);
      return state.overlay?.kind === 'edit' ? editing(state, action) : finding(state, action);
    case 'review':
      return review(state, action);
    case 'trying':
      return trying(state, action);
    case 'tried':
      return tried(state, action);
    case 'done':
      if (action.type === 'scroll') return {...state, scroll: clamp(state.scroll + action.delta, 0, action.max)};
      if (action.type === 'select') return {...state, exit: state.outcome?.refused.length ? EXIT.refused : EXIT.ok};
      return state;
    case 'writing':
      if (action.type === 'written') {
        return {...state, screen: 'done', outcome: action.outcome, scroll: 0};
      }
      if (action.type === 'writeFailed') return {...state, screen: 'review', error: action.message, notice: {text: `Nothing was written: ${action.message}`}};
      return state;
    case 'failed':
      return action.type === 'select' || action.type === 'back' ? {...state, exit: EXIT.error} : state;
    default:
      return state;
  }
}

function quit(state: WizardState): WizardState {
  if (state.screen === 'writing') return state;
  // Quitting while a trial runs stops it first (what it started is removed); the review is back.
  if (state.screen === 'trying') return {...state, screen: 'review', trial: null, notice: {text: 'Stopped trying; what it started is being removed.'}};
  if (state.screen === 'failed') return {...state, exit: EXIT.error};
  if (state.screen === 'done') return {...state, exit: state.outcome?.refused.length ? EXIT.refused : EXIT.ok};
  if (state.overlay?.kind === 'confirmQuit') return state;
  if (pendingChanges(state) > 0) return {...state, overlay: {kind: 'confirmQuit'}};
  return {...state, exit: EXIT.ok};
}

function overview(state: WizardState, action: Action): WizardState {
  const items = overviewItems(state);
  if (state.overlay?.kind === 'score') return action.type === 'toggleScore' || action.type === 'back' || action.type === 'select' ? {...state, overlay: null} : state;
  switch (action.type) {
    case 'move':
      return {...state, overviewCursor: clamp(state.overviewCursor + action.delta, 0, items.length - 1)};
    case 'select': {
      const item = items[state.overviewCursor];
      if (!item) return state;
      if (item.type === 'safe') return applySafe(state);
      const queue = itemsOf(state, findingsOfItem(state, item));
      if (queue.length === 0) return {...state, notice: {text: 'Nothing to walk through here.'}};
      if (item.type === 'all') return {...state, screen: 'finding', queue, index: 0, scroll: 0, overlay: null};
      return {...state, screen: 'group', group: {label: groupLabel(item), items: queue, from: 'overview'}, scroll: 0, overlay: null};
    }
    case 'cycleView': {
      const view = OVERVIEW_VIEWS[(OVERVIEW_VIEWS.indexOf(state.view) + 1) % OVERVIEW_VIEWS.length]!;
      return {...state, view, overviewCursor: 0};
    }
    case 'filterOpen':
      return {...state, overlay: {kind: 'filter', row: 0}};
    case 'filterClear':
      return {...state, filter: NO_FILTER, overviewCursor: 0};
    case 'toggleScore':
      return {...state, overlay: {kind: 'score'}};
    case 'openReview':
      return {...state, screen: 'review', reviewFrom: 'overview', scroll: 0, beforeSafe: null};
    default:
      return state;
  }
}

export const FILTER_ROWS = ['severity', 'kind', 'rule'] as const;

function filtering(state: WizardState, action: Action): WizardState {
  const overlay = state.overlay;
  if (overlay?.kind !== 'filter') return state;
  switch (action.type) {
    case 'move':
      return {...state, overlay: {kind: 'filter', row: clamp(overlay.row + action.delta, 0, FILTER_ROWS.length - 1)}};
    case 'filterChange': {
      const row = FILTER_ROWS[overlay.row]!;
      const choices = filterChoices(state.findings)[row] as Array<string | null>;
      const at = choices.indexOf(state.filter[row]);
      const value = choices[(((at + action.delta) % choices.length) + choices.length) % choices.length] ?? null;
      return {...state, filter: {...state.filter, [row]: value}, overviewCursor: 0};
    }
    case 'filterClear':
      return {...state, filter: NO_FILTER, overviewCursor: 0};
    case 'filterOpen':
    case 'select':
    case 'back':
      return {...state, overlay: null};
    default:
      return state;
  }
}

/** Where a decided group goes back to: the overview, or the walk after the group's items. */
function leaveGroup(state: WizardState, notice: Notice | null): WizardState {
  const group = state.group;
  if (group?.from === 'walk') {
    const inGroup = new Set(group.items);
    const next = state.queue.findIndex((fp, i) => i > state.index && !inGroup.has(fp));
    const base = {...state, group: null, overlay: null, scroll: 0, notice};
    if (next >= 0) return {...base, screen: 'finding', index: next};
    return {...base, screen: 'review', reviewFrom: 'walk', beforeSafe: null};
  }
  return {...state, screen: 'overview', group: null, overlay: null, scroll: 0, notice};
}

function group(state: WizardState, action: Action): WizardState {
  const g = state.group;
  if (!g) return state;
  const findings = g.items.flatMap((fp) => membersOf(state, fp)).map((fp) => state.findings.find((f) => f.fingerprint === fp)!).filter(Boolean);
  switch (action.type) {
    case 'groupAccept': {
      const accepted = new Map(state.accepted);
      const decisions = new Map(state.decisions);
      let taken = 0;
      let needValue = 0;
      let noFix = 0;
      for (const f of findings) {
        if (state.ignored.has(f.fingerprint)) continue;
        if (!f.fix) noFix++;
        else if (missingInput(state, f) >= 0) needValue++;
        else {
          accepted.set(f.fingerprint, paramValues(state, f));
          decisions.set(f.fingerprint, 'accepted');
          taken++;
        }
      }
      const left = [...(needValue > 0 ? [`${needValue} need a value only you can give (step in with enter)`] : []), ...(noFix > 0 ? [`${noFix} have no automatic fix`] : [])];
      const notice = {text: `Accepted ${taken} fix${taken === 1 ? '' : 'es'} of ${g.label}${left.length ? `; ${left.join(', ')}` : ''}.`};
      return leaveGroup({...state, accepted, decisions}, notice);
    }
    case 'groupSkip': {
      const accepted = new Map(state.accepted);
      const decisions = new Map(state.decisions);
      let skipped = 0;
      for (const f of findings) {
        if (state.ignored.has(f.fingerprint)) continue;
        accepted.delete(f.fingerprint);
        decisions.set(f.fingerprint, 'skipped');
        skipped++;
      }
      return leaveGroup({...state, accepted, decisions}, {text: `Skipped ${skipped} finding${skipped === 1 ? '' : 's'} of ${g.label}.`});
    }
    case 'select':
      if (g.from === 'walk') return {...state, screen: 'finding', group: null, scroll: 0};
      return {...state, screen: 'finding', queue: g.items, index: 0, scroll: 0, overlay: null};
    case 'scroll':
      return {...state, scroll: clamp(state.scroll + action.delta, 0, action.max)};
    case 'back':
      return g.from === 'walk' ? {...state, screen: 'finding', group: null, scroll: 0} : {...state, screen: 'overview', group: null, scroll: 0};
    case 'openOverview':
      return {...state, screen: 'overview', group: null, scroll: 0};
    case 'openReview':
      return {...state, screen: 'review', reviewFrom: 'overview', scroll: 0, beforeSafe: null};
    default:
      return state;
  }
}

function reasoning(state: WizardState, action: Action): WizardState {
  const f = currentFinding(state);
  const overlay = state.overlay;
  if (!f || overlay?.kind !== 'reason') return state;
  switch (action.type) {
    case 'editType': {
      const text = action.text.replace(/[\u0000-\u001F\u007F]/g, '');
      return text ? {...state, overlay: {kind: 'reason', value: overlay.value + text}} : state;
    }
    case 'editErase':
      return {...state, overlay: {kind: 'reason', value: [...overlay.value].slice(0, -1).join('')}};
    case 'editChange':
      return {...state, overlay: {kind: 'reason', value: action.value}};
    case 'editCancel':
      return {...state, overlay: null};
    case 'editCommit': {
      const reason = overlay.value.trim() || DEFAULT_REASON;
      const reasons = new Map(state.reasons);
      for (const fp of membersOf(state, f.fingerprint)) reasons.set(fp, reason);
      return decide({...state, reasons, overlay: null}, f.fingerprint, 'ignored');
    }
    default:
      return state;
  }
}

function applySafe(state: WizardState): WizardState {
  const accepted = new Map(state.accepted);
  const ignored = new Set(state.ignored);
  const decisions = new Map(state.decisions);
  for (const f of visibleFindings(state)) {
    if (!isSafeAutoFix(f) || decisions.get(f.fingerprint) === 'skipped' || ignored.has(f.fingerprint)) continue;
    accepted.set(f.fingerprint, paramValues(state, f));
    decisions.set(f.fingerprint, 'accepted');
  }
  return {
    ...state,
    screen: 'review',
    reviewFrom: 'safe',
    scroll: 0,
    beforeSafe: {accepted: state.accepted, ignored: state.ignored, decisions: state.decisions},
    accepted,
    ignored,
    decisions,
  };
}

/** Decides an item: every finding its one edit fixes gets the same decision. */
function decide(state: WizardState, fp: string, decision: Decision, params?: ParamValues): WizardState {
  const accepted = new Map(state.accepted);
  const ignored = new Set(state.ignored);
  const decisions = new Map(state.decisions);
  for (const member of membersOf(state, fp)) {
    accepted.delete(member);
    ignored.delete(member);
    if (decision === 'accepted') accepted.set(member, params ?? {});
    if (decision === 'ignored') ignored.add(member);
    decisions.set(member, decision);
  }
  return advance({...state, accepted, ignored, decisions});
}

function advance(state: WizardState): WizardState {
  if (state.index + 1 < state.queue.length) return {...state, index: state.index + 1, scroll: 0, overlay: null};
  return {...state, screen: 'review', reviewFrom: 'walk', scroll: 0, overlay: null, beforeSafe: null};
}

function finding(state: WizardState, action: Action): WizardState {
  const f = currentFinding(state);
  if (!f) return state;
  switch (action.type) {
    case 'accept': {
      if (!f.fix) return {...state, notice: {text: 'This finding has no automatic fix: skip it (s) or ignore it here (i).'}};
      const missing = missingInput(state, f);
      if (missing >= 0) {
        const param = f.fix.params[missing]!;
        return {
          ...state,
          overlay: {kind: 'edit', field: missing, value: paramValues(state, f)[param.name] ?? '', error: null},
          notice: {text: param.default !== '' ? `shipshape cannot know this: confirm or change ${param.label} (enter), then accept.` : `This fix needs a value only you can give: ${param.label}.`},
        };
      }
      return decide(state, f.fingerprint, 'accepted', paramValues(state, f));
    }
    case 'skip':
      return decide(state, f.fingerprint, 'skipped');
    case 'ignore':
      if (!state.ignorable.has(f.fingerprint)) return {...state, notice: {text: 'This file cannot hold an inline ignore comment (JSON has no comments).'}};
      return {...state, overlay: {kind: 'reason', value: ''}};
    case 'openRest': {
      const rest = state.queue.filter((fp, i) => i >= state.index && state.findings.find((x) => x.fingerprint === fp)?.path === f.path && !state.decisions.has(fp));
      if (rest.length === 0) return {...state, notice: {text: 'Everything else in this file is decided.'}};
      return {...state, screen: 'group', group: {label: `the rest of ${f.path}`, items: rest, from: 'walk'}, scroll: 0, overlay: null};
    }
    case 'back':
      if (state.overlay?.kind === 'docs') return {...state, overlay: null};
      if (state.index > 0) return {...state, index: state.index - 1, scroll: 0, overlay: null};
      return {...state, screen: 'overview', overlay: null};
    case 'openOverview':
      return {...state, screen: 'overview', overlay: null};
    case 'toggleDocs':
      return {...state, overlay: state.overlay?.kind === 'docs' ? null : {kind: 'docs', scroll: 0}};
    case 'scroll':
      if (state.overlay?.kind === 'docs') return {...state, overlay: {kind: 'docs', scroll: clamp(state.overlay.scroll + action.delta, 0, action.max)}};
      return {...state, scroll: clamp(state.scroll + action.delta, 0, action.max)};
    case 'editOpen': {
      if (state.overlay?.kind === 'docs') return state;
      if (!f.fix || f.fix.params.length === 0) return {...state, notice: {text: f.fix ? 'This fix has no parameters.' : 'This finding has no automatic fix.'}};
      const field = clamp(action.field ?? 0, 0, f.fix.params.length - 1);
      return {...state, overlay: {kind: 'edit', field, value: paramValues(state, f)[f.fix.params[field]!.name] ?? '', error: null}};
    }
    case 'openReview':
      return {...state, screen: 'review', reviewFrom: 'walk', scroll: 0, overlay: null, beforeSafe: null};
    default:
      return state;
  }
}

function editing(state: WizardState, action: Action): WizardState {
  const f = currentFinding(state);
  const overlay = state.overlay;
  if (!f?.fix || overlay?.kind !== 'edit') return state;
  const param = f.fix.params[overlay.field]!;
  switch (action.type) {
    case 'editChange':
      return {...state, overlay: {...overlay, value: action.value, error: null}};
    case 'editType': {
      // Control characters never enter a value.
      const text = action.text.replace(/[\u0000-\u001F\u007F]/g, '');
      return text ? {...state, overlay: {...overlay, value: overlay.value + text, error: null}} : state;
    }
    case 'editErase':
      return {...state, overlay: {...overlay, value: [...overlay.value].slice(0, -1).join(''), error: null}};
    case 'cycleChoice': {
      if (!param.choices?.length) return state;
      const at = param.choices.indexOf(overlay.value);
      const n = param.choices.length;
      const value = param.choices[(((at < 0 ? 0 : at + action.delta) % n) + n) % n]!;
      return {...state, overlay: {...overlay, value, error: null}};
    }
    case 'editCancel':
      return {...state, overlay: null};
    case 'editCommit':
    case 'editField': {
      const error = validateParam(f, param, overlay.value);
      if (error) return {...state, overlay: {...overlay, error}};
      const params = new Map(state.params);
      params.set(f.fingerprint, {...(state.params.get(f.fingerprint) ?? {}), [param.name]: overlay.value});
      const shared = new Map(state.shared);
      if (SHARED_PARAMS.has(param.name)) {
        if (overlay.value === param.default) shared.delete(param.name);
        else shared.set(param.name, {from: param.default, to: overlay.value});
      }
      // Accepted fixes follow: the one edited, and those of the same user elsewhere.
      const accepted = new Map(state.accepted);
      for (const fp of accepted.keys()) {
        const other = state.findings.find((x) => x.fingerprint === fp);
        if (other) accepted.set(fp, paramValues({params, shared}, other));
      }
      const followers = SHARED_PARAMS.has(param.name) && overlay.value !== param.default
        ? state.findings.filter((x) => x !== f && x.fix?.params.some((q) => q.name === param.name && q.default === param.default)).length
        : 0;
      const notice = followers > 0 ? {text: `${param.label} ${overlay.value} also applies to ${followers} other fix${followers === 1 ? '' : 'es'} for the same user, so one UID flows through every file.`} : state.notice;
      if (action.type === 'editCommit') return {...state, params, shared, accepted, overlay: null, notice};
      const field = clamp(overlay.field + action.delta, 0, f.fix.params.length - 1);
      const nextParam = f.fix.params[field]!;
      return {...state, params, shared, accepted, overlay: {kind: 'edit', field, value: paramValues({params, shared}, f)[nextParam.name] ?? '', error: null}};
    }
    default:
      return state;
  }
}

function review(state: WizardState, action: Action): WizardState {
  switch (action.type) {
    case 'scroll':
      return {...state, scroll: clamp(state.scroll + action.delta, 0, action.max)};
    case 'write':
      if (pendingChanges(state) === 0) return {...state, notice: {text: 'Nothing to write: no change was accepted.'}};
      return {...state, screen: 'writing', error: null};
    case 'back': {
      if (state.reviewFrom === 'safe' && state.beforeSafe) {
        const {accepted, ignored, decisions} = state.beforeSafe;
        return {...state, screen: 'overview', accepted, ignored, decisions, beforeSafe: null, scroll: 0};
      }
      if (state.reviewFrom === 'walk' && state.queue.length > 0) {
        return {...state, screen: 'finding', index: Math.min(state.index, state.queue.length - 1), scroll: 0};
      }
      return {...state, screen: 'overview', scroll: 0};
    }
    case 'openOverview':
      return {...state, screen: 'overview', scroll: 0, beforeSafe: null};
    case 'tryIt':
      if (state.accepted.size === 0) return {...state, notice: {text: 'Nothing to try: no fix was accepted.'}};
      return {...state, screen: 'trying', error: null, trial: {id: (state.trial?.id ?? 0) + 1, log: [], result: null, cursor: 0, dropped: new Set()}};
    default:
      return state;
  }
}

const TRIAL_LOG_LINES = 8;

function trying(state: WizardState, action: Action): WizardState {
  const trial = state.trial;
  if (!trial) return state;
  switch (action.type) {
    case 'tryProgress':
      return {...state, trial: {...trial, log: [...trial.log, action.message].slice(-TRIAL_LOG_LINES)}};
    case 'tried':
      return {...state, screen: 'tried', scroll: 0, trial: {...trial, result: action.result, cursor: 0}};
    case 'tryFailed':
      return {...state, screen: 'review', trial: null, notice: {text: `Could not try the fixes: ${action.message}`}};
    case 'back':
      return {...state, screen: 'review', trial: null, notice: {text: 'Stopped trying; what it started is being removed.'}};
    default:
      return state;
  }
}

function tried(state: WizardState, action: Action): WizardState {
  const trial = state.trial;
  if (!trial) return state;
  const blamed = blamedFixes(trial.result);
  switch (action.type) {
    case 'move':
      return {...state, trial: {...trial, cursor: clamp(trial.cursor + action.delta, 0, blamed.length - 1)}};
    case 'scroll':
      return {...state, scroll: clamp(state.scroll + action.delta, 0, action.max)};
    case 'dropBlamed': {
      const targets = action.all ? blamed : blamed.slice(trial.cursor, trial.cursor + 1);
      const fresh = targets.filter((b) => state.accepted.has(b.fingerprint));
      if (fresh.length === 0) return {...state, notice: {text: blamed.length === 0 ? 'No fix to drop: none broke a service.' : 'Already left out.'}};
      const accepted = new Map(state.accepted);
      const decisions = new Map(state.decisions);
      const dropped = new Set(trial.dropped);
      for (const b of fresh) {
        accepted.delete(b.fingerprint);
        decisions.set(b.fingerprint, 'skipped');
        dropped.add(b.fingerprint);
      }
      const names = fresh.map((b) => b.rule).join(', ');
      return {...state, accepted, decisions, trial: {...trial, dropped}, notice: {text: `Left out ${names}; the rest stays accepted. Try again (t) or review the changes (b).`}};
    }
    case 'tryIt':
      if (state.accepted.size === 0) return {...state, notice: {text: 'Nothing to try: no fix is accepted now.'}};
      return {...state, screen: 'trying', scroll: 0, trial: {id: trial.id + 1, log: [], result: null, cursor: 0, dropped: new Set()}};
    case 'back':
    case 'select':
      return {...state, screen: 'review', scroll: 0};
    case 'write':
      return review({...state, screen: 'review'}, action);
    default:
      return state;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, Math.max(min, max)));
}
