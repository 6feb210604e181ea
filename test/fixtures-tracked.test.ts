/**
 * Every file the tests read from fixtures/, test/ and templates/ is in git: a fixture's own
 * .gitignore (a `secrets/` line in an expected output) once hid the expected secret file, so the
 * fixture passed in the worktree that wrote it and failed on a clean clone. Outside a git checkout
 * (an unpacked tarball) there is nothing to compare, and the test says so.
 */
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

const REPO = join(import.meta.dirname, '..');
const git = (...args: string[]) => spawnSync('git', ['-C', REPO, ...args], {encoding: 'utf8'});
const inCheckout = git('rev-parse', '--is-inside-work-tree').stdout.trim() === 'true';

describe.skipIf(!inCheckout)('test inputs are tracked', () => {
  it('no file under fixtures/, test/ or templates/ is hidden by a .gitignore (add it with git add -f)', () => {
    const ignored = git('ls-files', '--others', '--ignored', '--exclude-standard', 'fixtures', 'test', 'templates');
    expect(ignored.status).toBe(0);
    const files = ignored.stdout.split('\n').filter((f) => f !== '' && !/(^|\/)(node_modules|\.shipshape)\//.test(f));
    expect(files).toEqual([]);
  });
});
