/**
 * One flow with the real rule registry: the D101 finding of a Debian Dockerfile, its UID edited
 * in the wizard, accepted; everything else skipped; the written plan runs as that UID.
 */
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {withStateIgnore} from '../../src/io/state-ignore.js';
import {Session} from '../../src/core/session.js';
import {RULES} from '../../src/rules/registry.js';
import {KEY, startWizard} from './harness.js';
import {fakeDeps} from './fixtures.js';

describe('wizard with the real rules', () => {
  it('edits the UID of D101, accepts it, skips the rest, writes a plan without D101', async () => {
    const dockerfile = 'FROM debian:bookworm-slim\nWORKDIR /app\nCOPY app /app/app\nCMD ["/app/app"]\n';
    const session = new Session(buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: dockerfile}]), RULES);
    const d101 = session.findings.find((f) => f.rule === 'D101');
    expect(d101, 'D101 reports a Debian image without USER').toBeDefined();
    const uid = d101!.fix!.params.findIndex((p) => p.name === 'uid');
    expect(uid).toBeGreaterThanOrEqual(0);
    const label = d101!.fix!.params[uid]!.label;

    const deps = fakeDeps(session);
    const w = startWizard(deps, {columns: 100, rows: 40});
    await w.waitFor('Walk through every finding');
    let f = await w.press(KEY.enter);
    for (let guard = 0; guard < session.findings.length + 1 && !f.includes('shipshape · review'); guard++) {
      if (!/^D101 /m.test(f)) {
        f = await w.press('s');
        continue;
      }
      expect(f).toContain('Why it matters:');
      f = await w.press('e');
      for (let i = 0; i < uid; i++) f = await w.press(KEY.down);
      expect(f).toContain(`❯ ${label}: `);
      const current = new RegExp(`❯ ${label}: (\\S*)`).exec(f)![1]!;
      for (let i = 0; i < current.length; i++) f = await w.press(KEY.backspace);
      for (const ch of '12345') f = await w.press(ch);
      expect(f).toMatch(/\+.*12345/);
      f = await w.press(KEY.enter);
      f = await w.press('a');
    }
    expect(f).toContain('shipshape · review');
    expect(f).toContain('Accepted: 1 fix');
    await w.press('w');
    await w.waitFor('shipshape · done');
    const plan = deps.writes[0]!;
    expect(plan.files.map((x) => x.path)).toEqual(['Dockerfile']);
    expect(plan.files[0]!.after).toContain('12345');
    expect(plan.remaining.some((x) => x.rule === 'D101')).toBe(false);
    await w.press('q');
    expect(await w.code).toBe(0);
  });

  it('reviews exactly what the write writes: the .shipshape/ line of .gitignore is listed and shown', async () => {
    const dockerfile = 'FROM debian:bookworm-slim\nRUN apt-get install -y curl\nCMD ["/app/app"]\n';
    const session = new Session(buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: dockerfile}]), RULES);
    const gitignore = {path: '.gitignore', text: 'node_modules/\n'};
    const deps = fakeDeps(session, {
      scan: async () => ({session, problems: [], asWritten: (plan) => withStateIgnore(plan, gitignore)}),
    });
    const w = startWizard(deps, {columns: 100, rows: 60});
    await w.waitFor('Walk through every finding');
    let f = await w.press(KEY.enter);
    for (let guard = 0; guard < session.findings.length + 1 && !f.includes('shipshape · review'); guard++) f = await w.press(/^D110 /m.test(f) ? 'a' : 's');
    expect(f).toContain('shipshape · review');
    expect(f).toContain('2 files change');
    expect(f).toContain('.gitignore');
    expect(f).toMatch(/\+ \.shipshape\/$/m);
    await w.press('w');
    await w.waitFor('shipshape · done');
    expect(deps.writes[0]!.files.map((x) => x.path)).toEqual(['.gitignore', 'Dockerfile']);
    await w.press('q');
    expect(await w.code).toBe(0);
  });
});
