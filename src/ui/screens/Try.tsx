/**
 * "Try it" (t on the review): the accepted fixes built and started on a temporary copy with the
 * container engine (shipshape verify), each service's state before and after, and the fixes that
 * broke one, which the user can leave out (d) while keeping the rest.
 */
import {useMemo} from 'react';
import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import type {Dispatch} from 'react';
import {blamedFixes, type Action, type WizardState} from '../state/reducer.js';
import type {Size} from '../hooks/useTerminalSize.js';
import {scrollDelta, useKeys} from '../hooks/keys.js';
import {Footer, footerLines, Header, type KeyHint} from '../components/Chrome.js';
import {LinesView, maxScroll} from '../components/LinesView.js';
import {line, seg, truncate, wrapText, type Line} from '../components/lines.js';
import type {VerifyResult} from '../../verify/model.js';
import {triedServices, unavailableImages} from '../../report/verify.js';
import {maskSecrets} from '../../knowledge/secrets.js';

export function TryScreen(props: {state: WizardState; masks: readonly string[]; dispatch: Dispatch<Action>; size: Size; active: boolean}) {
  const {state, dispatch} = props;
  const {columns: width, rows} = props.size;
  const trial = state.trial!;
  const running = state.screen === 'trying';
  const blamed = blamedFixes(trial.result);
  const keys: KeyHint[] = running
    ? [['b', 'stop'], ['q', 'stop']]
    : [
        ...(blamed.length > 0 ? ([['↑↓', 'choose a fix'], ['d', 'leave it out'], ['D', 'leave out all'], ['t', 'try again']] as KeyHint[]) : [['t', 'try again'] as KeyHint]),
        ['b', 'back to the review'],
        ['w', 'write'],
        ['PgUp/PgDn', 'scroll'],
        ['q', 'quit'],
      ];
  const footer = footerLines(keys, width, state.notice?.text);
  const height = Math.max(3, rows - 1 - footer.length);
  const lines = useMemo(() => (trial.result ? resultLines(trial.result, blamed, trial.cursor, trial.dropped, width, props.masks) : []), [trial, width, props.masks]);
  useKeys(
    (input, key) => {
      if (running) {
        if (input === 'b' || key.escape || key.leftArrow) dispatch({type: 'back'});
        return;
      }
      if (key.upArrow || input === 'k') dispatch({type: 'move', delta: -1});
      else if (key.downArrow || input === 'j') dispatch({type: 'move', delta: 1});
      else if (key.pageUp || key.pageDown) dispatch({type: 'scroll', delta: scrollDelta(input, key, height), max: maxScroll(lines.length, height)});
      else if (input === 'd') dispatch({type: 'dropBlamed'});
      else if (input === 'D') dispatch({type: 'dropBlamed', all: true});
      else if (input === 't') dispatch({type: 'tryIt'});
      else if (input === 'w') dispatch({type: 'write'});
      else if (input === 'b' || key.leftArrow || key.return || key.escape) dispatch({type: 'back'});
      else if (input === 'q') dispatch({type: 'quit'});
    },
    {isActive: props.active},
  );
  const right = running ? 'starting the stack…' : trial.result && triedServices(trial.result) === 0 ? 'nothing could be tried' : trial.result?.passed ? 'every service starts' : `${blamed.length} fix${blamed.length === 1 ? '' : 'es'} to leave out`;
  return (
    <Box flexDirection="column" width={width}>
      <Header title="shipshape · try it" right={right} width={width} />
      {running ? (
        <Box flexDirection="column">
          <Text>
            <Spinner /> {truncate(`Building and starting the stack on a temporary copy, without and with the ${state.accepted.size} accepted fixes…`, width - 3)}
          </Text>
          {trial.log.map((l, i) => (
            <Text key={i} dimColor wrap="truncate-end">
              {truncate(maskSecrets(l, props.masks), width)}
            </Text>
          ))}
        </Box>
      ) : (
        <LinesView lines={lines} height={height} width={width} scroll={state.scroll} />
      )}
      <Footer keys={keys} notice={state.notice?.text} width={width} />
    </Box>
  );
}

function resultLines(result: VerifyResult, blamed: ReturnType<typeof blamedFixes>, cursor: number, dropped: ReadonlySet<string>, width: number, masks: readonly string[]): Line[] {
  const out: Line[] = [];
  const mask = (t: string) => truncate(maskSecrets(t, masks), width);
  out.push(line(seg(mask(`Tried with ${result.engine}: started ${result.trials} time${result.trials === 1 ? '' : 's'}.`), {dim: true})));
  for (const stack of result.stacks) {
    out.push(line(seg(stack.files.join(' + '), {bold: true, color: 'cyan'})));
    if (stack.skipped) {
      out.push(line(seg(mask(`  – ${stack.skipped}`), {dim: true})));
      continue;
    }
    if (stack.error) out.push(line(seg(mask(`  ✘ the engine could not start it: ${stack.error}`), {color: 'red'})));
    const services = result.services.filter((s) => s.stack === stack.id);
    const pad = Math.max(0, ...services.map((s) => s.service.length));
    for (const s of services) {
      const name = s.service.padEnd(pad);
      if (s.verdict === 'ok') out.push(line(seg('  ✔ ', {color: 'green'}), seg(name, {bold: true}), seg(mask(`  ${s.after!.status}: ${s.after!.detail}`))));
      else if (s.verdict === 'failed-before' && s.before!.image) out.push(line(seg('  ! ', {color: 'yellow'}), seg(name, {bold: true}), seg(mask(`  not started: could not get ${s.before!.image.name}`), {color: 'yellow'})));
      else if (s.verdict === 'failed-before') out.push(line(seg('  ! ', {color: 'yellow'}), seg(name, {bold: true}), seg(mask(`  fails without any fix too: ${s.before!.detail}`), {color: 'yellow'})));
      else if (s.verdict === 'skipped') out.push(line(seg(`  – ${name}  not started`, {dim: true})));
      else {
        out.push(line(seg('  ✘ ', {color: 'red'}), seg(name, {bold: true}), seg(mask(`  ${s.after!.status} with the fixes: ${s.after!.detail}`), {color: 'red'})));
        if (s.note) out.push(line(seg(mask(`      ${s.note}`), {dim: true})));
        for (const b of s.blamed) {
          const index = blamed.findIndex((x) => x.fingerprint === b.fix.fingerprint);
          const left = dropped.has(b.fix.fingerprint);
          const text = `${index === cursor ? '▸' : ' '} ${b.fix.rule} ${b.fix.path}:${b.fix.line}  ${b.fix.title}${left ? '  (left out)' : ''}`;
          out.push(line(seg('    '), seg(mask(text), {bold: index === cursor, inverse: index === cursor, dim: left})));
          out.push(line(seg(mask(`        with it: ${b.outcome.detail}`), {dim: true})));
          const last = b.outcome.logs.at(-1);
          if (last) out.push(line(seg(mask(`        │ ${last}`), {dim: true})));
        }
      }
    }
  }
  out.push(line());
  const images = unavailableImages(result);
  if (images.length > 0) {
    out.push(line(seg(`! ${images.length} image${images.length === 1 ? '' : 's'} could not be got:`, {color: 'yellow'})));
    for (const i of images) for (const l of wrapText(maskSecrets(`${i.image} (${i.services.join(', ')}): ${i.reason}`, masks), width - 2, '  ')) out.push(line(seg(`  ${l}`)));
  }
  if (triedServices(result) === 0) out.push(line(seg('! No service started even without the fixes: nothing could be tried.', {color: 'yellow', bold: true})));
  else if (result.passed) out.push(line(seg('✔ Every service that starts without the fixes starts with them. Write them with w.', {color: 'green', bold: true})));
  else if (blamed.length > 0) out.push(line(seg(`✘ ${blamed.length} accepted fix${blamed.length === 1 ? ' breaks' : 'es break'} a service: leave ${blamed.length === 1 ? 'it' : 'them'} out with d (D for all), keep the rest.`, {color: 'red', bold: true})));
  else out.push(line(seg('? A service failed without a fix to blame (it fails by itself at times); try again with t.', {color: 'yellow'})));
  return out;
}
