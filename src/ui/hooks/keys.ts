import type {Key} from 'ink';

export const isUp = (input: string, key: Key): boolean => key.upArrow || input === 'k';
export const isDown = (input: string, key: Key): boolean => key.downArrow || input === 'j';

/** Rows to scroll for a key in a view of `page` rows, or 0 when the key does not scroll. */
export function scrollDelta(input: string, key: Key, page: number): number {
  if (isUp(input, key)) return -1;
  if (isDown(input, key)) return 1;
  if (key.pageUp) return -Math.max(1, page - 1);
  if (key.pageDown || input === ' ') return Math.max(1, page - 1);
  if (key.home || input === 'g') return -1e9;
  if (key.end || input === 'G') return 1e9;
  return 0;
}
