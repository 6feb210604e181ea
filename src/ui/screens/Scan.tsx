import {Box, Text, useInput} from 'ink';
import Spinner from 'ink-spinner';
import type {Dispatch} from 'react';
import type {Action, WizardState} from '../state/reducer.js';
import type {Size} from '../hooks/useTerminalSize.js';
import {Footer, Header} from '../components/Chrome.js';
import {truncate} from '../components/lines.js';

export function ScanScreen(props: {state: WizardState; root: string; dispatch: Dispatch<Action>; size: Size; active: boolean}) {
  const {progress} = props.state;
  const width = props.size.columns;
  useInput(
    (input) => {
      if (input === 'q') props.dispatch({type: 'quit'});
    },
    {isActive: props.active},
  );
  return (
    <Box flexDirection="column" width={width}>
      <Header title="shipshape" right={props.root} width={width} />
      <Text>
        <Spinner /> {truncate(`Scanning ${props.root} … ${progress ? `${progress.done}/${progress.total} files` : 'looking for files'}`, width - 3)}
      </Text>
      <Text dimColor wrap="truncate-end">
        {progress?.path ? truncate(progress.path, width) : ' '}
      </Text>
      <Footer keys={[['q', 'quit'], ['ctrl-c', 'quit']]} width={width} />
    </Box>
  );
}
