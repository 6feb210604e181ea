/**
 * Drives the real runWizard with fake streams of a chosen size. No sleeps: `press` writes one key
 * and waits until the frame changes (Shopify's sendInputAndWaitForChange); `waitFor` polls the frame.
 */
import {EventEmitter} from 'node:events';
import {runWizard} from '../../src/ui/run.js';
import type {WizardDeps} from '../../src/ui/deps.js';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

class FakeStdout extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
  /** The last frame with visible text (after the end Ink only restores the cursor). */
  lastFrame = (): string => [...this.frames].reverse().find((f) => f.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').trim() !== '') ?? '';
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const data = this.data;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

// Each Ink instance adds process listeners (signal-exit); many flows in one file exceed Node's default of 10.
process.setMaxListeners(50);

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Lets React run the passive effects of the last commit (a new screen subscribes to keys in an
 * effect, a moment after its frame is written): a few event-loop turns without a new frame.
 */
async function settle(frames: () => number): Promise<void> {
  let quiet = 0;
  let seen = frames();
  while (quiet < 3) {
    await turn();
    if (frames() === seen) quiet++;
    else {
      seen = frames();
      quiet = 0;
    }
  }
}

export interface Wizard {
  code: Promise<number>;
  stdout: FakeStdout;
  lastFrame(): string;
  /** Writes one key and waits until the frame changes. */
  press(key: string): Promise<string>;
  /** Writes one key and lets it be handled (for keys that change nothing on screen). */
  pressQuiet(key: string): Promise<string>;
  /** Waits until the frame contains `text` (or matches). */
  waitFor(text: string | RegExp): Promise<string>;
  exited(): boolean;
}

export function startWizard(deps: WizardDeps, size: {columns?: number; rows?: number} = {}): Wizard {
  const stdout = new FakeStdout(size.columns ?? 100, size.rows ?? 30);
  const stdin = new FakeStdin();
  const stderr = new FakeStdout(100, 30);
  let done = false;
  const code = runWizard(deps, {stdout: stdout as never, stdin: stdin as never, stderr: stderr as never, debug: true}).then((c) => {
    done = true;
    return c;
  });
  const lastFrame = () => stdout.lastFrame();
  const until = async (ok: () => boolean, what: () => string) => {
    const deadline = Date.now() + 3000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}\n--- last frame ---\n${lastFrame()}`);
      await tick();
    }
  };
  return {
    code,
    stdout,
    lastFrame,
    exited: () => done,
    async press(key) {
      const before = lastFrame();
      const count = stdout.frames.length;
      stdin.write(key);
      await until(() => done || (stdout.frames.length > count && lastFrame() !== before), () => `a change after ${JSON.stringify(key)}`);
      await settle(() => stdout.frames.length);
      return lastFrame();
    },
    async pressQuiet(key) {
      stdin.write(key);
      await settle(() => stdout.frames.length);
      return lastFrame();
    },
    async waitFor(text) {
      const ok = () => (typeof text === 'string' ? lastFrame().includes(text) : text.test(lastFrame()));
      await until(ok, () => String(text));
      await settle(() => stdout.frames.length);
      return lastFrame();
    },
  };
}
