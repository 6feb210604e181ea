/**
 * The `shipshape init` flow, rendered with ink-testing-library: one key at a time, each waited for.
 * The deps are fakes that record what the flow asks for, except in the last test, which renders
 * the real templates in memory.
 */
import {describe, expect, it, vi} from 'vitest';
import {render} from 'ink-testing-library';
import {InitApp} from '../../src/ui/init/InitApp.js';
import type {ChosenAnswers, InitFlowDeps} from '../../src/ui/init/deps.js';
import type {Preview} from '../../src/ui/init/state.js';
import {PARTS, type InitAnswers} from '../../src/init/options.js';
import {planInit, type InitFile} from '../../src/init/plan.js';
import {templateSource} from '../../src/cli/init.js';

const KEY = {up: '\u001B[A', down: '\u001B[B', enter: '\r', escape: '\u001B', backspace: '\u007F', ctrlC: '\u0003', pageDown: '\u001B[6~'};

const ANSWERS: InitAnswers = {stack: null, name: 'api', port: null, parts: new Set(PARTS), secrets: null, repo: 'acme/shop', repoGuessed: false};

function file(display: string, text: string, status: InitFile['status'] = 'new', current: string | null = null): InitFile {
  return {display, absolute: `/work/${display}`, text, status, current};
}

const PREVIEW: Preview = {
  files: [file('Dockerfile', 'FROM python:3.13-slim-trixie\nUSER 10001:10001\n'), file('compose.yaml', 'services:\n  api:\n    read_only: true\n', 'differs', 'services:\n  api:\n    image: old\n'), file('.dockerignore', '.git\n', 'same', '.git\n')],
  nextSteps: ['Put the secret in secrets/app_secret.'],
};

function fakeDeps(preview: Preview = PREVIEW): InitFlowDeps & {previewed: ChosenAnswers[]; written: Array<{answers: ChosenAnswers; overwrite: string[]}>} {
  const previewed: ChosenAnswers[] = [];
  const written: Array<{answers: ChosenAnswers; overwrite: string[]}> = [];
  return {
    answers: ANSWERS,
    color: false,
    previewed,
    written,
    preview: async (answers) => {
      previewed.push(answers);
      return preview;
    },
    write: async (answers, _preview, overwrite) => {
      written.push({answers, overwrite: [...overwrite]});
      return {lines: ['Wrote 2 file(s) for orders (Python) in .:', '  Dockerfile', 'Next:', '  - Put the secret in secrets/app_secret.'], code: 0};
    },
  };
}

function start(deps: InitFlowDeps) {
  const onExit = vi.fn();
  const app = render(<InitApp deps={deps} onExit={onExit} />);
  const frame = () => app.lastFrame() ?? '';
  const waitFor = async (text: string | RegExp): Promise<string> => {
    for (let i = 0; i < 400; i++) {
      const f = frame();
      if (typeof text === 'string' ? f.includes(text) : text.test(f)) return f;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`waited for ${String(text)}; the frame is:\n${frame()}`);
  };
  const press = async (key: string) => {
    const before = frame();
    app.stdin.write(key);
    for (let i = 0; i < 40 && frame() === before; i++) await new Promise((r) => setTimeout(r, 5));
  };
  const type = async (text: string) => {
    for (const ch of text) await press(ch);
  };
  return {app, frame, waitFor, press, type, onExit};
}

describe('shipshape init flow', () => {
  it('stack -> name -> port -> parts -> secrets -> repository -> preview -> write -> summary', async () => {
    const deps = fakeDeps();
    const ui = start(deps);
    let f = await ui.waitFor('Which stack is the service?');
    expect(f).toContain('› Node.js');
    expect(f).toContain('step 1 of 7');
    await ui.press(KEY.down);
    expect(ui.frame()).toContain('› Python');
    await ui.press(KEY.enter);

    f = await ui.waitFor('Name of the service?');
    expect(f).toContain('› api');
    for (let i = 0; i < 3; i++) await ui.press(KEY.backspace);
    await ui.type('orders');
    expect(ui.frame()).toContain('› orders');
    await ui.press(KEY.enter);

    // The port follows the stack chosen: Python's default.
    f = await ui.waitFor('Port it listens on?');
    expect(f).toContain('› 8000');
    await ui.press(KEY.enter);

    f = await ui.waitFor('What to write besides the Dockerfile');
    expect(f).toMatch(/› \[x\] compose/);
    await ui.press(KEY.down);
    await ui.press(KEY.down);
    await ui.press(KEY.down);
    await ui.press(' ');
    expect(ui.frame()).toMatch(/› \[ \] policy/);
    await ui.press(KEY.enter);

    f = await ui.waitFor('Where does the service get its secret in Kubernetes?');
    expect(f).toContain('› k8s');
    await ui.press(KEY.down);
    await ui.press(KEY.enter);

    f = await ui.waitFor('GitHub repository that builds and signs the image');
    expect(f).toContain('› acme/shop');
    await ui.press(KEY.enter);

    f = await ui.waitFor('file(s) to write');
    expect(deps.previewed).toEqual([{stack: 'python', name: 'orders', port: 8000, parts: new Set(['compose', 'k8s', 'ci']), secrets: 'vault', repo: 'acme/shop', repoGuessed: false}]);
    expect(f).toMatch(/› \+ Dockerfile\s+new/);
    expect(f).toMatch(/! compose\.yaml\s+exists: kept \(o overwrites\)/);
    expect(f).toMatch(/= \.dockerignore\s+already there, unchanged/);
    expect(f).toContain('USER 10001:10001');
    expect(f).toContain('1 file(s) to write');

    await ui.press('w');
    f = await ui.waitFor('Wrote 2 file(s) for orders');
    expect(deps.written).toEqual([{answers: deps.previewed[0], overwrite: []}]);
    expect(f).toContain('- Put the secret in secrets/app_secret.');
    await ui.press(KEY.enter);
    expect(ui.onExit).toHaveBeenCalledWith(0);
    ui.app.unmount();
  });

  it('an existing file is shown as a diff and overwritten only when the user says so', async () => {
    const deps = fakeDeps();
    const ui = start({...deps, answers: {...ANSWERS, stack: 'python', parts: new Set(['compose'])}});
    await ui.waitFor('Which stack');
    for (const key of [KEY.enter, KEY.enter, KEY.enter, KEY.enter]) await ui.press(key);
    let f = await ui.waitFor('file(s) to write');
    // Compose alone: no secret backend or repository to ask for.
    expect(deps.previewed[0]).toMatchObject({stack: 'python', parts: new Set(['compose']), secrets: 'compose'});
    await ui.press(KEY.down);
    f = ui.frame();
    expect(f).toContain('-     image: old');
    expect(f).toContain('+     read_only: true');
    await ui.press('o');
    f = await ui.waitFor('exists: OVERWRITE (backup kept)');
    expect(f).toContain('2 file(s) to write');
    await ui.press('w');
    await ui.waitFor('Wrote 2 file(s)');
    expect(deps.written[0]!.overwrite).toEqual(['compose.yaml']);
    ui.app.unmount();
  });

  it('refuses a bad name or a port below 1024, saying why, and keeps the step', async () => {
    const ui = start(fakeDeps());
    await ui.waitFor('Which stack');
    await ui.press(KEY.enter);
    await ui.waitFor('Name of the service?');
    await ui.type('_X');
    await ui.press(KEY.enter);
    let f = await ui.waitFor('✖ lowercase letters, digits and dashes');
    expect(f).toContain('Name of the service?');
    await ui.press(KEY.backspace);
    await ui.press(KEY.backspace);
    await ui.press(KEY.enter);
    await ui.waitFor('Port it listens on?');
    for (let i = 0; i < 4; i++) await ui.press(KEY.backspace);
    await ui.type('80');
    await ui.press(KEY.enter);
    f = await ui.waitFor('✖ a port from 1024');
    expect(f).toContain('Port it listens on?');
    ui.app.unmount();
  });

  it('esc and b go back a step, q quits without writing, ctrl-c interrupts', async () => {
    const deps = fakeDeps();
    let ui = start(deps);
    await ui.waitFor('Which stack');
    await ui.press(KEY.enter);
    await ui.waitFor('Name of the service?');
    // In a text field b is a letter; esc goes back.
    await ui.press('b');
    expect(ui.frame()).toContain('› apib');
    await ui.press(KEY.escape);
    await ui.waitFor('Which stack');
    await ui.press('q');
    expect(ui.onExit).toHaveBeenCalledWith(0);
    expect(deps.written).toEqual([]);
    ui.app.unmount();

    ui = start(deps);
    await ui.waitFor('Which stack');
    await ui.press(KEY.ctrlC);
    expect(ui.onExit).toHaveBeenCalledWith(130);
    ui.app.unmount();
  });

  it('previews the real templates: every file, scrollable', async () => {
    const source = templateSource();
    const deps: InitFlowDeps = {
      ...fakeDeps(),
      answers: {...ANSWERS, stack: 'go'},
      preview: async (answers) => {
        const plan = planInit({...answers, secrets: answers.secrets ?? 'k8s', context: '.'}, source);
        return {files: plan.files.map((f) => file(f.path, f.text)), nextSteps: plan.nextSteps};
      },
    };
    const ui = start(deps);
    await ui.waitFor('Which stack');
    for (let i = 0; i < 6; i++) await ui.press(KEY.enter);
    let f = await ui.waitFor('19 file(s) to write');
    expect(f).toContain('FROM golang:1.25-trixie AS build');
    for (let i = 0; i < 4; i++) await ui.press(KEY.down);
    f = await ui.waitFor('── k8s/deployment.yaml');
    expect(f).toMatch(/rows 1–\d+ of \d+/);
    await ui.press(KEY.pageDown);
    expect(ui.frame()).not.toMatch(/rows 1–/);
    ui.app.unmount();
  });
});
