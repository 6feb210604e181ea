import {useMemo} from 'react';
import {Box} from 'ink';
import type {Dispatch} from 'react';
import type {Finding} from '../../core/model.js';
import {maskSecrets} from '../../knowledge/secrets.js';
import {membersOf, missingInput, type Action, type WizardState} from '../state/reducer.js';
import type {Size} from '../hooks/useTerminalSize.js';
import {scrollDelta, useKeys} from '../hooks/keys.js';
import {Footer, footerLines, Header, type KeyHint} from '../components/Chrome.js';
import {LinesView, maxScroll} from '../components/LinesView.js';
import {diffLines} from '../components/diff.js';
import {line, seg, truncate, wrapLimited, type Line} from '../components/lines.js';
import type {GroupPreview} from '../view.js';

/** What a group holds, counted by what A would do with each finding. */
export function groupCounts(state: WizardState, findings: readonly Finding[]) {
  const counts = {fixable: 0, needValue: 0, noFix: 0, ignored: 0, accepted: 0, skipped: 0, safe: 0, unsafe: 0};
  for (const f of findings) {
    if (state.ignored.has(f.fingerprint)) counts.ignored++;
    else if (!f.fix) counts.noFix++;
    else if (missingInput(state, f) >= 0) counts.needValue++;
    else {
      counts.fixable++;
      counts[f.fix.safety]++;
    }
    const decision = state.decisions.get(f.fingerprint);
    if (decision === 'accepted') counts.accepted++;
    if (decision === 'skipped') counts.skipped++;
  }
  return counts;
}

/** A group of findings (a rule, a file, a service, the rest of a file): its combined diff, A / S, or step in. */
export function GroupScreen(props: {state: WizardState; preview: GroupPreview; root: string; dispatch: Dispatch<Action>; size: Size; active: boolean}) {
  const {state, preview, dispatch} = props;
  const {columns: width, rows} = props.size;
  const group = state.group!;
  const findings = group.items.flatMap((fp) => membersOf(state, fp)).map((fp) => state.findings.find((f) => f.fingerprint === fp)).filter((f): f is Finding => f !== undefined);
  const c = groupCounts(state, findings);
  const folded = findings.length - group.items.length;
  const top: Line[] = [line(seg(truncate(group.label, width), {bold: true}))];
  const parts = [
    `${findings.length} finding${findings.length === 1 ? '' : 's'}${folded > 0 ? ` as ${group.items.length} item${group.items.length === 1 ? '' : 's'} (one edit fixes several)` : ''}`,
    ...(c.fixable > 0 ? [`A accepts ${c.fixable} fix${c.fixable === 1 ? '' : 'es'}${c.unsafe > 0 ? ` (${c.unsafe} unsafe)` : ''}`] : []),
    ...(c.needValue > 0 ? [`${c.needValue} need a value (step in)`] : []),
    ...(c.noFix > 0 ? [`${c.noFix} without automatic fix`] : []),
    ...(c.ignored > 0 ? [`${c.ignored} ignored`] : []),
  ];
  for (const t of wrapLimited(parts.join(' · '), width, 2)) top.push(line(seg(t, {dim: true})));
  const titles = [...new Set(findings.filter((f) => f.fix).map((f) => `${f.rule}: ${f.fix!.title}`))];
  if (titles.length === 1) top.push(line(seg('Fix: ', {bold: true}), seg(truncate(titles[0]!, width - 5))));
  const risks = [...new Set(findings.filter((f) => f.fix?.safety === 'unsafe' && f.fix.risk).map((f) => f.fix!.risk!))];
  if (risks.length === 1) wrapLimited(`May break: ${maskSecrets(risks[0]!, preview.masks)}`, width, 2).forEach((t) => top.push(line(seg(t, {color: 'yellow'}))));
  else if (c.unsafe > 0) top.push(line(seg('Unsafe fixes among them: step in (enter) to read what each may break.', {color: 'yellow'})));
  if (c.accepted + c.skipped > 0) top.push(line(seg(`Decided so far: ${c.accepted} accepted, ${c.skipped} skipped`, {color: 'green'})));
  for (const p of preview.problems.slice(0, 1)) top.push(line(seg(truncate(`Cannot apply: ${maskSecrets(p, preview.masks)}`, width), {color: 'red'})));

  const keys: KeyHint[] = [
    ...(c.fixable > 0 ? ([['A', 'accept all']] as KeyHint[]) : []),
    ['S', 'skip all'],
    ['enter', group.from === 'walk' ? 'back to one by one' : 'one by one'],
    ['↑↓ j/k', 'scroll'],
    ['b', 'back'],
    ['r', 'review'],
    ['q', 'quit'],
  ];
  const footer = footerLines(keys, width, state.notice?.text);
  const diff = useMemo(() => diffLines(preview.changes, {secrets: preview.secretLines}), [preview]);
  const title = line(seg('── ', {dim: true}), seg('Combined diff', {bold: true}), seg(state.accepted.size > 0 ? ' on top of what you accepted ' : ' ', {dim: true}), seg('─'.repeat(width), {dim: true}));
  const height = Math.max(3, rows - 1 - top.length - 1 - footer.length);
  useKeys(
    (input, key) => {
      const delta = scrollDelta(input, key, height);
      if (delta !== 0 && input !== ' ') dispatch({type: 'scroll', delta, max: maxScroll(diff.length, height)});
      else if (input === 'A') dispatch({type: 'groupAccept'});
      else if (input === 'S') dispatch({type: 'groupSkip'});
      else if (key.return) dispatch({type: 'select'});
      else if (input === 'b' || key.leftArrow || key.escape) dispatch({type: 'back'});
      else if (input === 'r') dispatch({type: 'openReview'});
      else if (input === 'o') dispatch({type: 'openOverview'});
      else if (input === 'q') dispatch({type: 'quit'});
    },
    {isActive: props.active},
  );
  const empty = c.fixable === 0 ? 'No diff: nothing here can be fixed without a value or a person.' : 'Nothing left to change: what you accepted already fixes these.';
  return (
    <Box flexDirection="column" width={width}>
      <Header title={`shipshape · ${props.root}`} right={`group of ${group.items.length}`} width={width} />
      <LinesView lines={top} height={top.length} width={width} scroll={0} />
      <LinesView lines={[title]} height={1} width={width} scroll={0} />
      <LinesView lines={diff.length > 0 ? diff : [line(seg(`  ${empty}`, {dim: true}))]} height={height} width={width} scroll={state.scroll} />
      <Footer keys={keys} notice={state.notice?.text} width={width} />
    </Box>
  );
}
