/**
 * A short run of the SIGKILL loop (scripts/kill-loop.mjs; `npm run battery` runs the long one):
 * `fix --write` killed in the middle of its write phase, then undo or another write.
 */
import {describe, expect, it} from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import {killLoop} from '../../scripts/kill-loop.mjs';

describe('SIGKILL during a multi-file write', () => {
  it('leaves no partial file, no temp file after the next run, and undo restores every byte', async () => {
    const counts = (await killLoop({rounds: 2, copies: 4, seed: 12})) as {rounds: number};
    expect(counts.rounds).toBe(2);
    // Each round starts shipshape three or four times: on two busy cores (the whole suite beside it) that took over a minute.
  }, 240_000);
});
