/**
 * The generated-input battery on Compose files (test/battery/check.ts says what it asserts); an
 * input that passes the Compose Specification schema must still pass it after the fixes.
 */
import fc from 'fast-check';
import {describe, it} from 'vitest';
import {composeSchemaErrors} from '../helpers/compose-schema.js';
import {checkCase, kindOf, runs, seed, timeoutFor} from './check.js';
import {compose} from './compose-gen.js';

const RUNS = runs(80);

describe('generated Compose files', () => {
  it('never crash, point inside the file, fix to a fixpoint that parses and stays valid, keep comments and every untouched byte', () => {
    fc.assert(
      fc.property(compose, (c) => {
        checkCase({
          inputs: c.files.map((f) => ({path: f.path, kind: kindOf(f.path), text: f.text})),
          crlf: !c.crlf,
          validate: (path, text) => (kindOf(path) === 'compose' ? composeSchemaErrors(text) : []),
        });
      }),
      {seed: seed(1202), numRuns: RUNS},
    );
  }, timeoutFor(RUNS));
});
