/**
 * The generated-input battery on Kubernetes manifests (test/battery/check.ts says what it asserts).
 */
import fc from 'fast-check';
import {describe, it} from 'vitest';
import {checkCase, kindOf, runs, seed, timeoutFor} from './check.js';
import {kubernetes} from './kubernetes-gen.js';

const RUNS = runs(60);

describe('generated Kubernetes manifests', () => {
  it('never crash, point inside the file, fix to a fixpoint that parses, keep comments and every untouched byte', () => {
    fc.assert(
      fc.property(kubernetes, (k) => {
        checkCase({inputs: k.files.map((f) => ({path: f.path, kind: kindOf(f.path), text: f.text})), crlf: !k.crlf});
      }),
      {seed: seed(1203), numRuns: RUNS},
    );
  }, timeoutFor(RUNS));
});
