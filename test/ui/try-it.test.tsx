/**
 * "Try it" on the review, rendered with ink-testing-library: the accepted fixes go to a fake
 * container engine through verify's real deciding code (decide + fixRefs over the session's
 * plans); the screen shows each service's state and the fix that broke one, and `d` leaves that
 * fix out while the rest stays accepted.
 */
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {App} from '../../src/ui/App.js';
import type {Choices, Session} from '../../src/core/session.js';
import {decide} from '../../src/verify/decide.js';
import {fixRefs} from '../../src/verify/attribute.js';
import {findStacks} from '../../src/verify/stacks.js';
import type {VerifyResult} from '../../src/verify/model.js';
import {fakeDeps, SECRET, testSession} from './fixtures.js';
import {KEY} from './harness.js';

/** A fake engine: `web` fails once its privileged mode is taken away (it needs a device). */
async function fakeVerify(session: Session, choices: Choices, onProgress: (m: string) => void, calls: Choices[]): Promise<VerifyResult> {
  calls.push(choices);
  const planFor = (exclude: ReadonlySet<string>) => session.preview({accepted: new Map([...choices.accepted].filter(([fp]) => !exclude.has(fp))), ignored: choices.ignored});
  const stacks = findStacks(session.project);
  const fixes = fixRefs(planFor(new Set()).applied, stacks);
  return decide({
    engine: 'fake engine',
    stacks,
    fixes,
    onProgress,
    trial: async ({stack, variant}) => {
      const plan = variant.kind === 'original' ? null : planFor(variant.exclude);
      const compose = plan?.files.find((f) => f.path === 'compose.yaml')?.after ?? '';
      const webBroken = compose.includes('privileged: false');
      return {
        stack: stack.id,
        error: null,
        services: stack.services.map((s) =>
          s.name === 'web' && webBroken
            ? {service: 'web', status: 'exited' as const, detail: 'it exited with code 1', logs: [`fuse: device not found (password ${SECRET})`]}
            : {service: s.name, status: 'running' as const, detail: 'it stayed up for 5 s', logs: []},
        ),
      };
    },
  });
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 10));

/**
 * Waits until the frame shows `text`, then until no new frame comes for a few turns: a new screen
 * subscribes to keys in an effect, a moment after its frame is drawn, and a key written before
 * that is lost.
 */
async function waitFor(app: {lastFrame(): string | undefined; frames: string[]}, text: string): Promise<string> {
  // Generous: a loaded machine (the whole suite on two cores) draws slowly.
  const deadline = Date.now() + 15_000;
  while (!(app.lastFrame() ?? '').includes(text)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}\n--- last frame ---\n${app.lastFrame()}`);
    await tick();
  }
  for (let quiet = 0, seen = app.frames.length; quiet < 3; ) {
    await tick();
    if (app.frames.length === seen) quiet++;
    else [seen, quiet] = [app.frames.length, 0];
  }
  return app.lastFrame() ?? '';
}

describe('wizard: try it', () => {
  it('starts the accepted fixes, names the one that breaks a service, and leaves it out on d', async () => {
    const session = testSession();
    const calls: Choices[] = [];
    const deps = fakeDeps(session, {verify: (s, choices, onProgress) => fakeVerify(s, choices, onProgress, calls)});
    const app = render(<App deps={deps} onExit={() => undefined} />);
    const {stdin} = app;
    await waitFor(app, 'Walk through every finding');
    stdin.write(KEY.enter);
    await waitFor(app, 'T101 high');
    stdin.write('a'); // T101: USER in api/Dockerfile
    await waitFor(app, 'T202 critical');
    stdin.write('a'); // T202: privileged: false
    await waitFor(app, 'T203');
    stdin.write('s');
    await waitFor(app, 'T301');
    stdin.write('s');
    let f = await waitFor(app, 't try it');
    expect(f).toContain('2 fixes');

    stdin.write('t');
    f = await waitFor(app, 'shipshape · try it');
    f = await waitFor(app, 'to leave out');
    expect(f).toContain('compose.yaml');
    expect(f).toMatch(/✔ db\s+running: it stayed up for 5 s/);
    expect(f).toMatch(/✘ web\s+exited with the fixes: it exited with code 1/);
    expect(f).toMatch(/▸ T202 compose\.yaml:4 {2}Drop privileged mode/);
    expect(f).toContain('with it: it exited with code 1');
    expect(f).toContain('fuse: device not found');
    expect(f).not.toContain(SECRET);
    expect(f).toContain('d leave it out');
    expect(calls[0]!.accepted.size).toBe(2);

    stdin.write('d');
    f = await waitFor(app, 'Left out T202; the rest stays accepted');
    expect(f).toContain('(left out)');
    stdin.write('b');
    f = await waitFor(app, 'shipshape · review');
    expect(f).toContain('1 fix');
    expect(f).not.toContain('privileged: false');

    stdin.write('t');
    f = await waitFor(app, 'every service starts');
    expect(f).toContain('✔ Every service that starts without the fixes starts with them. Write them with w.');
    expect([...calls[1]!.accepted.keys()]).toEqual(['T101:api/Dockerfile:stage[final] > USER']);
    stdin.write('w');
    f = await waitFor(app, 'Wrote 1 file');
    expect(f).toContain('api/Dockerfile');
    expect(deps.writes).toHaveLength(1);
    expect(deps.writes[0]!.applied.map((a) => a.rule)).toEqual(['T101']);
    app.unmount();
  });

  it('without a container engine, the review says why in one line and nothing changes', async () => {
    const deps = fakeDeps(testSession(), {verify: async () => Promise.reject(new Error('no container engine to start the stack: docker is not installed; podman is not installed'))});
    const app = render(<App deps={deps} onExit={() => undefined} />);
    await waitFor(app, 'Walk through every finding');
    app.stdin.write(KEY.enter);
    await waitFor(app, 'T101 high');
    app.stdin.write('a');
    await waitFor(app, 'T202 critical');
    app.stdin.write('s');
    await waitFor(app, 'T203');
    app.stdin.write('s');
    await waitFor(app, 'T301');
    app.stdin.write('s');
    await waitFor(app, 't try it');
    app.stdin.write('t');
    const f = await waitFor(app, 'Could not try the fixes: no container engine');
    expect(f).toContain('shipshape · review');
    expect(f).toContain('1 fix');
    app.unmount();
  });
});
