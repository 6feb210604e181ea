import {useInput, type Key} from 'ink';

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

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * The keys in what Ink hands over at once. Ink splits escape sequences (arrows) but gives a burst
 * of plain keys as one string — typed faster than a frame renders, held down (key repeat), or sent
 * by a script (`tmux send-keys jj`) — so `jj` would match no key at all. Each is its own key here.
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta || input.includes('\u001B')) return [[input, key]];
  return chars.map((c) => [c, c === '\r' ? {...NO_KEY, return: true} : c === '\t' ? {...NO_KEY, tab: true} : c === '\u007F' ? {...NO_KEY, delete: true} : c === '\b' ? {...NO_KEY, backspace: true} : NO_KEY]);
}

/** Ink's useInput, one call per key even when several arrive together. */
export function useKeys(handler: (input: string, key: Key) => void, options: {isActive?: boolean} = {}): void {
  useInput((input, key) => {
    for (const [i, k] of splitKeys(input, key)) handler(i, k);
  }, options);
}
