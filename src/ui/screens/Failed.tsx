import {Box} from 'ink';
import {useKeys} from '../hooks/keys.js';
import type {Dispatch} from 'react';
import type {Action, WizardState} from '../state/reducer.js';
import type {Size} from '../hooks/useTerminalSize.js';
import {Footer, Header} from '../components/Chrome.js';
import {LinesView} from '../components/LinesView.js';
import {line, seg, wrapText} from '../components/lines.js';

export function FailedScreen(props: {state: WizardState; root: string; dispatch: Dispatch<Action>; size: Size; active: boolean}) {
  const width = props.size.columns;
  useKeys(
    (input, key) => {
      if (input === 'q' || key.return || key.escape) props.dispatch({type: 'quit'});
    },
    {isActive: props.active},
  );
  const lines = [
    line(seg('The scan failed; nothing was changed.', {bold: true, color: 'red'})),
    ...wrapText(props.state.error ?? 'unknown error', width).map((t) => line(t)),
  ];
  return (
    <Box flexDirection="column" width={width}>
      <Header title="shipshape" right={props.root} width={width} />
      <LinesView lines={lines} height={props.size.rows - 3} width={width} scroll={0} />
      <Footer keys={[['q', 'quit']]} width={width} />
    </Box>
  );
}
