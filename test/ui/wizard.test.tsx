/**
 * Flows through the rendered wizard (runWizard with fake streams, Ink debug frames), on a real
 * Session over an in-memory project with test-only rules. One key at a time; every key waits for
 * the frame to change.
 */
import {describe, expect, it} from 'vitest';
import {KEY, startWizard, type Wizard} from './harness.js';
import {fakeDeps, SECRET, testSession} from './fixtures.js';
import {undoHint} from '../../src/ui/screens/Done.js';

const rows = (frame: string) => frame.split('\n');

/** Every frame fits the terminal: no row wider than the columns, no more rows than the terminal has. */
function expectFits(w: Wizard, columns: number, height: number) {
  for (const frame of w.stdout.frames) {
    const lines = rows(frame.replace(/\n$/, ''));
    expect(lines.length, frame).toBeLessThanOrEqual(height);
    for (const l of lines) expect([...l.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')].length, l).toBeLessThanOrEqual(columns);
  }
}

function expectNoSecret(w: Wizard) {
  for (const frame of w.stdout.frames) expect(frame).not.toContain(SECRET);
}

describe('wizard flows', () => {
  it('scan -> overview -> walk: explain, edit a parameter, accept, skip, ignore, needs-input, back, review, write, done', async () => {
    const deps = fakeDeps();
    const w = startWizard(deps, {columns: 100, rows: 30});
    expect(w.stdout.frames[0]).toContain('Scanning /tmp/project');

    // Overview: counts by severity, files grouped by kind with a score bar each
    let f = await w.waitFor('Walk through every finding (4)');
    expect(f).toContain('1 critical · 1 high · 1 medium · 1 low');
    expect(f).toContain('Apply all safe fixes (1)');
    expect(f).toMatch(/Dockerfiles\n\s+api\/Dockerfile\s+█+░+\s+85\s+1 finding/);
    expect(f).toMatch(/Compose\n\s+compose\.yaml\s+█+░+\s+67\s+2 findings/);
    expect(f).toContain('Kubernetes');
    expect(f).toContain('enter open');

    // Enter starts the walk: rule id + title, file:line, why, diff, safety, parameters
    f = await w.press(KEY.enter);
    expect(f).toContain('T101 high The container runs as root');
    expect(f).toContain('api/Dockerfile:1');
    expect(f).toContain('Why it matters: A process running as root');
    expect(f).not.toContain('Second paragraph');
    expect(f).toContain('Fix (safe): Run as a numeric non-root user');
    expect(f).toContain('UID: 10001');
    expect(f).toMatch(/4 \+ USER 10001/);
    expect(f).toContain('finding 1 of 4');
    expect(f).toMatch(/a accept.*s skip.*i ignore here.*e edit parameters.*\? explain.*b back/s);

    // ? shows the whole docs; ? closes them
    f = await w.press('?');
    expect(f).toContain('Second paragraph that is only in the full docs.');
    expect(f).toContain('Use instead');
    f = await w.press('?');
    expect(f).toContain('UID: 10001');

    // e edits the UID: invalid values are refused, the diff follows the value as it is typed
    f = await w.press('e');
    expect(f).toContain('❯ UID: 10001');
    for (let i = 0; i < 5; i++) f = await w.press(KEY.backspace);
    f = await w.press('x');
    f = await w.press(KEY.enter);
    expect(f).toContain('✘ must be a number above 0');
    f = await w.press(KEY.backspace);
    f = await w.press('2');
    expect(f).toMatch(/\+ USER 2\n/);
    f = await w.press('0');
    f = await w.press('0');
    f = await w.press('0');
    expect(f).toMatch(/\+ USER 2000\n/);
    f = await w.press(KEY.enter);
    expect(f).toContain('UID: 2000');
    expect(f).toContain('a accept');

    // a accepts and moves on; the unsafe fix says what may break, on top of the accepted one
    f = await w.press('a');
    expect(f).toContain('T202 critical A service runs privileged');
    expect(f).toContain('Fix (unsafe): Drop privileged mode');
    expect(f).toContain('May break: the service may need a device');
    expect(f).toContain('on top of 1 accepted change');
    expect(f).toMatch(/- +privileged: true/);
    expect(f).toMatch(/\+ +privileged: false/);

    // s skips; a finding without a fix shows its advice, no accept key, and never its secret
    f = await w.press('s');
    expect(f).toContain('T203 medium A password is written in the Compose file');
    expect(f).toContain('Advice: Move the password into a Compose secret');
    expect(f).not.toContain('a accept');
    expect(f).toContain('i ignore here');
    f = await w.pressQuiet('a');
    expect(f).toContain('T203');

    // i asks why (with a default), then ignores it here (inline pragma)
    f = await w.press('i');
    expect(f).toContain('Why ignore it here? reviewed with shipshape');
    // (a space alone may not change the frame: Ink trims it at the end of a row)
    for (const ch of 'dev only') f = ch === ' ' ? await w.pressQuiet(ch) : await w.press(ch);
    expect(f).toContain('# shipshape-ignore T203 -- dev only');
    f = await w.press(KEY.enter);
    expect(f).toContain('T301 low An image has no tag');
    expect(f).toContain('Image tag: (needed: press e)');
    expect(f).toContain('Give a value for Image tag (press e) to see the diff.');

    // b goes back to the ignored finding, which shows the pragma it adds
    f = await w.press('b');
    expect(f).toContain('T203');
    expect(f).toContain('⊘ ignored here');
    expect(f).toContain('Diff of the ignore comment');
    expect(f).toContain('# shipshape-ignore T203 -- dev only');
    f = await w.press('i');
    f = await w.press(KEY.enter);
    expect(f).toContain('T301');

    // a on a fix that needs input opens the editor first; the choice parameter cycles
    f = await w.press('a');
    expect(f).toContain('needs a value only you can give: Image tag');
    expect(f).toContain('❯ Image tag:');
    for (const ch of '1.27') f = await w.press(ch);
    expect(f).toContain('image: nginx:1.27');
    f = await w.press(KEY.tab);
    expect(f).toContain('❯ Pull policy:');
    f = await w.press(KEY.right);
    expect(f).toContain('imagePullPolicy: Always');
    f = await w.press(KEY.enter);
    expect(f).toContain('Pull policy: Always');
    f = await w.press('a');

    // Review: the whole plan, one diff per file
    expect(f).toContain('shipshape · review');
    expect(f).toContain('Accepted: 2 fixes, 1 ignore comment');
    expect(f).toContain('3 files · 3 changes');
    expect(f).toContain('▌ api/Dockerfile');
    expect(f).toMatch(/w write.*b back/);
    // b goes back to the last finding; a (already has its input) returns to the review
    f = await w.press('b');
    expect(f).toContain('T301');
    expect(f).toContain('✔ accepted');
    f = await w.press('a');
    expect(f).toContain('shipshape · review');

    // w writes through the deps; Done lists files, scores, backup, undo, what is left, next steps
    f = await w.press('w');
    f = await w.waitFor('shipshape · done');
    expect(f).toContain('✔ Wrote 3 files:');
    // The wizard runs in the folder it hardens; the shell that started it may not: name the folder.
    expect(f).toContain('Backup: /tmp/project/.shipshape/backup/20260101T000000Z');
    expect(f).toContain('To restore the files as they were: shipshape undo /tmp/project');
    expect(f).toMatch(/api\/Dockerfile\s+█+░*\s+85 → █+\s+100/);
    expect(f).toContain('Next steps');
    expect(deps.writes).toHaveLength(1);
    const plan = deps.writes[0]!;
    const after = Object.fromEntries(plan.files.map((file) => [file.path, file.after]));
    expect(after['api/Dockerfile']).toBe('FROM node:20\nWORKDIR /app\nCMD ["node", "server.js"]\nUSER 2000\n');
    expect(after['compose.yaml']).toContain('      # shipshape-ignore T203 -- reviewed with shipshape\n      DB_PASSWORD:');
    expect(after['compose.yaml']).toContain('privileged: true');
    expect(after['k8s/api.yaml']).toContain('image: nginx:1.27\n          imagePullPolicy: Always\n');

    f = await w.press(KEY.enter);
    expect(await w.code).toBe(0);
    // the summary stays on the terminal after the wizard ends
    expect(w.lastFrame()).toContain('✔ Wrote 3 files:');
    expectNoSecret(w);
    expectFits(w, 100, 30);
  });

  it('Done shows what is left: guidance-only findings with their advice', async () => {
    const deps = fakeDeps();
    const w = startWizard(deps, {columns: 100, rows: 40});
    await w.waitFor('Walk through');
    await w.press(KEY.enter);
    await w.press('a');
    await w.press('s');
    await w.press('s');
    await w.press('s');
    await w.press('w');
    const f = await w.waitFor('shipshape · done');
    expect(f).toContain('What is left: 3 findings, 1 of them need a person:');
    expect(f).toContain('T203 compose.yaml:8 DB_PASSWORD holds a literal password.');
    expect(f).toContain('Move the password into a Compose secret and rotate it.');
    expect(f).toContain('2 fixable findings are left');
    expect(f).toContain('Build and scan your images in CI');
    await w.press('q');
    expect(await w.code).toBe(0);
    expectNoSecret(w);
  });

  it('q asks before dropping accepted changes: n stays, y quits without writing', async () => {
    const deps = fakeDeps();
    const w = startWizard(deps, {columns: 80, rows: 24});
    await w.waitFor('Walk through');
    await w.press(KEY.enter);
    await w.press('a');
    let f = await w.press('q');
    expect(f).toContain('Quit without writing 1 accepted change? (y/n)');
    f = await w.press('n');
    expect(f).not.toContain('Quit without writing');
    expect(f).toContain('T202');
    await w.press('q');
    await w.press('y');
    expect(await w.code).toBe(0);
    expect(deps.writes).toHaveLength(0);
    expect(w.lastFrame()).toContain('shipshape: left without writing; 1 accepted change was dropped.');
  });

  it('q quits at once when nothing was accepted', async () => {
    const deps = fakeDeps();
    const w = startWizard(deps);
    await w.waitFor('Walk through');
    await w.press('q');
    expect(await w.code).toBe(0);
  });

  it('Ctrl-C exits at once without writing (exit code 130)', async () => {
    const deps = fakeDeps();
    const w = startWizard(deps);
    await w.waitFor('Walk through');
    await w.press(KEY.enter);
    await w.press('a');
    await w.press(KEY.ctrlC);
    expect(await w.code).toBe(130);
    expect(deps.writes).toHaveLength(0);
    expect(w.lastFrame()).toContain('left without writing');
  });

  it('apply all safe fixes shows the combined diff first; b drops them, w writes them', async () => {
    const deps = fakeDeps();
    const w = startWizard(deps);
    await w.waitFor('Walk through');
    let f = await w.press(KEY.down);
    expect(f).toContain('❯ Apply all safe fixes (1)');
    f = await w.press(KEY.enter);
    expect(f).toContain('shipshape · review');
    expect(f).toContain('+ USER 10001');
    f = await w.press('b');
    expect(f).toContain('Walk through');
    expect(f).not.toContain('review 1 chosen');
    f = await w.press(KEY.enter);
    expect(f).toContain('shipshape · review');
    await w.press('w');
    f = await w.waitFor('✔ Wrote 1 file:');
    expect(deps.writes[0]!.files.map((x) => x.path)).toEqual(['api/Dockerfile']);
    await w.press('q');
    expect(await w.code).toBe(0);
  });

  it('a file row walks through only that file; o returns to the overview, r opens the review', async () => {
    const w = startWizard(fakeDeps(), {columns: 100, rows: 40});
    await w.waitFor('Walk through');
    for (let i = 0; i < 7; i++) await w.press('j');
    let f = w.lastFrame();
    expect(f).toContain('❯ compose.yaml');
    f = await w.press(KEY.enter);
    expect(f).toContain('group of 2');
    f = await w.press(KEY.enter);
    expect(f).toContain('finding 1 of 2');
    expect(f).toContain('T202');
    f = await w.press('a');
    f = await w.press('o');
    expect(f).toContain('Walk through');
    expect(f).toContain('1 chosen');
    f = await w.press('r');
    expect(f).toContain('shipshape · review');
    expect(f).toContain('privileged: false');
    f = await w.press('b');
    expect(f).toContain('Walk through');
    await w.press('q');
    f = await w.press('y');
    expect(await w.code).toBe(0);
  });

  it('long diffs scroll in the review (arrows, j/k, PgUp/PgDn) and the layout holds in 80x24', async () => {
    const long = 'FROM node:20\n' + Array.from({length: 60}, (_, i) => `RUN echo ${i}`).join('\n') + '\n';
    const session = testSession([{path: 'Dockerfile', kind: 'dockerfile', text: long}]);
    const deps = fakeDeps(session);
    const w = startWizard(deps, {columns: 80, rows: 24});
    await w.waitFor('Walk through');
    await w.press(KEY.enter);
    let f = await w.press('a');
    expect(f).toContain('shipshape · review');
    const shown = () => /rows (\d+)–(\d+) of (\d+)/.exec(w.lastFrame());
    // the diff shows 3 lines of context around the change: make the window smaller than that
    expect(f).toContain('+ USER 10001');
    expect(shown()).toBeNull();
    await w.press('q');
    await w.press('y');
    expect(await w.code).toBe(0);

    // a Dockerfile that gets a long new file via the fix: scroll the review
    const many = Array.from({length: 40}, (_, i) => `FROM node:${i} AS s${i}`).join('\n') + '\n';
    const session2 = testSession([{path: 'Dockerfile', kind: 'dockerfile', text: many}], [bigFixRule]);
    const w2 = startWizard(fakeDeps(session2), {columns: 80, rows: 24});
    await w2.waitFor('Walk through');
    f = await w2.press(KEY.enter);
    expect(f).toMatch(/rows 1–\d+ of \d+/);
    f = await w2.press('a');
    expect(f).toContain('shipshape · review');
    let pos = /rows (\d+)–(\d+) of (\d+)/.exec(f)!;
    expect(pos[1]).toBe('1');
    f = await w2.press('j');
    expect(f).toMatch(/rows 2–/);
    f = await w2.press(KEY.down);
    expect(f).toMatch(/rows 3–/);
    f = await w2.press('k');
    expect(f).toMatch(/rows 2–/);
    f = await w2.press(KEY.pageDown);
    pos = /rows (\d+)–(\d+) of (\d+)/.exec(f)!;
    expect(Number(pos[1])).toBeGreaterThan(10);
    f = await w2.press(KEY.pageUp);
    expect(f).toMatch(/rows 2–/);
    f = await w2.press('G');
    expect(f).not.toContain('more below');
    f = await w2.press(KEY.up);
    expect(f).toContain('1 more below');
    await w2.press('q');
    await w2.press('y');
    expect(await w2.code).toBe(0);
    expectFits(w, 80, 24);
    expectFits(w2, 80, 24);
  });

  it('the finding diff scrolls and the docs scroll in a small terminal', async () => {
    const many = Array.from({length: 40}, (_, i) => `FROM node:${i} AS s${i}`).join('\n') + '\n';
    const w = startWizard(fakeDeps(testSession([{path: 'Dockerfile', kind: 'dockerfile', text: many}], [bigFixRule])), {columns: 80, rows: 24});
    await w.waitFor('Walk through');
    let f = await w.press(KEY.enter);
    expect(f).toMatch(/rows 1–/);
    f = await w.press('j');
    expect(f).toMatch(/rows 2–/);
    f = await w.press(KEY.pageDown);
    expect(f).not.toMatch(/rows 2–/);
    f = await w.press('?');
    expect(f).toContain('What it does');
    f = await w.press('j');
    expect(f).toMatch(/rows 2–/);
    f = await w.press(KEY.escape);
    expect(f).toContain('FIX-LINE');
    await w.press('q');
    expect(await w.code).toBe(0);
    expectFits(w, 80, 24);
  });

  it('wide terminals use the width; monochrome still marks added and removed lines', async () => {
    const deps = fakeDeps(undefined, {color: false});
    const w = startWizard(deps, {columns: 200, rows: 50});
    await w.waitFor('Walk through');
    await w.press(KEY.enter);
    const f = await w.press('a');
    expect(f).toMatch(/4 - +privileged: true/);
    expect(f).toMatch(/4 \+ +privileged: false/);
    expect(rows(f)[0]!.length).toBe(200);
    // no escape codes at all without colour in a non-colour stream
    expect(f).not.toMatch(/\u001B\[3[12]m/);
    await w.press('q');
    await w.press('y');
    expect(await w.code).toBe(0);
    expectFits(w, 200, 50);
  });

  it('in 24 rows the parameters share one row until they are edited', async () => {
    const w = startWizard(fakeDeps(), {columns: 80, rows: 24});
    await w.waitFor('Walk through');
    for (let i = 0; i < 5; i++) await w.press(KEY.down);
    await w.press(KEY.enter);
    let f = await w.press(KEY.enter);
    expect(f).toContain('T301');
    expect(f).toContain('Image tag: (needed: press e) · Pull policy: IfNotPresent');
    f = await w.press('e');
    expect(f).toContain('❯ Image tag:');
    expect(f).toMatch(/\n  Pull policy: IfNotPresent/);
    f = await w.press(KEY.escape);
    expect(f).toContain('Image tag: (needed: press e) · Pull policy');
    await w.press('q');
    expect(await w.code).toBe(0);
    expectFits(w, 80, 24);
  });

  it('the scan shows progress (counts and the current file); problems show on the overview', async () => {
    const session = testSession();
    let finish!: () => void;
    const deps = fakeDeps(session, {
      scan: async (onProgress) => {
        onProgress({done: 1, total: 3, path: 'api/Dockerfile'});
        onProgress({done: 2, total: 3, path: 'compose.yaml'});
        await new Promise<void>((resolve) => (finish = resolve));
        return {session, problems: ['big.bin: skipped: binary file']};
      },
    });
    const w = startWizard(deps);
    const f = await w.waitFor('2/3 files');
    expect(f).toContain('Scanning /tmp/project');
    expect(f).toContain('compose.yaml');
    finish();
    const o = await w.waitFor('Walk through');
    expect(o).toContain('! big.bin: skipped: binary file');
    await w.press('q');
    expect(await w.code).toBe(0);
  });

  it('a resized terminal gets a new layout', async () => {
    const w = startWizard(fakeDeps(), {columns: 100, rows: 30});
    let f = await w.waitFor('Walk through');
    expect(rows(f)[0]!.length).toBe(100);
    w.stdout.columns = 60;
    w.stdout.rows = 20;
    w.stdout.emit('resize');
    f = await w.waitFor(/^shipshape · \/tmp\/project {2,}4 findings in 3 files\n/);
    expect(rows(f)[0]!.length).toBe(60);
    await w.press('q');
    expect(await w.code).toBe(0);
  });

  it('a failing scan shows the error and exits with 2', async () => {
    const deps = fakeDeps(undefined, {scan: async () => Promise.reject(new Error('cannot read .shipshape.yaml: bad key'))});
    const w = startWizard(deps);
    const f = await w.waitFor('The scan failed');
    expect(f).toContain('cannot read .shipshape.yaml: bad key');
    await w.press('q');
    expect(await w.code).toBe(2);
  });

  it('a refused file is reported on the done screen and the exit code is 1', async () => {
    const deps = fakeDeps(undefined, {outcome: () => ({written: [], backupDir: null, refused: [{path: 'api/Dockerfile', reason: 'changed on disk since the scan'}]})});
    const w = startWizard(deps);
    await w.waitFor('Walk through');
    await w.press(KEY.down);
    await w.press(KEY.enter);
    await w.press('w');
    const f = await w.waitFor('shipshape · done');
    expect(f).toContain('Nothing was written (the files of a run are written together or not at all).');
    expect(f).toContain('✘ api/Dockerfile: not written: changed on disk since the scan');
    await w.press(KEY.enter);
    expect(await w.code).toBe(1);
  });

  it('keys that arrive together (key repeat, a busy frame, tmux send-keys) each count, and backspaces in a burst erase', async () => {
    // One key at a time, then the same keys as one chunk: the same screen.
    const one = startWizard(fakeDeps());
    await one.waitFor('Walk through');
    await one.press(KEY.enter);
    await one.press('s');
    const expected = await one.press('s');
    expect(expected).toContain('finding 3 of 4');
    const burst = startWizard(fakeDeps());
    await burst.waitFor('Walk through');
    await burst.press(KEY.enter);
    expect(await burst.press('ss')).toBe(expected);
    await one.press('q');
    await burst.press('q');

    const w = startWizard(fakeDeps());
    await w.waitFor('Walk through');
    await w.press(KEY.enter);
    await w.press('e');
    await w.press(KEY.backspace.repeat(5));
    let f = await w.press('2000');
    expect(f).toMatch(/\+ USER 2000\n/);
    f = await w.press(KEY.enter);
    expect(f).toContain('UID: 2000');
    expect(f).not.toContain('✘');
    await w.press('q');
  });

  it('the undo hint names the folder unless it is the current one, quoted for the shell', () => {
    expect(undoHint('.', '.shipshape/backup/x')).toEqual({backup: '.shipshape/backup/x', command: 'shipshape undo'});
    expect(undoHint('services/api/', '.shipshape/backup/x')).toEqual({backup: 'services/api/.shipshape/backup/x', command: 'shipshape undo services/api/'});
    expect(undoHint("/tmp/my app's", '.shipshape/backup/x').command).toBe(`shipshape undo '/tmp/my app'\\''s'`);
  });
});

import {defineRule, type Rule} from '../../src/core/rule.js';

/** A rule whose fix adds a line after each of 40 FROM lines: a diff longer than the screen. */
const bigFixRule = defineRule({
  id: 'T109',
  name: 'test-big-fix',
  kind: 'dockerfile',
  severity: 'low',
  title: 'Every stage needs a marker',
  docs: `## What it does\n${'Long docs line.\n\n'.repeat(30)}## Why it matters\nMarkers.\n\n## Example\n\`\`\`dockerfile\nFROM x\n\`\`\`\n\n## Use instead\n\`\`\`dockerfile\nFROM x\n\`\`\`\n\n## Fix safety\nSafe.\n`,
  references: [],
  fix: 'safe',
  *check(source) {
    if (source.text.includes('FIX-LINE')) return;
    yield {
      start: 0,
      end: 4,
      message: 'Stages have no marker.',
      locator: 'stages',
      fix: {
        title: 'Add markers',
        safety: 'safe',
        params: [],
        edits: () =>
          [...source.text.matchAll(/^FROM .*$/gm)].map((m) => {
            const at = m.index + m[0].length + 1;
            return {file: source.path, start: at, end: at, text: `# FIX-LINE ${m.index}\n`};
          }),
      },
    };
  },
}) as Rule;
