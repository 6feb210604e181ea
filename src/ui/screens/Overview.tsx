import React from 'react';
import {Box} from 'ink';
import type {Dispatch} from 'react';
import type {Kind, Severity} from '../../core/model.js';
import {countBySeverity, hardeningScore} from '../../core/session.js';
import {overviewItems, pendingChanges, type Action, type OverviewItem, type WizardState} from '../state/reducer.js';
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
  const lines: Line[] = [];
  let cursorRow = 0;
  let section = '';
  const pathWidth = Math.min(Math.max(12, ...state.files.map((f) => f.path.length)), Math.max(12, width - 46));
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
      case 'severity':
        lines.push([pointer, seg(`${item.severity} (${item.count})`, {color: SEVERITY_COLOR[item.severity], bold: selected, inverse: selected})]);
        break;
      case 'file': {
        const mine = state.findings.filter((f) => f.path === item.path);
        const score = hardeningScore(mine);
        const decided = mine.filter((f) => state.accepted.has(f.fingerprint) || state.ignored.has(f.fingerprint)).length;
        lines.push([
          pointer,
          seg(padEnd(item.path, pathWidth), {bold: selected, inverse: selected}),
          seg(' '),
          seg(scoreBar(score), {color: scoreColor(score)}),
          seg(` ${String(score).padStart(3)}  `),
          seg(mine.length === 0 ? 'no findings' : `${mine.length} finding${mine.length === 1 ? '' : 's'}`, {dim: mine.length === 0}),
          ...(decided > 0 ? [seg(` · ${decided} chosen`, {color: 'green'})] : []),
        ]);
        break;
      }
    }
  });
  return {lines, cursorRow};
}

function sectionOf(item: OverviewItem): string {
  if (item.type === 'all' || item.type === 'safe') return '';
  if (item.type === 'severity') return 'By severity';
  return KIND_LABEL[item.kind as Kind];
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
    },
    {isActive: props.active},
  );
  const keys: KeyHint[] = [
    ['↑↓ j/k', 'move'],
    ['enter', 'open'],
    ...(pending > 0 ? ([['r', `review ${pending} chosen`]] as KeyHint[]) : []),
    ['q', 'quit'],
  ];
  const top: Line[] = [
    line(seg('Findings: ', {bold: true}), ...severityLine(countBySeverity(state.findings))),
    ...state.problems.slice(0, 2).map((p) => line(seg(`! ${truncate(p, width - 2)}`, {color: 'yellow'}))),
    ...(state.problems.length > 2 ? [line(seg(`  … and ${state.problems.length - 2} more files not read`, {dim: true}))] : []),
    [],
  ];
  const footer = footerLines(keys, width);
  const noticeRows = state.notice ? 1 : 0;
  const height = Math.max(3, rows - 1 - 1 - top.length - footer.length - noticeRows);
  const {lines, cursorRow} = overviewLines(state, width);
  const scroll = lines.length <= height ? 0 : Math.max(0, Math.min(cursorRow - Math.floor(height / 3), lines.length - (height - 1)));
  const files = state.files.length;
  return (
    <Box flexDirection="column" width={width}>
      <Header title={`shipshape · ${props.root}`} right={`${state.findings.length} findings in ${files} file${files === 1 ? '' : 's'}`} width={width} />
      <LinesView lines={top} height={top.length} width={width} scroll={0} />
      <LinesView lines={lines} height={height} width={width} scroll={scroll} />
      {state.notice ? <LinesView lines={[line(seg(state.notice.text, {color: 'yellow'}))]} height={1} width={width} scroll={0} /> : null}
      <Footer keys={keys} width={width} />
    </Box>
  );
}
