import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export interface Size {
  columns: number;
  rows: number;
}

/** The terminal's size, updated on resize (80x24 when the stream does not say). */
export function useTerminalSize(): Size {
  const {stdout} = useStdout();
  const read = (): Size => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
