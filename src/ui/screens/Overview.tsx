import {Box} from 'ink';
import type {Dispatch} from 'react';
import type {Kind, Severity} from '../../core/model.js';
import {countBySeverity, hardeningScore, SEVERITY_WEIGHT} from '../../core/session.js';
import {FILTER_ROWS, filterChoices, overviewItems, pendingChanges, visibleFindings, type Action, type OverviewItem, type OverviewView, type WizardState} from '../state/reducer.js';
import {describeFilter, isFiltered} from '../state/groups.js';
import type {Size} from '../hooks/useTerminalSize.js';
import {isDown, isUp, useKeys} from '../hooks/keys.js';
import {Footer, footerLines, Header, type KeyHint} from '../components/Chrome.js';
import {LinesView} from '../components/LinesView.js';
import {line, padEnd, scoreBar, scoreColor, seg, SEVERITY_COLOR, truncate, type Line, type Seg} from '../components/lines.js';
import {KIND_LABEL} from '../view.js';

export function severityLine(counts: Partial<Record<Severity, number>>): Line {
  const segs: Seg[] = [];
  for (const [severity, n] of Object.entries(counts)) {
    if (segs.length > 0) segs.push(seg(' · ', {dim: true}));
    segs.push(seg(`${n} ${severity}`, {color: SEVERITY_COLOR[severity], bold: severity === 'critical' || severity === 'high'}));
  }
  return segs.length > 0 ? segs : [seg('no findings', {color: 'green'})];
}

/** The overview rows, with a section heading before each group; `cursorRow` is the selected row. */
export function overviewLines(state: WizardState, width: number): {lines: Line[]; cursorRow: number} {
  const items = overviewItems(state);
  const shown = visibleFindings(state);
  const lines: Line[] = [];
  let cursorRow = 0;
  let section = '';
  const pathWidth = Math.min(Math.max(12, ...state.files.map((f) => f.path.length)), Math.max(12, width - 46));
  const decidedOf = (fps: readonly string[]) => fps.filter((fp) => state.decisions.has(fp)).length;
  items.forEach((item, index) => {
    const heading = sectionOf(item);
    if (heading !== section) {
      if (lines.length > 0) lines.push([]);
      if (heading) lines.push(line(seg(heading, {bold: true, underline: true})));
      section = heading;
    }
    const selected = index === state.overviewCursor;
    if (selected) cursorRow = lines.length;
    const pointer = seg(selected ? '❯ ' : '  ', {color: 'cyan', bold: true});
    const label = (text: string, extra: Seg[] = []): Line => [pointer, seg(text, {bold: selected, inverse: selected}), ...extra];
    switch (item.type) {
      case 'all':
        lines.push(item.count > 0 ? label(`Walk through every finding (${item.count})`, [seg('  enter', {dim: true})]) : label('Nothing to fix: no findings.'));
        break;
      case 'safe':
        lines.push(label(`Apply all safe fixes (${item.count})`, [seg('  shows the combined diff first', {dim: true})]));
        break;
      case 'rule': {
        const mine = shown.filter((f) => f.rule === item.rule);
        const decided = decidedOf(mine.map((f) => f.fingerprint));
        const severity = mine[0]!.severity;
        const text = truncate(`${item.rule} ${item.title} — ${item.extent}`, Math.max(10, width - 24));
        lines.push([
          pointer,
          seg(item.rule, {color: SEVERITY_COLOR[severity], bold: true, inverse: selected}),
          seg(text.slice(item.rule.length), {bold: selected, inverse: selected}),
          ...(decided > 0 ? [seg(` · ${decided}/${mine.length} decided`, {color: 'green'})] : []),
        ]);
        break;
      }
      case 'service': {
        const mine = shown.filter((f) => f.path === item.path);
        const decided = decidedOf(mine.map((f) => f.fingerprint));
        lines.push([pointer, seg(truncate(`${item.unit}  `, Math.max(10, width - 40)), {bold: selected, inverse: selected}), seg(`${item.path} · ${item.count} finding${item.count === 1 ? '' : 's'}`, {dim: true}), ...(decided > 0 ? [seg(` · ${decided} decided in the file`, {color: 'green'})] : [])]);
        break;
      }
      case 'severity':
        lines.push([pointer, seg(`${item.severity} (${item.count})`, {color: SEVERITY_COLOR[item.severity], bold: selected, inverse: selected})]);
        break;
      case 'file': {
        const mine = state.findings.filter((f) => f.path === item.path);
        const score = hardeningScore(mine);
        const listed = shown.filter((f) => f.path === item.path).length;
        const decided = mine.filter((f) => state.accepted.has(f.fingerprint) || state.ignored.has(f.fingerprint)).length;
        lines.push([
          pointer,
          seg(padEnd(item.path, pathWidth), {bold: selected, inverse: selected}),
          seg(' '),
          seg(scoreBar(score), {color: scoreColor(score)}),
          seg(` ${String(score).padStart(3)}  `),
          seg(`${listed} finding${listed === 1 ? '' : 's'}${listed < mine.length ? ` of ${mine.length}` : ''}`),
          ...(decided > 0 ? [seg(` · ${decided} chosen`, {color: 'green'})] : []),
        ]);
        break;
      }
    }
  });
  return {lines, cursorRow};
}

function nextView(view: OverviewView): OverviewView {
  const views: OverviewView[] = ['file', 'rule', 'service'];
  return views[(views.indexOf(view) + 1) % views.length]!;
}

function sectionOf(item: OverviewItem): string {
  if (item.type === 'all' || item.type === 'safe') return '';
  if (item.type === 'severity') return 'By severity';
  if (item.type === 'rule') return 'By rule';
  if (item.type === 'service') return 'By service or workload';
  return KIND_LABEL[item.kind as Kind];
}

const VIEW_LABEL: Record<OverviewView, string> = {file: 'severity and file', rule: 'rule', service: 'service'};

/** What the score counts (`?` on the overview). */
export function scoreLines(width: number): Line[] {
  const weights = Object.entries(SEVERITY_WEIGHT)
    .reverse()
    .map(([s, w]) => `${w} per ${s}`)
    .join(', ');
  const text = [
    `The score of a file is 100 minus ${weights} finding, and never below 0. 100 means shipshape found nothing in it.`,
    'It counts what shipshape checks (root users, capabilities, limits, secrets, pinned images, …), not how exposed the service is: a low score on a file nobody runs matters less than a 90 on the one facing the internet.',
    'The review and the done screen show each file’s score before and after the accepted changes.',
  ];
  return text.flatMap((t, i) => [...(i > 0 ? [[] as Line] : []), ...wrapText(t, width).map((l) => line(l))]);
}

function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out;
}

/** The filter's rows, the one being changed marked. */
function filterLines(state: WizardState): Line[] {
  const choices = filterChoices(state.findings);
  const row = state.overlay?.kind === 'filter' ? state.overlay.row : -1;
  return FILTER_ROWS.map((name, i) => {
    const values = choices[name] as Array<string | null>;
    const current = state.filter[name];
    const shownValues = values.length > 8 ? [current] : values;
    return [
      seg(i === row ? '❯ ' : '  ', {color: 'cyan', bold: true}),
      seg(`${name.padEnd(9)}`, {bold: i === row}),
      ...shownValues.flatMap((v) => [seg(' '), seg(` ${v ?? 'any'} `, {inverse: v === current, bold: v === current})]),
      ...(values.length > 8 ? [seg(`  (${values.length - 1} rules: ←→)`, {dim: true})] : []),
    ];
  });
}

export function OverviewScreen(props: {state: WizardState; root: string; dispatch: Dispatch<Action>; size: Size; active: boolean}) {
  const {state, dispatch} = props;
  const {columns: width, rows} = props.size;
  const pending = pendingChanges(state);
  useKeys(
    (input, key) => {
      if (isUp(input, key)) dispatch({type: 'move', delta: -1});
      else if (isDown(input, key)) dispatch({type: 'move', delta: 1});
      else if (key.pageUp) dispatch({type: 'move', delta: -5});
      else if (key.pageDown) dispatch({type: 'move', delta: 5});
      else if (key.return) dispatch({type: 'select'});
      else if (input === 'r') dispatch({type: 'openReview'});
      else if (input === 'q') dispatch({type: 'quit'});
      else if (input === 'g') dispatch({type: 'cycleView'});
      else if (input === 'f' || input === '/') dispatch({type: 'filterOpen'});
      else if (input === 'F') dispatch({type: 'filterClear'});
      else if (input === '?') dispatch({type: 'toggleScore'});
    },
    {isActive: props.active && state.overlay === null},
  );
  useKeys(
    (input, key) => {
      if (isUp(input, key)) dispatch({type: 'move', delta: -1});
      else if (isDown(input, key)) dispatch({type: 'move', delta: 1});
      else if (key.leftArrow || input === 'h') dispatch({type: 'filterChange', delta: -1});
      else if (key.rightArrow || input === 'l' || input === ' ') dispatch({type: 'filterChange', delta: 1});
      else if (input === 'F' || input === 'x') dispatch({type: 'filterClear'});
      else if (key.return || key.escape || input === 'f' || input === '/' || input === 'b') dispatch({type: 'select'});
      else if (input === 'q') dispatch({type: 'quit'});
    },
    {isActive: props.active && state.overlay?.kind === 'filter'},
  );
  useKeys(
    (input, key) => {
      if (input === '?' || input === 'b' || key.escape || key.return) dispatch({type: 'toggleScore'});
      else if (input === 'q') dispatch({type: 'quit'});
    },
    {isActive: props.active && state.overlay?.kind === 'score'},
  );
  const filtering = state.overlay?.kind === 'filter';
  const keys: KeyHint[] = filtering
    ? [['↑↓', 'row'], ['←→ space', 'change'], ['x', 'clear'], ['enter esc', 'done']]
    : state.overlay?.kind === 'score'
      ? [['? b esc', 'close'], ['q', 'quit']]
      : [
          ['↑↓ j/k', 'move'],
          ['enter', 'open'],
          ['g', `group by ${VIEW_LABEL[nextView(state.view)]}`],
          ['f /', 'filter'],
          ...(isFiltered(state.filter) ? ([['F', 'clear filter']] as KeyHint[]) : []),
          ['?', 'score'],
          ...(pending > 0 ? ([['r', `review ${pending} chosen`]] as KeyHint[]) : []),
          ['q', 'quit'],
        ];
  const top: Line[] = [
    line(seg('Findings: ', {bold: true}), ...severityLine(countBySeverity(state.findings))),
    ...(isFiltered(state.filter) || filtering ? [line(seg('Showing: ', {bold: true}), seg(describeFilter(state.filter), {color: 'cyan'}), seg(`  (${visibleFindings(state).length} of ${state.findings.length})`, {dim: true}))] : []),
    ...(filtering ? filterLines(state) : []),
    ...state.problems.slice(0, 2).map((p) => line(seg(`! ${truncate(p, width - 2)}`, {color: 'yellow'}))),
    ...(state.problems.length > 2 ? [line(seg(`  … and ${state.problems.length - 2} more files not read`, {dim: true}))] : []),
    [],
  ];
  const footer = footerLines(keys, width, state.notice?.text);
  const height = Math.max(3, rows - 1 - 1 - top.length - footer.length);
  const {lines, cursorRow} = state.overlay?.kind === 'score' ? {lines: scoreLines(width), cursorRow: 0} : overviewLines(state, width);
  const scroll = lines.length <= height ? 0 : Math.max(0, Math.min(cursorRow - Math.floor(height / 3), lines.length - (height - 1)));
  const files = state.files.length;
  return (
    <Box flexDirection="column" width={width}>
      <Header title={`shipshape · ${props.root}`} right={`${state.findings.length} findings in ${files} file${files === 1 ? '' : 's'}`} width={width} />
      <LinesView lines={top} height={top.length} width={width} scroll={0} />
      <LinesView lines={lines} height={height} width={width} scroll={scroll} />
      <Footer keys={keys} notice={state.notice?.text} width={width} />
    </Box>
  );
}
