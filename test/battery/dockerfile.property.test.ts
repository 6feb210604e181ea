/**
 * The generated-input battery on Dockerfiles (test/battery/check.ts says what it asserts). npm test
 * runs a fixed seed; `npm run battery` runs 10,000 cases (SHIPSHAPE_BATTERY_RUNS).
 */
import fc from 'fast-check';
import {describe, it} from 'vitest';
import {checkCase, runs, seed, timeoutFor} from './check.js';
import {dockerfile} from './dockerfile-gen.js';

const RUNS = runs(150);

describe('generated Dockerfiles', () => {
  it('never crash, point inside the file, fix to a fixpoint that parses, keep comments and every untouched byte', () => {
    fc.assert(
      fc.property(dockerfile, (d) => {
        checkCase({inputs: [{path: 'Dockerfile', kind: 'dockerfile', text: d.text}], crlf: !d.crlf});
      }),
      {seed: seed(1201), numRuns: RUNS},
    );
  }, timeoutFor(RUNS));
});
