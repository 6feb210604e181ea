/** fix's footer counts the fixes it left for a person and names their rules, instead of a fixed list of examples. */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runMain} from '../helpers/main.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-footer-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

async function stderrOf(args: string[]): Promise<string> {
  return (await runMain(args, dir)).stderr;
}

describe('fix footer', () => {
  it('names the rules whose fixes need a value or a confirmation, most first', async () => {
    await writeFile(join(dir, 'Dockerfile'), 'FROM node\nFROM python:latest AS b\nCMD ["true"]\n');
    const line = (await stderrOf(['fix', '--diff', '--unsafe', '.'])).split('\n').find((l) => l.includes('only you can give'));
    expect(line).toBeDefined();
    expect(line).toContain('3 fix(es) need a value only you can give or confirm (D103 1, D104 1, D115 1); use the wizard');
  });
});
