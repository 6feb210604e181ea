import {describe, expect, it} from 'vitest';
import {
  currentFinding,
  EXIT,
  initialState,
  isSafeAutoFix,
  missingInput,
  overviewItems,
  paramValues,
  pendingChanges,
  previewValues,
  reducer,
  type Action,
  type WizardState,
} from '../../src/ui/state/reducer.js';
import {testSession} from './fixtures.js';

const session = testSession();
const files = session.project.sources.map((s) => ({path: s.path, kind: s.kind}));
const allIgnorable = new Set(session.findings.map((f) => f.fingerprint));

function run(state: WizardState, ...actions: Action[]): WizardState {
  return actions.reduce(reducer, state);
}

function scanned(ignorable: ReadonlySet<string> = allIgnorable): WizardState {
  return run(initialState(), {type: 'scanDone', findings: session.findings, files, ignorable, problems: ['x.yaml: cannot parse']});
}

/** The walk through every finding: T101 (Dockerfile), T202, T203 (Compose), T301 (k8s). */
function walking(): WizardState {
  return run(scanned(), {type: 'select'});
}

const fp = (rule: string) => session.findings.find((f) => f.rule === rule)!.fingerprint;

describe('scan', () => {
  it('starts scanning and records progress', () => {
    const s = run(initialState(), {type: 'scanProgress', progress: {done: 1, total: 3, path: 'a'}});
    expect(s.screen).toBe('scanning');
    expect(s.progress).toEqual({done: 1, total: 3, path: 'a'});
  });

  it('scanDone opens the overview with findings in walking order (kind, path, line)', () => {
    const s = scanned();
    expect(s.screen).toBe('overview');
    expect(s.findings.map((f) => f.rule)).toEqual(['T101', 'T202', 'T203', 'T301']);
    expect(s.problems).toEqual(['x.yaml: cannot parse']);
    // progress after the scan is ignored
    expect(reducer(s, {type: 'scanProgress', progress: {done: 9, total: 9, path: 'z'}})).toBe(s);
  });

  it('scanFailed shows the error; q or enter leaves with exit code 2', () => {
    const s = run(initialState(), {type: 'scanFailed', message: 'boom'});
    expect(s.screen).toBe('failed');
    expect(s.error).toBe('boom');
    expect(reducer(s, {type: 'quit'}).exit).toBe(EXIT.error);
    expect(reducer(s, {type: 'select'}).exit).toBe(EXIT.error);
  });
});

describe('overview', () => {
  it('lists walk-all, apply-safe, severities and files grouped by kind', () => {
    const items = overviewItems(scanned());
    expect(items.map((i) => (i.type === 'file' ? `file:${i.path}` : i.type === 'severity' ? `sev:${i.severity}` : i.type))).toEqual([
      'all',
      'safe',
      'sev:critical',
      'sev:high',
      'sev:medium',
      'sev:low',
      'file:api/Dockerfile',
      'file:compose.yaml',
      'file:k8s/api.yaml',
    ]);
  });

  it('move clamps the cursor to the list', () => {
    const s = scanned();
    expect(run(s, {type: 'move', delta: -1}).overviewCursor).toBe(0);
    expect(run(s, {type: 'move', delta: 2}).overviewCursor).toBe(2);
    expect(run(s, {type: 'move', delta: 100}).overviewCursor).toBe(overviewItems(s).length - 1);
  });

  it('enter on the first row walks through every finding', () => {
    const s = walking();
    expect(s.screen).toBe('finding');
    expect(s.queue).toHaveLength(4);
    expect(currentFinding(s)?.rule).toBe('T101');
  });

  it('a severity row opens the group of that severity, a file row that of the file; enter walks it', () => {
    const sev = run(scanned(), {type: 'move', delta: 2}, {type: 'select'});
    expect(sev.screen).toBe('group');
    expect(sev.group?.items).toEqual([fp('T202')]);
    const file = run(scanned(), {type: 'move', delta: 7}, {type: 'select'});
    expect(file.group).toMatchObject({label: 'compose.yaml', items: [fp('T202'), fp('T203')], from: 'overview'});
    const walk = reducer(file, {type: 'select'});
    expect(walk.screen).toBe('finding');
    expect(walk.queue).toEqual([fp('T202'), fp('T203')]);
  });

  it('apply all safe fixes accepts the safe ones without input and opens the review; back restores', () => {
    const s = run(scanned(), {type: 'move', delta: 1}, {type: 'select'});
    expect(s.screen).toBe('review');
    expect(s.reviewFrom).toBe('safe');
    expect([...s.accepted.keys()]).toEqual([fp('T101')]);
    expect(session.findings.filter(isSafeAutoFix).map((f) => f.rule)).toEqual(['T101']);
    const back = reducer(s, {type: 'back'});
    expect(back.screen).toBe('overview');
    expect(back.accepted.size).toBe(0);
  });

  it('openReview from the overview, and back returns there', () => {
    const s = run(scanned(), {type: 'openReview'});
    expect(s.screen).toBe('review');
    expect(reducer(s, {type: 'back'}).screen).toBe('overview');
  });

  it('enter on a file without findings keeps the overview with a notice', () => {
    const empty = run(initialState(), {type: 'scanDone', findings: [], files: [{path: 'Dockerfile', kind: 'dockerfile'}], ignorable: new Set(), problems: []});
    const s = run(empty, {type: 'move', delta: 1}, {type: 'select'});
    expect(s.screen).toBe('overview');
    expect(s.notice?.text).toMatch(/Nothing to walk through/);
    // a notice lasts one action
    expect(reducer(s, {type: 'move', delta: -1}).notice).toBeNull();
  });
});

describe('finding', () => {
  it('accept records the fix with its parameter values and moves on', () => {
    const s = reducer(walking(), {type: 'accept'});
    expect(s.accepted.get(fp('T101'))).toEqual({uid: '10001'});
    expect(s.decisions.get(fp('T101'))).toBe('accepted');
    expect(currentFinding(s)?.rule).toBe('T202');
  });

  it('skip records the decision, drops an earlier accept and moves on', () => {
    const s = run(walking(), {type: 'accept'}, {type: 'back'}, {type: 'skip'});
    expect(s.accepted.has(fp('T101'))).toBe(false);
    expect(s.decisions.get(fp('T101'))).toBe('skipped');
    expect(currentFinding(s)?.rule).toBe('T202');
  });

  it('ignore adds the pragma choice; not allowed where the file cannot hold a comment', () => {
    const asking = reducer(walking(), {type: 'ignore'});
    expect(asking.overlay).toEqual({kind: 'reason', value: ''});
    expect(asking.ignored.size).toBe(0);
    const s = reducer(asking, {type: 'editCommit'});
    expect(s.ignored.has(fp('T101'))).toBe(true);
    expect(s.reasons.get(fp('T101'))).toBe('reviewed with shipshape');
    const typed = run(walking(), {type: 'ignore'}, {type: 'editType', text: 'dev only'}, {type: 'editCommit'});
    expect(typed.reasons.get(fp('T101'))).toBe('dev only');
    expect(s.decisions.get(fp('T101'))).toBe('ignored');
    const json = run(scanned(new Set()), {type: 'select'}, {type: 'ignore'});
    expect(json.ignored.size).toBe(0);
    expect(currentFinding(json)?.rule).toBe('T101');
    expect(json.notice?.text).toMatch(/cannot hold an inline ignore/);
  });

  it('accept on a finding without a fix does nothing but explain', () => {
    const s = run(walking(), {type: 'skip'}, {type: 'skip'});
    expect(currentFinding(s)?.rule).toBe('T203');
    const t = reducer(s, {type: 'accept'});
    expect(currentFinding(t)?.rule).toBe('T203');
    expect(t.accepted.size).toBe(0);
    expect(t.notice?.text).toMatch(/no automatic fix/);
    expect(reducer(s, {type: 'editOpen'}).overlay).toBeNull();
  });

  it('back goes to the previous finding, and from the first to the overview', () => {
    const s = run(walking(), {type: 'skip'}, {type: 'back'});
    expect(currentFinding(s)?.rule).toBe('T101');
    expect(reducer(s, {type: 'back'}).screen).toBe('overview');
  });

  it('after the last finding the review opens; back returns to the last finding', () => {
    const s = run(walking(), {type: 'accept'}, {type: 'skip'}, {type: 'skip'}, {type: 'skip'});
    expect(s.screen).toBe('review');
    expect(s.reviewFrom).toBe('walk');
    const back = reducer(s, {type: 'back'});
    expect(back.screen).toBe('finding');
    expect(currentFinding(back)?.rule).toBe('T301');
  });

  it('toggleDocs opens and closes the docs; scroll moves the docs while open and the diff otherwise', () => {
    const open = reducer(walking(), {type: 'toggleDocs'});
    expect(open.overlay).toEqual({kind: 'docs', scroll: 0});
    const scrolled = reducer(open, {type: 'scroll', delta: 5, max: 3});
    expect(scrolled.overlay).toEqual({kind: 'docs', scroll: 3});
    expect(scrolled.scroll).toBe(0);
    expect(reducer(scrolled, {type: 'back'}).overlay).toBeNull();
    expect(reducer(scrolled, {type: 'toggleDocs'}).overlay).toBeNull();
    const diff = run(walking(), {type: 'scroll', delta: 4, max: 10}, {type: 'scroll', delta: -1, max: 10});
    expect(diff.scroll).toBe(3);
    expect(reducer(diff, {type: 'scroll', delta: -100, max: 10}).scroll).toBe(0);
  });

  it('openOverview and openReview leave the walk', () => {
    expect(reducer(walking(), {type: 'openOverview'}).screen).toBe('overview');
    const r = reducer(walking(), {type: 'openReview'});
    expect(r.screen).toBe('review');
    expect(reducer(r, {type: 'back'}).screen).toBe('finding');
  });
});

describe('editing parameters', () => {
  it('editOpen, editChange, editCommit store a valid value; the preview follows the draft', () => {
    const s = run(walking(), {type: 'editOpen'}, {type: 'editChange', value: '2000'});
    expect(s.overlay).toEqual({kind: 'edit', field: 0, value: '2000', error: null});
    const f = currentFinding(s)!;
    expect(previewValues(s, f)).toEqual({uid: '2000'});
    expect(paramValues(s, f)).toEqual({uid: '10001'});
    const saved = reducer(s, {type: 'editCommit'});
    expect(saved.overlay).toBeNull();
    expect(paramValues(saved, f)).toEqual({uid: '2000'});
    expect(reducer(saved, {type: 'accept'}).accepted.get(f.fingerprint)).toEqual({uid: '2000'});
  });

  it('an invalid value stays in the editor with the error and is not previewed', () => {
    const s = run(walking(), {type: 'editOpen'}, {type: 'editChange', value: 'root'});
    const f = currentFinding(s)!;
    expect(previewValues(s, f)).toEqual({uid: '10001'});
    const t = reducer(s, {type: 'editCommit'});
    expect(t.overlay).toMatchObject({kind: 'edit', error: 'must be a number above 0'});
    expect(paramValues(t, f)).toEqual({uid: '10001'});
  });

  it('editCancel drops the draft', () => {
    const s = run(walking(), {type: 'editOpen'}, {type: 'editChange', value: '7'}, {type: 'editCancel'});
    expect(s.overlay).toBeNull();
    expect(paramValues(s, currentFinding(s)!)).toEqual({uid: '10001'});
  });

  it('editing the value of an accepted fix updates the accepted parameters', () => {
    const s = run(walking(), {type: 'accept'}, {type: 'back'}, {type: 'editOpen'}, {type: 'editChange', value: '4242'}, {type: 'editCommit'});
    expect(s.accepted.get(fp('T101'))).toEqual({uid: '4242'});
  });

  it('editField moves between parameters; cycleChoice picks among choices', () => {
    let s = run(walking(), {type: 'skip'}, {type: 'skip'}, {type: 'skip'});
    expect(currentFinding(s)?.rule).toBe('T301');
    s = run(s, {type: 'editOpen'}, {type: 'editChange', value: '1.27'}, {type: 'editField', delta: 1});
    expect(s.overlay).toEqual({kind: 'edit', field: 1, value: 'IfNotPresent', error: null});
    s = run(s, {type: 'cycleChoice', delta: 1});
    expect(s.overlay).toMatchObject({value: 'Always'});
    s = run(s, {type: 'cycleChoice', delta: 1});
    expect(s.overlay).toMatchObject({value: 'IfNotPresent'});
    s = run(s, {type: 'cycleChoice', delta: -1}, {type: 'editCommit'});
    expect(paramValues(s, currentFinding(s)!)).toEqual({tag: '1.27', policy: 'Always'});
  });

  it('a fix that needs input cannot be accepted before the value is given', () => {
    let s = run(walking(), {type: 'skip'}, {type: 'skip'}, {type: 'skip'});
    const f = currentFinding(s)!;
    expect(missingInput(s, f)).toBe(0);
    s = reducer(s, {type: 'accept'});
    expect(s.accepted.size).toBe(0);
    expect(s.overlay).toMatchObject({kind: 'edit', field: 0});
    expect(s.notice?.text).toMatch(/needs a value only you can give: Image tag/);
    s = reducer(s, {type: 'editCommit'});
    expect(s.overlay).toMatchObject({error: 'Image tag needs a value'});
    s = run(s, {type: 'editChange', value: '1.27'}, {type: 'editCommit'});
    expect(missingInput(s, f)).toBe(-1);
    s = reducer(s, {type: 'accept'});
    expect(s.accepted.get(f.fingerprint)).toEqual({tag: '1.27', policy: 'IfNotPresent'});
    expect(s.screen).toBe('review');
  });

  it('a suggested value shipshape cannot know (a needed parameter with a default) is asked about before the fix is accepted', () => {
    const suggested = session.findings.map((f) =>
      f.rule === 'T301' && f.fix ? {...f, fix: {...f.fix, params: f.fix.params.map((p) => (p.name === 'tag' ? {...p, default: '1.27'} : p))}} : f,
    );
    let s = run(initialState(), {type: 'scanDone', findings: suggested, files, ignorable: allIgnorable, problems: []}, {type: 'select'}, {type: 'skip'}, {type: 'skip'}, {type: 'skip'});
    const f = currentFinding(s)!;
    expect(missingInput(s, f)).toBe(0);
    s = reducer(s, {type: 'accept'});
    expect(s.accepted.size).toBe(0);
    expect(s.overlay).toMatchObject({kind: 'edit', field: 0, value: '1.27'});
    expect(s.notice?.text).toMatch(/cannot know this: confirm or change Image tag/);
    s = reducer(s, {type: 'editCommit'});
    expect(missingInput(s, f)).toBe(-1);
    s = reducer(s, {type: 'accept'});
    expect(s.accepted.get(f.fingerprint)).toEqual({tag: '1.27', policy: 'IfNotPresent'});
  });

  it('keys of the walk do nothing while editing', () => {
    const s = run(walking(), {type: 'editOpen'});
    expect(reducer(s, {type: 'accept'})).toBe(s);
    expect(reducer(s, {type: 'skip'})).toBe(s);
  });
});

describe('review, write and done', () => {
  const reviewing = () => run(walking(), {type: 'accept'}, {type: 'skip'}, {type: 'ignore'}, {type: 'editCommit'}, {type: 'skip'});

  it('scroll is clamped to the view', () => {
    const s = reviewing();
    expect(reducer(s, {type: 'scroll', delta: 50, max: 12}).scroll).toBe(12);
  });

  it('write with nothing accepted only explains', () => {
    const s = run(scanned(), {type: 'openReview'}, {type: 'write'});
    expect(s.screen).toBe('review');
    expect(s.notice?.text).toMatch(/Nothing to write/);
  });

  it('write -> writing -> written -> done; enter or q exit with 0', () => {
    const s = reviewing();
    expect(pendingChanges(s)).toBe(2);
    const writing = reducer(s, {type: 'write'});
    expect(writing.screen).toBe('writing');
    expect(reducer(writing, {type: 'quit'})).toBe(writing);
    const done = reducer(writing, {type: 'written', outcome: {written: ['api/Dockerfile'], backupDir: 'b', refused: []}});
    expect(done.screen).toBe('done');
    expect(done.outcome?.backupDir).toBe('b');
    expect(reducer(done, {type: 'select'}).exit).toBe(EXIT.ok);
    expect(reducer(done, {type: 'quit'}).exit).toBe(EXIT.ok);
    expect(reducer(done, {type: 'scroll', delta: 3, max: 2}).scroll).toBe(2);
  });

  it('a refused file makes the exit code 1', () => {
    const done = run(reviewing(), {type: 'write'}, {type: 'written', outcome: {written: [], backupDir: null, refused: [{path: 'a', reason: 'changed on disk since the scan'}]}});
    expect(reducer(done, {type: 'quit'}).exit).toBe(EXIT.refused);
  });

  it('writeFailed returns to the review with the error', () => {
    const s = run(reviewing(), {type: 'write'}, {type: 'writeFailed', message: 'EACCES'});
    expect(s.screen).toBe('review');
    expect(s.error).toBe('EACCES');
  });

  it('openOverview from the review', () => {
    expect(reducer(reviewing(), {type: 'openOverview'}).screen).toBe('overview');
  });
});

describe('quitting', () => {
  it('quits at once when nothing would be lost', () => {
    expect(reducer(walking(), {type: 'quit'}).exit).toBe(EXIT.ok);
    expect(reducer(initialState(), {type: 'quit'}).exit).toBe(EXIT.ok);
  });

  it('asks first when accepted changes would be lost; n keeps going, y quits', () => {
    const s = run(walking(), {type: 'accept'}, {type: 'quit'});
    expect(s.overlay).toEqual({kind: 'confirmQuit'});
    expect(s.exit).toBeNull();
    // other keys do nothing while asking
    expect(reducer(s, {type: 'skip'})).toBe(s);
    const no = reducer(s, {type: 'confirmQuit', yes: false});
    expect(no.overlay).toBeNull();
    expect(no.exit).toBeNull();
    expect(reducer(s, {type: 'confirmQuit', yes: true}).exit).toBe(EXIT.ok);
    expect(reducer(walking(), {type: 'confirmQuit', yes: true}).exit).toBeNull();
  });

  it('Ctrl-C leaves at once with 130, and nothing happens after exit', () => {
    const s = run(walking(), {type: 'accept'}, {type: 'interrupt'});
    expect(s.exit).toBe(EXIT.interrupted);
    expect(reducer(s, {type: 'skip'})).toBe(s);
  });
});

describe('try it (review)', () => {
  const result = (blamedRules: string[]) =>
    ({
      engine: 'fake',
      stacks: [{id: 'compose.yaml', files: ['compose.yaml'], skipped: null, error: null}],
      fixes: [],
      trials: 3,
      passed: blamedRules.length === 0,
      services: [
        {
          stack: 'compose.yaml',
          service: 'web',
          verdict: blamedRules.length ? 'broken' : 'ok',
          before: {service: 'web', status: 'running', detail: '', logs: []},
          after: {service: 'web', status: blamedRules.length ? 'exited' : 'running', detail: '', logs: []},
          fixes: [],
          note: null,
          blamed: blamedRules.map((rule) => ({fix: {fingerprint: fp(rule), rule, title: rule, path: 'compose.yaml', line: 4, services: [{stack: 'compose.yaml', service: 'web'}]}, outcome: {service: 'web', status: 'exited', detail: 'x', logs: []}})),
        },
      ],
    }) as const;
  const reviewing = () => run(walking(), {type: 'accept'}, {type: 'accept'}, {type: 'skip'}, {type: 'skip'});

  it('t starts a trial of the accepted fixes; progress is kept short; the result opens with the first blamed fix', () => {
    expect(run(scanned(), {type: 'openReview'}, {type: 'tryIt'}).notice?.text).toBe('Nothing to try: no fix was accepted.');
    let s = run(reviewing(), {type: 'tryIt'});
    expect(s.screen).toBe('trying');
    expect(s.trial).toMatchObject({id: 1, log: [], result: null});
    s = run(s, ...Array.from({length: 12}, (_, i): Action => ({type: 'tryProgress', message: `step ${i}`})));
    expect(s.trial!.log).toEqual(['step 4', 'step 5', 'step 6', 'step 7', 'step 8', 'step 9', 'step 10', 'step 11']);
    s = run(s, {type: 'tried', result: result(['T202']) as never});
    expect(s.screen).toBe('tried');
    expect(s.trial!.cursor).toBe(0);
  });

  it('d leaves the blamed fix out (skipped) and keeps the others; t tries again; b goes back to the review', () => {
    let s = run(reviewing(), {type: 'tryIt'}, {type: 'tried', result: result(['T202']) as never}, {type: 'dropBlamed'});
    expect([...s.accepted.keys()]).toEqual([fp('T101')]);
    expect(s.decisions.get(fp('T202'))).toBe('skipped');
    expect(s.trial!.dropped).toEqual(new Set([fp('T202')]));
    expect(run(s, {type: 'dropBlamed'}).notice?.text).toBe('Already left out.');
    s = run(s, {type: 'tryIt'});
    expect(s.screen).toBe('trying');
    expect(s.trial!.id).toBe(2);
    s = run(s, {type: 'tried', result: result([]) as never}, {type: 'back'});
    expect(s.screen).toBe('review');
  });

  it('a failed trial returns to the review with why; stopping (b, q) returns there too', () => {
    const s = run(reviewing(), {type: 'tryIt'}, {type: 'tryFailed', message: 'no container engine to start the stack: podman is not installed'});
    expect(s.screen).toBe('review');
    expect(s.notice?.text).toBe('Could not try the fixes: no container engine to start the stack: podman is not installed');
    for (const stop of [{type: 'back'}, {type: 'quit'}] as Action[]) {
      const stopped = run(reviewing(), {type: 'tryIt'}, stop);
      expect(stopped.screen).toBe('review');
      expect(stopped.trial).toBeNull();
      expect(stopped.exit).toBeNull();
    }
  });
});
