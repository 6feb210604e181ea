import {describe, expect, it} from 'vitest';
import {fixExitCode} from '../../src/cli/commands.js';
import {planOf} from '../helpers/write.js';

describe('fix exit codes (DESIGN §1)', () => {
  const all = () => ({});
  it('--diff exits 1 when a fix that was asked for was reverted, even when no diff is left', () => {
    const reverted = {...planOf([]), skipped: [{fingerprint: 'f', rule: 'D101', path: 'Dockerfile', reason: 'broke-parse' as const, detail: 'the fix made the file unparsable'}]};
    expect(fixExitCode(reverted, all, 0)).toBe(1);
    expect(fixExitCode(reverted, all, 0, true)).toBe(1);
  });
  it('--diff exits 1 when there is something to apply, --write 0 once it is written', () => {
    const plan = planOf([{path: 'a', before: 'a', after: 'b'}]);
    expect(fixExitCode(plan, all, 0)).toBe(1);
    expect(fixExitCode(plan, all, 0, true)).toBe(0);
    expect(fixExitCode(plan, all, 1, true)).toBe(1);
    expect(fixExitCode(planOf([]), all, 0)).toBe(0);
  });
});
