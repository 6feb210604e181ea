import {useMemo} from 'react';
import {Box} from 'ink';
import type {Dispatch} from 'react';
import type {Plan} from '../../core/plan.js';
import type {Session} from '../../core/session.js';
import {maskSecrets} from '../../knowledge/secrets.js';
import type {Action, WizardState} from '../state/reducer.js';
import type {Size} from '../hooks/useTerminalSize.js';
import {scrollDelta, useKeys} from '../hooks/keys.js';
import {Footer, footerLines, Header, type KeyHint} from '../components/Chrome.js';
import {LinesView, maxScroll} from '../components/LinesView.js';
import {line, padEnd, scoreBar, scoreColor, seg, wrapText, type Line} from '../components/lines.js';
import {fileScores, guidanceLeft, nextSteps} from '../view.js';

/** The summary rows after a write. */
/**
 * The backup folder and the undo command as the user types them where they started shipshape: the
 * wizard runs inside the folder it hardens, the shell that started it does not.
 */
export function undoHint(root: string, backupDir: string): {backup: string; command: string} {
  if (root === '.' || root === '' || root === './') return {backup: backupDir, command: 'shipshape undo'};
  const quoted = /^[\w@%+=:,./-]+$/.test(root) ? root : `'${root.replace(/'/g, `'\\''`)}'`;
  return {backup: `${root.replace(/\/+$/, '')}/${backupDir}`, command: `shipshape undo ${quoted}`};
}

export function doneLines(state: WizardState, session: Session, plan: Plan, masks: readonly string[], width: number, root = '.'): Line[] {
  const outcome = state.outcome!;
  const out: Line[] = [];
  const mask = (t: string) => maskSecrets(t, masks);
  if (outcome.written.length > 0) {
    out.push(line(seg(`✔ Wrote ${outcome.written.length} file${outcome.written.length === 1 ? '' : 's'}:`, {bold: true, color: 'green'})));
    for (const p of outcome.written) out.push(line(`  ${p}`));
  } else {
    out.push(line(seg(outcome.refused.length > 0 ? 'Nothing was written (the files of a run are written together or not at all).' : 'Nothing was written.', {bold: true})));
  }
  for (const r of outcome.refused) out.push(line(seg(`✘ ${r.path}: not written: ${r.reason}`, {color: 'red'})));
  for (const n of outcome.notes ?? []) out.push(line(seg(n, {dim: true})));
  if (outcome.backupDir) {
    out.push([]);
    const hint = undoHint(root, outcome.backupDir);
    out.push(line(seg('Backup: ', {bold: true}), seg(hint.backup)));
    out.push(line('  To restore the files as they were: ', seg(hint.command, {bold: true, color: 'cyan'})));
  }
  const written = new Set(outcome.written);
  const scores = fileScores(state.files, state.findings, plan).filter((s) => s.findings > 0 || plan.files.some((f) => f.path === s.path));
  if (scores.length > 0) {
    out.push([]);
    out.push(line(seg('Hardening score', {bold: true}), seg(' (before → after)', {dim: true})));
    const pathWidth = Math.min(Math.max(...scores.map((s) => s.path.length)), Math.max(10, width - 42));
    for (const s of scores) {
      const after = written.has(s.path) ? s.after : s.before;
      out.push(
        line(
          `  ${padEnd(s.path, pathWidth)} `,
          seg(scoreBar(s.before, 8), {color: scoreColor(s.before)}),
          ` ${String(s.before).padStart(3)} → `,
          seg(scoreBar(after, 8), {color: scoreColor(after)}),
          seg(` ${String(after).padStart(3)}`, {bold: after > s.before}),
        ),
      );
    }
  }
  const remaining = outcome.written.length > 0 ? plan.remaining : state.findings;
  const guidance = guidanceLeft(remaining);
  out.push([]);
  out.push(line(seg('What is left: ', {bold: true}), seg(remaining.length === 0 ? 'nothing, well done.' : `${remaining.length} finding${remaining.length === 1 ? '' : 's'}${guidance.length > 0 ? `, ${guidance.length} of them need a person:` : ''}`)));
  for (const f of guidance) {
    out.push(line(seg(`  • ${f.rule} `, {bold: true}), seg(`${f.path}:${f.line} `, {color: 'cyan'}), mask(f.message)));
    if (f.advice) for (const r of wrapText(mask(f.advice), width - 6)) out.push(line(seg(`      ${r}`, {dim: true})));
  }
  out.push([]);
  out.push(line(seg('Next steps', {bold: true})));
  for (const step of nextSteps(session, remaining, outcome.written.length > 0)) {
    wrapText(step, width - 4).forEach((r, i) => out.push(line(i === 0 ? `  • ${r}` : `    ${r}`)));
  }
  return out;
}

export function DoneScreen(props: {state: WizardState; session: Session; plan: Plan; masks: readonly string[]; root: string; dispatch: Dispatch<Action>; size: Size; active: boolean}) {
  const {state, dispatch} = props;
  const {columns: width, rows} = props.size;
  const keys: KeyHint[] = [
    ['enter q', 'exit'],
    ['↑↓ j/k PgUp/PgDn', 'scroll'],
  ];
  const footer = footerLines(keys, width);
  const height = Math.max(3, rows - 1 - 1 - footer.length);
  const lines = useMemo(() => doneLines(state, props.session, props.plan, props.masks, width, props.root), [state.outcome, props.session, props.plan, props.masks, width, props.root]);
  useKeys(
    (input, key) => {
      const delta = scrollDelta(input, key, height);
      if (delta !== 0) dispatch({type: 'scroll', delta, max: maxScroll(lines.length, height)});
      else if (key.return) dispatch({type: 'select'});
      else if (input === 'q') dispatch({type: 'quit'});
    },
    {isActive: props.active},
  );
  return (
    <Box flexDirection="column" width={width}>
      <Header title={`shipshape · done`} right={props.root} width={width} />
      <LinesView lines={lines} height={height} width={width} scroll={state.scroll} />
      <Footer keys={keys} width={width} />
    </Box>
  );
}
