/** One UID flows into every file: editing the user of one fix follows to fixes of the same user. */
import {describe, expect, it} from 'vitest';
import type {Finding, FixParam} from '../../src/core/model.js';
import {initialState, paramValues, reducer, type Action, type WizardState} from '../../src/ui/state/reducer.js';

function finding(rule: string, path: string, uidDefault: string): Finding {
  const params: FixParam[] = [
    {name: 'uid', label: 'User id', default: uidDefault},
    {name: 'gid', label: 'Group id', default: uidDefault},
  ];
  return {
    rule,
    name: rule.toLowerCase(),
    severity: 'high',
    path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    start: 0,
    end: 0,
    message: 'runs as root',
    fingerprint: `${rule}:${path}`,
    fix: {title: 'run as a user', safety: 'unsafe', params, edits: () => []},
    references: [],
    secrets: [],
    secretLines: [],
  };
}

const dockerfile = finding('D101', 'worker/Dockerfile', '10001');
const pod = finding('K301', 'k8s/worker.yaml', '10001');
const nodePod = finding('K301', 'k8s/api.yaml', '1000');
const findings = [dockerfile, pod, nodePod];
// Walking order: worker/Dockerfile, k8s/api.yaml (node's user), k8s/worker.yaml.

function run(state: WizardState, ...actions: Action[]): WizardState {
  return actions.reduce(reducer, state);
}

function walking(): WizardState {
  const scanned = run(initialState(), {
    type: 'scanDone',
    findings,
    files: [
      {path: 'worker/Dockerfile', kind: 'dockerfile'},
      {path: 'k8s/api.yaml', kind: 'kubernetes'},
      {path: 'k8s/worker.yaml', kind: 'kubernetes'},
    ],
    ignorable: new Set(),
    problems: [],
  });
  return run(scanned, {type: 'select'});
}

describe('shared identity parameters', () => {
  it('a UID edited on one fix becomes the value of fixes with the same default user, not of other users', () => {
    const s = run(walking(), {type: 'editOpen'}, {type: 'editChange', value: '2000'}, {type: 'editCommit'}, {type: 'accept'});
    // The GID follows the UID: one user, one group.
    expect(s.accepted.get(dockerfile.fingerprint)).toEqual({uid: '2000', gid: '2000'});
    expect(paramValues(s, pod)).toEqual({uid: '2000', gid: '2000'});
    // node's own user (1000) is another user: it keeps its UID.
    expect(paramValues(s, nodePod)).toEqual({uid: '1000', gid: '1000'});
  });

  it('says how many other fixes follow the edit', () => {
    const s = run(walking(), {type: 'editOpen'}, {type: 'editChange', value: '2000'}, {type: 'editCommit'});
    expect(s.notice?.text).toBe('User id 2000 also applies to 1 other fix for the same user, so one UID flows through every file.');
  });

  it('fixes accepted before the edit follow it; a value set on a fix itself wins', () => {
    let s = run(walking(), {type: 'accept'}, {type: 'skip'}, {type: 'editOpen'}, {type: 'editChange', value: '3000'}, {type: 'editCommit'});
    // Edited on the worker pod: the Dockerfile accepted before follows.
    expect(s.accepted.get(dockerfile.fingerprint)).toEqual({uid: '3000', gid: '3000'});
    expect(s.shared.get('uid')).toEqual({from: '10001', to: '3000'});
    // The pod's own value, once set, is not overridden by a later shared change.
    s = run(s, {type: 'editOpen'}, {type: 'editChange', value: '4000'}, {type: 'editCommit'});
    expect(paramValues(s, pod).uid).toBe('4000');
    expect(s.accepted.get(dockerfile.fingerprint)).toEqual({uid: '4000', gid: '4000'});
  });

  it('a GID set on its own stays, whatever the UID becomes', () => {
    const s = run(walking(), {type: 'editOpen'}, {type: 'editChange', value: '2000'}, {type: 'editField', delta: 1}, {type: 'editChange', value: '3000'}, {type: 'editCommit'});
    expect(paramValues(s, dockerfile)).toEqual({uid: '2000', gid: '3000'});
    const again = run(s, {type: 'editOpen'}, {type: 'editChange', value: '2500'}, {type: 'editCommit'});
    expect(paramValues(again, dockerfile)).toEqual({uid: '2500', gid: '3000'});
  });

  it('setting the value back to the default forgets the shared choice', () => {
    const s = run(walking(), {type: 'editOpen'}, {type: 'editChange', value: '2000'}, {type: 'editCommit'}, {type: 'editOpen'}, {type: 'editChange', value: '10001'}, {type: 'editCommit'});
    expect(s.shared.size).toBe(0);
    expect(paramValues(s, pod).uid).toBe('10001');
  });
});

describe('the parameter text field', () => {
  it('applies each typed key and backspace to the latest value, so a burst is never lost', () => {
    let s = run(walking(), {type: 'editOpen'});
    expect(s.overlay).toMatchObject({kind: 'edit', value: '10001'});
    for (let i = 0; i < 5; i++) s = reducer(s, {type: 'editErase'});
    s = run(s, {type: 'editType', text: '20'}, {type: 'editType', text: '0\u007F00'}, {type: 'editErase'}, {type: 'editType', text: '0'});
    expect(s.overlay).toMatchObject({kind: 'edit', value: '20000'});
    s = reducer(s, {type: 'editErase'});
    expect(s.overlay).toMatchObject({value: '2000'});
    s = reducer(s, {type: 'editCommit'});
    expect(paramValues(s, dockerfile).uid).toBe('2000');
  });
});
