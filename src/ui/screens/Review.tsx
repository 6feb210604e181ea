import {useMemo} from 'react';
import {Box} from 'ink';
import type {Dispatch} from 'react';
import type {Plan} from '../../core/plan.js';
import type {Action, WizardState} from '../state/reducer.js';
import type {Size} from '../hooks/useTerminalSize.js';
import {scrollDelta, useKeys} from '../hooks/keys.js';
import {Footer, footerLines, Header, type KeyHint} from '../components/Chrome.js';
import {LinesView, maxScroll} from '../components/LinesView.js';
import {diffLines} from '../components/diff.js';
import {line, seg, truncate, type Line} from '../components/lines.js';
import {planChanges} from '../view.js';
import {maskSecrets} from '../../knowledge/secrets.js';

export function ReviewScreen(props: {state: WizardState; plan: Plan; masks: readonly string[]; root: string; dispatch: Dispatch<Action>; size: Size; active: boolean}) {
  const {state, plan, dispatch} = props;
  const {columns: width, rows} = props.size;
  const writing = state.screen === 'writing';
  const fixes = state.accepted.size;
  const ignores = state.ignored.size;
  const top: Line[] = [];
  if (fixes + ignores === 0) {
    top.push(line(seg('No change accepted yet. ', {bold: true}), seg('Go back (b) or to the overview (o) to choose some.', {dim: true})));
  } else {
    top.push(
      line(
        seg('Accepted: ', {bold: true}),
        seg(`${fixes} fix${fixes === 1 ? '' : 'es'}`),
        ...(ignores > 0 ? [seg(`, ${ignores} ignore comment${ignores === 1 ? '' : 's'}`)] : []),
        seg(` · ${plan.files.length} file${plan.files.length === 1 ? '' : 's'} change${plan.files.length === 1 ? 's' : ''}`, {dim: true}),
        seg('  Nothing is written until you press w.', {dim: true}),
      ),
    );
  }
  for (const s of plan.skipped.slice(0, 3)) top.push(line(seg(truncate(`! ${s.rule} ${s.path}: not applied (${maskSecrets(s.detail, props.masks)})`, width), {color: 'yellow'})));
  if (plan.skipped.length > 3) top.push(line(seg(`  … and ${plan.skipped.length - 3} more fixes not applied`, {dim: true})));
  if (!plan.converged) top.push(line(seg('! Some fixes kept changing each other; the plan stopped after its last stable pass.', {color: 'yellow'})));
  if (state.error && !writing) top.push(line(seg(truncate(`✘ ${maskSecrets(state.error, props.masks)}`, width), {color: 'red'})));
  const keys: KeyHint[] = writing
    ? [['', 'writing…']]
    : [
        ['w', 'write'],
        ['t', 'try it'],
        ['b', 'back'],
        ['o', 'overview'],
        ['↑↓ j/k PgUp/PgDn', 'scroll'],
        ['q', 'quit'],
      ];
  const footer = footerLines(keys, width, state.notice?.text);
  const height = Math.max(3, rows - 1 - 1 - top.length - footer.length);
  const diff = useMemo(() => diffLines(planChanges(plan), {secrets: plan.secretLines}), [plan]);
  useKeys(
    (input, key) => {
      const delta = scrollDelta(input, key, height);
      if (delta !== 0) dispatch({type: 'scroll', delta, max: maxScroll(diff.length, height)});
      else if (input === 'w') dispatch({type: 'write'});
      else if (input === 't') dispatch({type: 'tryIt'});
      else if (input === 'b' || key.leftArrow) dispatch({type: 'back'});
      else if (input === 'o') dispatch({type: 'openOverview'});
      else if (input === 'q') dispatch({type: 'quit'});
    },
    {isActive: props.active && !writing},
  );
  return (
    <Box flexDirection="column" width={width}>
      <Header title={`shipshape · review`} right={writing ? 'writing…' : `${plural(plan.files.length, 'file')} · ${plural(fixes + ignores, 'change')}`} width={width} />
      <LinesView lines={top} height={top.length} width={width} scroll={0} />
      <LinesView lines={diff.length > 0 ? diff : [line(seg('No diff.', {dim: true}))]} height={height} width={width} scroll={state.scroll} />
      <Footer keys={keys} notice={state.notice?.text} width={width} />
    </Box>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
