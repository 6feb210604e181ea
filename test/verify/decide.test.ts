import {describe, expect, it} from 'vitest';
import {bisect, decide, type TrialRequest} from '../../src/verify/decide.js';
import type {FixRef} from '../../src/verify/model.js';
import {fakeTrial, fix, service, stack} from './fake.js';

const S = 'compose.yaml';

describe('decide: what verify starts and what it blames', () => {
  it('passes without searching when every service starts before and after the fixes', async () => {
    const fixes = [fix('C203', S, 'web'), fix('C206', S, 'web')];
    const log: TrialRequest[] = [];
    const result = await decide({engine: 'fake', stacks: [stack(S, [service('web')])], fixes, trial: fakeTrial(fixes, {}, log)});
    expect(result.passed).toBe(true);
    expect(result.services.map((s) => [s.service, s.verdict])).toEqual([['web', 'ok']]);
    expect(log.map((r) => r.purpose)).toEqual(['the original', 'with the fixes']);
    expect(result.trials).toBe(2);
  });

  it('reports a service that fails before any fix as such and never blames a fix for it', async () => {
    const fixes = [fix('C203', S, 'db')];
    const result = await decide({engine: 'fake', stacks: [stack(S, [service('db')])], fixes, trial: fakeTrial(fixes, {db: () => 'image not found'})});
    expect(result.services[0]).toMatchObject({verdict: 'failed-before', blamed: [], before: {status: 'exited', detail: 'image not found'}});
    // Nothing was tried, so nothing passed (and `shipshape verify` exits 2).
    expect(result.passed).toBe(false);
    // Nothing started without the fixes: nothing to compare, no second start.
    expect(result.trials).toBe(1);
  });

  it('names both fixes that each break nginx (caps dropped, read-only root), and none of the harmless ones', async () => {
    const fixes = ['C203', 'C204', 'C206', 'C207', 'C208', 'C209', 'C210'].map((r) => fix(r, S, 'web'));
    const model = {web: (a: ReadonlySet<string>) => (a.has('C203') ? 'chown failed' : a.has('C206') ? 'read-only file system' : null)};
    const result = await decide({engine: 'fake', stacks: [stack(S, [service('web')])], fixes, trial: fakeTrial(fixes, model)});
    const web = result.services[0]!;
    expect(web.verdict).toBe('broken');
    expect(web.blamed.map((b) => b.fix.rule)).toEqual(['C203', 'C206']);
    // Each blame carries what the service said in the start that showed it.
    expect(web.blamed.map((b) => b.outcome.detail)).toEqual(['chown failed', 'read-only file system']);
    expect(result.passed).toBe(false);
  });

  it('blames nothing of the other services, and holds a broken dependency back while searching', async () => {
    const fixes = [fix('D101', S, 'api'), fix('C211', S, 'api'), fix('C203', S, 'web'), fix('C207', S, 'cache')];
    // web (nginx) cannot start while api is down; api breaks on its token.
    const model = {
      api: (a: ReadonlySet<string>) => (a.has('C211') ? 'API_TOKEN is not set' : null),
      web: (a: ReadonlySet<string>) => (a.has('C211') ? 'host not found in upstream "api"' : null),
    };
    const result = await decide({engine: 'fake', stacks: [stack(S, [service('web'), service('api'), service('cache')])], fixes, trial: fakeTrial(fixes, model)});
    const byName = Object.fromEntries(result.services.map((s) => [s.service, s]));
    expect(byName.api!.blamed.map((b) => b.fix.rule)).toEqual(['C211']);
    expect(byName.cache!.verdict).toBe('ok');
    // With api's fixes held back web starts with its own fix: its failure was api's.
    expect(byName.web!.verdict).toBe('broken');
    expect(byName.web!.blamed).toEqual([]);
    expect(byName.web!.note).toBe('It starts with all its own fixes once the fixes that break api are left out: that service stopped it.');
  });

  it('widens the search to the other services of the stack when reverting its own fixes does not help', async () => {
    const fixes = [fix('C207', S, 'db'), fix('C211', S, 'db'), fix('C203', S, 'api')];
    // The database's password moves to a secret file the API does not read: the API fails, the database starts.
    const model = {api: (a: ReadonlySet<string>) => (a.has('C211') ? 'password authentication failed' : null)};
    const result = await decide({engine: 'fake', stacks: [stack(S, [service('db'), service('api')])], fixes, trial: fakeTrial(fixes, model)});
    const api = result.services.find((s) => s.service === 'api')!;
    expect(api.verdict).toBe('broken');
    expect(api.blamed.map((b) => `${b.fix.rule} ${b.fix.services[0]!.service}`)).toEqual(['C211 db']);
  });

  it('calls a service unstable when it fails even with every fix reverted', async () => {
    const fixes = [fix('C203', S, 'api')];
    const model = {api: (_a: ReadonlySet<string>, r: TrialRequest) => (r.variant.kind === 'original' ? null : 'timeout')};
    const result = await decide({engine: 'fake', stacks: [stack(S, [service('api')])], fixes, trial: fakeTrial(fixes, model)});
    expect(result.services[0]).toMatchObject({verdict: 'unstable', blamed: []});
    expect(result.services[0]!.note).toMatch(/no fix is blamed/);
    expect(result.passed).toBe(false);
  });

  it('skips a stack that would write to the host and starts nothing of it', async () => {
    const log: TrialRequest[] = [];
    const s = stack(S, [service('db')], {skip: 'not started: service db mounts the host folder /srv writable'});
    const result = await decide({engine: 'fake', stacks: [s], fixes: [], trial: fakeTrial([], {}, log)});
    expect(log).toEqual([]);
    expect(result.services[0]).toMatchObject({verdict: 'skipped', note: s.skip});
    expect(result.stacks[0]!.skipped).toBe(s.skip);
  });

  it('does not start the fixed stack when no fix changes it, nor when the engine could not start the original', async () => {
    const log: TrialRequest[] = [];
    const errorTrial = async (r: TrialRequest) => (log.push(r), {stack: r.stack.id, services: [], error: 'OCI runtime error: rlimit'});
    const result = await decide({engine: 'fake', stacks: [stack(S, [service('web')])], fixes: [fix('C203', S, 'web')], trial: errorTrial});
    expect(log).toHaveLength(1);
    expect(result.stacks[0]!.error).toBe('OCI runtime error: rlimit');
    expect(result.services[0]).toMatchObject({verdict: 'failed-before', after: null});
  });
});

describe('bisect', () => {
  const fixes: FixRef[] = Array.from({length: 16}, (_, i) => fix(`C${200 + i}`, S, 'svc'));
  const starter = (culprits: ReadonlySet<string>, count: {n: number}) => async (applied: readonly FixRef[]) => {
    count.n++;
    const bad = applied.find((f) => culprits.has(f.rule));
    return bad ? {service: 'svc', status: 'exited' as const, detail: bad.rule, logs: []} : {service: 'svc', status: 'running' as const, detail: '', logs: []};
  };

  it('finds one culprit among 16 fixes in log2(16) starts when the failure with all is known', async () => {
    const count = {n: 0};
    const failing = {service: 'svc', status: 'exited' as const, detail: 'C211', logs: []};
    const blamed = await bisect(fixes, failing, starter(new Set(['C211']), count));
    expect(blamed.map((b) => b.fix.rule)).toEqual(['C211']);
    expect(count.n).toBe(4 + 1);
  });

  it('finds every culprit, in plan order, each once', async () => {
    for (const culprits of [['C200'], ['C215'], ['C203', 'C204'], ['C201', 'C207', 'C215'], fixes.map((f) => f.rule)]) {
      const blamed = await bisect(fixes, null, starter(new Set(culprits), {n: 0}));
      expect(blamed.map((b) => b.fix.rule)).toEqual(culprits);
      expect(blamed.map((b) => b.outcome.detail)).toEqual(culprits);
    }
  });

  it('blames nothing when the service starts with every fix after all', async () => {
    expect(await bisect(fixes, null, starter(new Set(), {n: 0}))).toEqual([]);
  });
});
