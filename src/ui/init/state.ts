/**
 * The `shipshape init` flow as a pure reducer: stack -> name -> port -> parts -> secret backend ->
 * GitHub repository -> preview of every file -> write -> summary. Keys become intents in the view;
 * every action is applied to the newest state, so keys arriving together are never lost.
 */
import type {InitFile} from '../../init/plan.js';
import {
  nameProblem,
  PARTS,
  portProblem,
  repoProblem,
  secretChoices,
  type InitAnswers,
  type Part,
  type SecretBackend,
} from '../../init/options.js';
import {STACK_IDS, STACKS, type StackId} from '../../init/stacks.js';

export type Step = 'stack' | 'name' | 'port' | 'parts' | 'secrets' | 'repo' | 'preview' | 'writing' | 'done' | 'failed';

export interface Preview {
  files: readonly InitFile[];
  nextSteps: readonly string[];
}

export interface InitState {
  step: Step;
  /** Cursor of the list on screen (stack, parts, secrets, preview files). */
  cursor: number;
  stack: StackId;
  name: string;
  port: string;
  /** True until the user edits the port: it follows the stack's default. */
  portIsDefault: boolean;
  parts: ReadonlySet<Part>;
  secrets: SecretBackend;
  repo: string;
  /** Why the current answer is refused. */
  error: string | null;
  preview: Preview | null;
  /** Existing files (display paths) the user chose to overwrite. */
  overwrite: ReadonlySet<string>;
  scroll: number;
  /** The lines of the last screen (what was written, what to do next). */
  summary: readonly string[];
  exit: number | null;
}

export type InitAction =
  | {type: 'move'; delta: number}
  | {type: 'type'; text: string}
  | {type: 'erase'}
  | {type: 'toggle'}
  | {type: 'confirm'}
  | {type: 'back'}
  | {type: 'previewReady'; preview: Preview}
  | {type: 'toggleOverwrite'}
  | {type: 'scroll'; delta: number; max: number}
  | {type: 'write'}
  | {type: 'written'; summary: readonly string[]; code: number}
  | {type: 'failed'; message: string}
  | {type: 'quit'}
  | {type: 'interrupt'};

export function initialState(answers: InitAnswers): InitState {
  const stack = answers.stack ?? 'node';
  return {
    step: 'stack',
    cursor: STACK_IDS.indexOf(stack),
    stack,
    name: answers.name,
    port: String(answers.port ?? STACKS[stack].defaultPort),
    portIsDefault: answers.port === null,
    parts: answers.parts,
    secrets: answers.secrets ?? secretChoices(answers.parts)[0]!,
    repo: answers.repo,
    error: null,
    preview: null,
    overwrite: new Set(),
    scroll: 0,
    summary: [],
    exit: null,
  };
}

/** The GitHub repository is asked for only when something uses it (image name, signing identity). */
export const needsRepo = (parts: ReadonlySet<Part>): boolean => parts.has('k8s') || parts.has('ci') || parts.has('policy');

/** The steps the answers so far lead through, in order. */
export function stepsFor(state: Pick<InitState, 'parts'>): Step[] {
  const steps: Step[] = ['stack', 'name', 'port', 'parts'];
  if (secretChoices(state.parts).length > 1) steps.push('secrets');
  if (needsRepo(state.parts)) steps.push('repo');
  steps.push('preview');
  return steps;
}

/** Where the cursor starts on a step. */
function cursorFor(state: InitState, step: Step): number {
  if (step === 'stack') return STACK_IDS.indexOf(state.stack);
  if (step === 'secrets') return Math.max(0, secretChoices(state.parts).indexOf(state.secrets));
  return 0;
}

function go(state: InitState, step: Step): InitState {
  return {...state, step, cursor: cursorFor(state, step), error: null, scroll: 0, preview: step === 'preview' ? null : state.preview};
}

function next(state: InitState): InitState {
  const steps = stepsFor(state);
  return go(state, steps[steps.indexOf(state.step) + 1] ?? 'preview');
}

function listLength(state: InitState): number {
  switch (state.step) {
    case 'stack':
      return STACK_IDS.length;
    case 'parts':
      return PARTS.length;
    case 'secrets':
      return secretChoices(state.parts).length;
    case 'preview':
      return state.preview?.files.length ?? 0;
    default:
      return 0;
  }
}

const TEXT_STEPS = new Set<Step>(['name', 'port', 'repo']);
const textOf = (state: InitState): string => (state.step === 'name' ? state.name : state.step === 'port' ? state.port : state.repo);
function setText(state: InitState, text: string): InitState {
  if (state.step === 'name') return {...state, name: text, error: null};
  if (state.step === 'port') return {...state, port: text, portIsDefault: false, error: null};
  return {...state, repo: text, error: null};
}

function confirm(state: InitState): InitState {
  switch (state.step) {
    case 'stack': {
      const stack = STACK_IDS[state.cursor]!;
      const port = state.portIsDefault ? String(STACKS[stack].defaultPort) : state.port;
      return next({...state, stack, port});
    }
    case 'name': {
      const error = nameProblem(state.name);
      return error ? {...state, error} : next(state);
    }
    case 'port': {
      const error = portProblem(state.port);
      return error ? {...state, error} : next(state);
    }
    case 'parts': {
      const choices = secretChoices(state.parts);
      return next({...state, secrets: choices.includes(state.secrets) ? state.secrets : choices[0]!});
    }
    case 'secrets':
      return next({...state, secrets: secretChoices(state.parts)[state.cursor]!});
    case 'repo': {
      const error = repoProblem(state.repo);
      return error ? {...state, error} : next(state);
    }
    default:
      return state;
  }
}

export function reduce(state: InitState, action: InitAction): InitState {
  if (state.exit !== null) return state;
  switch (action.type) {
    case 'move': {
      const n = listLength(state);
      if (n === 0) return state;
      return {...state, cursor: Math.max(0, Math.min(n - 1, state.cursor + action.delta)), scroll: state.step === 'preview' ? 0 : state.scroll};
    }
    case 'type':
      return TEXT_STEPS.has(state.step) ? setText(state, textOf(state) + action.text) : state;
    case 'erase':
      return TEXT_STEPS.has(state.step) ? setText(state, [...textOf(state)].slice(0, -1).join('')) : state;
    case 'toggle': {
      if (state.step !== 'parts') return state;
      const part = PARTS[state.cursor]!;
      const parts = new Set(state.parts);
      if (parts.has(part)) parts.delete(part);
      else parts.add(part);
      return {...state, parts};
    }
    case 'confirm':
      return confirm(state);
    case 'back': {
      if (state.step === 'done' || state.step === 'failed' || state.step === 'writing') return state;
      const steps = stepsFor(state);
      const at = steps.indexOf(state.step);
      return at > 0 ? go(state, steps[at - 1]!) : state;
    }
    case 'previewReady':
      return state.step === 'preview' ? {...state, preview: action.preview, cursor: 0, scroll: 0, overwrite: new Set()} : state;
    case 'toggleOverwrite': {
      const file = state.step === 'preview' ? state.preview?.files[state.cursor] : undefined;
      if (!file || file.status !== 'differs') return state;
      const overwrite = new Set(state.overwrite);
      if (overwrite.has(file.display)) overwrite.delete(file.display);
      else overwrite.add(file.display);
      return {...state, overwrite};
    }
    case 'scroll':
      return {...state, scroll: Math.max(0, Math.min(action.max, state.scroll + action.delta))};
    case 'write':
      return state.step === 'preview' && state.preview ? {...state, step: 'writing'} : state;
    case 'written':
      return {...state, step: 'done', summary: action.summary, exit: null, scroll: 0, error: action.code === 0 ? null : 'some files were not written'};
    case 'failed':
      return {...state, step: 'failed', error: action.message};
    case 'quit':
      if (state.step === 'writing') return state;
      return {...state, exit: state.step === 'failed' ? 2 : state.step === 'done' && state.error ? 1 : 0};
    case 'interrupt':
      return {...state, exit: 130};
  }
}

/** The files the write would touch: new ones, and existing ones chosen to be overwritten. */
export function filesToWrite(state: InitState): InitFile[] {
  return (state.preview?.files ?? []).filter((f) => f.status === 'new' || (f.status === 'differs' && state.overwrite.has(f.display)));
}
