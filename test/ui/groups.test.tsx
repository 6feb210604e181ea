/**
 * The wizard on a repository with many services: groups by rule and service with their combined
 * diff (A / S / step in), the anchor-collapsed item, filters, typed parameters refused with the
 * reason, and the 80x24 layout. Real rules over an in-memory Compose file.
 */
import {describe, expect, it, vi} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {Session} from '../../src/core/session.js';
import {RULES} from '../../src/rules/registry.js';
import {fixTitle} from '../../src/ui/screens/Finding.js';
import {KEY, startWizard, type Wizard} from './harness.js';
import {fakeDeps} from './fixtures.js';

const SERVICES = ['api', 'web', 'worker', 'cron', 'mailer', 'search'];
/** Six services sharing one anchor (no-new-privileges fixed once on it), each with its own gaps. */
const COMPOSE = `x-defaults: &defaults
  image: registry.example/app:1.4
  security_opt: []
  logging:
    driver: json-file

services:
${SERVICES.map((s) => `  ${s}:\n    <<: *defaults\n    command: ["${s}"]\n`).join('')}`;

const session = () => new Session(buildProject(['.'], [{path: 'compose.yaml', kind: 'compose', text: COMPOSE}]), RULES);

/** Every frame fits the terminal. */
function expectFits(w: Wizard, columns: number, height: number) {
  for (const frame of w.stdout.frames) {
    const lines = frame.replace(/\n$/, '').split('\n');
    expect(lines.length, frame).toBeLessThanOrEqual(height);
    for (const l of lines) expect([...l.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')].length, l).toBeLessThanOrEqual(columns);
  }
}

async function toRuleGroup(w: Wizard, rule: string): Promise<string> {
  await w.waitFor('Walk through every finding');
  let f = await w.press('g');
  expect(f).toContain('By rule');
  for (let i = 0; i < 40 && !new RegExp(`❯ ${rule}`).test(f); i++) f = await w.press('j');
  expect(f).toMatch(new RegExp(`❯ ${rule}`));
  return w.press(KEY.enter);
}

describe('wizard speed on many services', () => {
  it('previews a group on top of the choices made by continuing their plan; the review plans from the start', async () => {
    const s = session();
    const preview = vi.spyOn(s, 'preview');
    const extend = vi.spyOn(s, 'extend');
    const w = startWizard(fakeDeps(s), {columns: 100, rows: 40});
    let f = await toRuleGroup(w, 'C208');
    expect(f).toContain('Combined diff');
    // Nothing accepted yet is planned once from the start; the group continues that plan.
    expect(preview).toHaveBeenCalledTimes(1);
    expect(extend.mock.calls.length).toBeGreaterThanOrEqual(1);
    f = await w.press('A');
    expect(f).toContain('Accepted 6 fixes of C208');
    f = await w.press('r');
    expect(f).toContain('Accepted: 6 fixes');
    // What is reviewed and written is planned from the start, as fix --write plans it.
    expect(preview).toHaveBeenCalledTimes(2);
    expect(preview.mock.calls[1]![0].accepted.size).toBe(6);
    await w.press('q');
    await w.press('y');
    expect(await w.code).toBe(0);
  });
});

describe('wizard groups', () => {
  it('offers findings by rule ("— 6 services"), shows the combined diff, A accepts the group, S skips another', async () => {
    const s = session();
    const c208 = s.findings.filter((f) => f.rule === 'C208');
    expect(c208).toHaveLength(SERVICES.length);
    const deps = fakeDeps(s);
    const w = startWizard(deps, {columns: 100, rows: 40});
    let f = await toRuleGroup(w, 'C208');
    expect(f).toContain(`C208 ${RULES.find((r) => r.id === 'C208')!.title} — 6 services`);
    expect(f).toContain('group of 6');
    expect(f).toContain('A accepts 6 fixes (6 unsafe)');
    expect(f).toContain('Combined diff');
    expect(f.match(/^\s*\d*\s*\+\s+cpus:/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
    f = await w.press('A');
    expect(f).toContain('Accepted 6 fixes of C208');
    expect(f).toMatch(/C208 .* 6\/6 decided/);
    // S skips a whole group, those waiting for a value too: nothing of it is accepted
    for (let i = 0; i < 40 && !/❯ C209/.test(f); i++) f = await w.press(i < 20 ? 'k' : 'j');
    f = await w.press(KEY.enter);
    expect(f).toContain('6 need a value (step in)');
    f = await w.press('S');
    expect(f).toContain('Skipped 6 findings of C209');
    f = await w.press('r');
    expect(f).toContain('Accepted: 6 fixes');
    await w.press('w');
    await w.waitFor('shipshape · done');
    const plan = deps.writes[0]!;
    expect(new Set(plan.applied.map((a) => a.rule))).toEqual(new Set(['C208']));
    expect(plan.remaining.some((x) => x.rule === 'C208')).toBe(false);
    expect(plan.remaining.filter((x) => x.rule === 'C209')).toHaveLength(6);
    await w.press('q');
    expect(await w.code).toBe(0);
  });

  it('findings one edit fixes (six services inheriting one anchor) are one item, decided together', async () => {
    const s = session();
    const c204 = s.findings.filter((f) => f.rule === 'C204');
    expect(c204.length).toBe(SERVICES.length);
    const deps = fakeDeps(s);
    const w = startWizard(deps, {columns: 100, rows: 40});
    let f = await toRuleGroup(w, 'C204');
    expect(f).toContain('6 findings as 1 item (one edit fixes several)');
    expect(f).toContain('group of 1');
    f = await w.press(KEY.enter);
    expect(f).toContain('finding 1 of 1');
    expect(f).toContain('One edit fixes 6 findings (api, web, worker, cron, mailer, search)');
    expect(f).not.toContain('already accepted fixes this one');
    f = await w.press('a');
    expect(f).toContain('Accepted: 6 fixes');
    expect((f.match(/^\s*\d*\s*\+.*no-new-privileges/gm) ?? []).length).toBe(1);
    await w.press('q');
    await w.press('y');
    expect(await w.code).toBe(0);
  });

  it('by service: one row per service; A in a finding opens the rest of its file as a group', async () => {
    const w = startWizard(fakeDeps(session()), {columns: 100, rows: 40});
    await w.waitFor('Walk through every finding');
    await w.press('g');
    let f = await w.press('g');
    expect(f).toContain('By service or workload');
    for (const name of SERVICES) expect(f).toMatch(new RegExp(`\\s${name}\\s+compose\\.yaml · \\d+ findings`));
    for (let i = 0; i < 10 && !/❯ api/.test(f); i++) f = await w.press('j');
    f = await w.press(KEY.enter);
    expect(f).toContain('api in compose.yaml');
    f = await w.press(KEY.enter);
    expect(f).toContain('finding 1 of');
    f = await w.press('s');
    f = await w.press('A');
    expect(f).toContain('the rest of compose.yaml');
    f = await w.press('S');
    expect(f).toContain('shipshape · review');
    await w.press('q');
    expect(await w.code).toBe(0);
  });

  it('filters by severity, kind and rule from the overview, kept when the overview is left and opened again', async () => {
    const s = session();
    const w = startWizard(fakeDeps(s), {columns: 100, rows: 40});
    let f = await w.waitFor('Walk through every finding');
    f = await w.press('f');
    expect(f).toContain('Showing: everything');
    f = await w.press(KEY.right); // severity: low and above
    f = await w.press(KEY.right);
    f = await w.press(KEY.right); // high and above
    const high = s.findings.filter((x) => x.severity === 'high' || x.severity === 'critical').length;
    expect(f).toContain(`Showing: high and above  (${high} of ${s.findings.length})`);
    f = await w.press(KEY.down);
    f = await w.press(KEY.down);
    f = await w.press(KEY.right); // the first rule id
    f = await w.press(KEY.enter);
    const firstRule = [...new Set(s.findings.map((x) => x.rule))].sort()[0]!;
    expect(f).toContain(`Showing: high and above · ${firstRule}`);
    const shown = s.findings.filter((x) => x.rule === firstRule && (x.severity === 'high' || x.severity === 'critical')).length;
    expect(f).toContain(`Walk through every finding (${shown})`);
    f = await w.press(KEY.enter);
    expect(f).toContain(`finding 1 of ${shown}`);
    f = await w.press('o');
    expect(f).toContain(`Showing: high and above · ${firstRule}`);
    f = await w.press('F');
    expect(f).toContain(`Walk through every finding (${s.findings.length})`);
    await w.press('q');
    expect(await w.code).toBe(0);
  });

  it('? on the overview says what the score counts', async () => {
    const w = startWizard(fakeDeps(session()), {columns: 100, rows: 30});
    await w.waitFor('Walk through every finding');
    let f = await w.press('?');
    expect(f.replace(/\s+/g, ' ')).toContain('100 minus 25 per critical, 15 per high, 8 per medium, 3 per low, 1 per info finding');
    f = await w.press('?');
    expect(f).toContain('Walk through every finding');
    await w.press('q');
  });

  it('refuses cpus: abc and a memory without a unit it knows, saying why; the title follows the value', async () => {
    const w = startWizard(fakeDeps(session()), {columns: 100, rows: 40});
    let f = await toRuleGroup(w, 'C208');
    f = await w.press(KEY.enter);
    expect(f).toContain('C208');
    f = await w.press('e');
    f = await w.press(KEY.backspace);
    for (const ch of 'abc') f = await w.press(ch);
    f = await w.press(KEY.enter);
    expect(f).toContain('✘ must be a number of CPUs above 0, such as 0.5 or 2');
    await w.press(KEY.escape);
    await w.press('q');
    expect(await w.code).toBe(0);
  });

  it('holds 80x24: the group and finding screens fit and the diff keeps half the screen', async () => {
    const w = startWizard(fakeDeps(session()), {columns: 80, rows: 24});
    let f = await toRuleGroup(w, 'C208');
    // The rows between the diff's title and the key list.
    const diffRows = (frame: string) => {
      const rows = frame.replace(/\n$/, '').split('\n');
      const start = rows.findIndex((l) => /── (Combined diff|Diff of the fix)/.test(l));
      const end = rows.findIndex((l, i) => i > start && /^(A accept|a accept)/.test(l));
      return end - start - 1;
    };
    expect(diffRows(f)).toBeGreaterThanOrEqual(10);
    f = await w.press(KEY.enter);
    expect(diffRows(f)).toBeGreaterThanOrEqual(10);
    await w.press('q');
    expect(await w.code).toBe(0);
    expectFits(w, 80, 24);
  });
});

describe('fix titles', () => {
  it('follow the edited parameters, UID and GID as a pair', () => {
    const params = [
      {name: 'uid', default: '10001'},
      {name: 'gid', default: '10001'},
    ];
    expect(fixTitle('Add USER 10001:10001', params, {uid: '2000', gid: '2000'})).toBe('Add USER 2000:2000');
    expect(fixTitle('Run as UID 10001', params, {uid: '2000', gid: '2000'})).toBe('Run as UID 2000');
    expect(fixTitle('Limit memory to 512M', [{name: 'memory', default: '512M'}], {memory: '1g'})).toBe('Limit memory to 1g');
    expect(fixTitle('Limit memory to 512M', [{name: 'memory', default: '512M'}], {memory: '512M'})).toBe('Limit memory to 512M');
  });
});
