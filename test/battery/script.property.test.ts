/**
 * The generated-input battery on container command lines in shell scripts, Makefiles and systemd
 * units (test/battery/check.ts says what it asserts); a fixed shell script must still pass `bash -n`.
 * npm test runs a fixed seed; `npm run battery` runs more (SHIPSHAPE_BATTERY_RUNS).
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {describe, it} from 'vitest';
import {checkCase, runs, seed, timeoutFor} from './check.js';
import {scriptCase} from './script-gen.js';

const RUNS = runs(120);

describe('generated docker run command lines', () => {
  it('never crash, point inside the file, fix to a fixpoint, keep comments and every untouched byte, and a script still parses (bash -n)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-script-battery-'));
    fc.assert(
      fc.property(scriptCase, (s) => {
        const after = checkCase({inputs: [{path: s.path, kind: 'script', text: s.text}], crlf: true});
        if (s.path !== 'run.sh') return;
        writeFileSync(join(dir, 'run.sh'), after.get('run.sh')!);
        execFileSync('bash', ['-n', join(dir, 'run.sh')], {stdio: 'pipe'});
      }),
      {seed: seed(1401), numRuns: RUNS},
    );
  }, timeoutFor(RUNS));
});
