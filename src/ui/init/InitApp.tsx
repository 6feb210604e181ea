/**
 * The `shipshape init` flow on screen: one step at a time, then every file to be written, with a
 * diff where a different file is already there (kept unless the user says overwrite).
 */
import React, {useEffect, useReducer, useRef} from 'react';
import {Box} from 'ink';
import type {Key} from 'ink';
import {PART_TITLES, PARTS, SECRET_TITLES, secretChoices} from '../../init/options.js';
import {STACK_IDS, STACKS} from '../../init/stacks.js';
import {Footer, Header, type KeyHint} from '../components/Chrome.js';
import {diffLines} from '../components/diff.js';
import {line, printable, seg, wrapText, type Line} from '../components/lines.js';
import {LineRow, LinesView, maxScroll} from '../components/LinesView.js';
import {ThemeProvider} from '../components/theme.js';
import {isDown, isUp, scrollDelta, useKeys} from '../hooks/keys.js';
import {useTerminalSize} from '../hooks/useTerminalSize.js';
import type {ChosenAnswers, InitFlowDeps} from './deps.js';
import {filesToWrite, initialState, reduce, stepsFor, type InitAction, type InitState} from './state.js';

type TextStep = 'name' | 'port' | 'repo';

/** The steps that ask for a text: the question, what the answer is for, and the answer typed so far. */
const TEXT_STEPS: Readonly<Record<TextStep, (state: InitState) => {question: string; hint: string; value: string}>> = {
  name: (s) => ({question: 'Name of the service?', hint: 'It names the image, the Compose service, the namespace and the Kubernetes objects.', value: s.name}),
  port: (s) => ({
    question: 'Port it listens on?',
    hint: `From 1024 (a non-root process cannot listen lower); ${STACKS[s.stack].title} usually uses ${STACKS[s.stack].defaultPort}.`,
    value: s.port,
  }),
  repo: (s) => ({
    question: 'GitHub repository that builds and signs the image (owner/name)?',
    hint: 'The image is ghcr.io/<owner>/<name>; the cluster policy trusts only images its workflow signed.',
    value: s.repo,
  }),
};

const isTextStep = (step: string): step is TextStep => Object.hasOwn(TEXT_STEPS, step);

export function chosen(state: InitState): ChosenAnswers {
  return {stack: state.stack, name: state.name, port: Number(state.port), parts: state.parts, secrets: state.secrets, repo: state.repo, repoGuessed: false};
}

/** The key (with its modifiers) as an action of the current step, or null. */
export function keyAction(state: InitState, input: string, key: Key, page: number): InitAction | null {
  if (key.ctrl && input === 'c') return {type: 'interrupt'};
  if (isTextStep(state.step)) {
    if (key.return) return {type: 'confirm'};
    if (key.escape) return {type: 'back'};
    if (key.backspace || key.delete) return {type: 'erase'};
    if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return null;
    return input && !/[\u0000-\u001f\u007f]/.test(input) ? {type: 'type', text: input} : null;
  }
  if (input === 'q') return {type: 'quit'};
  if (state.step === 'done' || state.step === 'failed') {
    if (key.return || key.escape) return {type: 'quit'};
    const delta = scrollDelta(input, key, page);
    return delta ? {type: 'scroll', delta, max: 1e9} : null;
  }
  if (key.escape || input === 'b') return {type: 'back'};
  if (isUp(input, key)) return {type: 'move', delta: -1};
  if (isDown(input, key)) return {type: 'move', delta: 1};
  if (state.step === 'preview') {
    if (input === 'w') return {type: 'write'};
    if (input === 'o') return {type: 'toggleOverwrite'};
    if (key.pageUp) return {type: 'scroll', delta: -Math.max(1, page - 1), max: 1e9};
    if (key.pageDown || input === ' ') return {type: 'scroll', delta: Math.max(1, page - 1), max: 1e9};
    return null;
  }
  if (input === ' ' && state.step === 'parts') return {type: 'toggle'};
  if (key.return) return {type: 'confirm'};
  return null;
}

const cursorMark = (on: boolean) => seg(on ? '› ' : '  ', {bold: true, color: 'cyan'});

function listStep(question: string, rows: Array<{label: string; detail: string}>, cursor: number, width: number): Line[] {
  const labelWidth = Math.max(...rows.map((r) => r.label.length)) + 2;
  return [
    line(seg(question, {bold: true})),
    [],
    ...rows.map((r, i) => line(cursorMark(i === cursor), seg(r.label.padEnd(labelWidth), {bold: i === cursor, inverse: false}), seg(r.detail, {dim: true}))),
  ].map((l) => l.slice(0, Math.max(1, width)));
}

function textStep(question: string, hint: string, value: string, error: string | null, width: number): Line[] {
  return [
    ...wrapText(question, width).map((t) => line(seg(t, {bold: true}))),
    ...wrapText(hint, width).map((t) => line(seg(t, {dim: true}))),
    [],
    line(cursorMark(true), seg(printable(value)), seg('█', {color: 'cyan'})),
    ...(error ? wrapText(`✖ ${error}`, width).map((t) => line(seg(t, {color: 'red'}))) : []),
  ];
}

const STATUS: Record<string, {mark: string; color: string; label: string}> = {
  new: {mark: '+', color: 'green', label: 'new'},
  same: {mark: '=', color: 'gray', label: 'already there, unchanged'},
  differs: {mark: '!', color: 'yellow', label: 'exists: kept (o overwrites)'},
  overwrite: {mark: '~', color: 'red', label: 'exists: OVERWRITE (backup kept)'},
};

/** The preview: a window of the file list, then the chosen file (or its diff against what is there). */
export function previewLines(state: InitState, width: number, height: number): {list: Line[]; body: Line[]; bodyHeight: number} {
  const files = state.preview?.files ?? [];
  const listRows = Math.min(files.length, Math.max(3, Math.floor(height / 3)));
  const first = Math.max(0, Math.min(state.cursor - Math.floor(listRows / 2), files.length - listRows));
  const pathWidth = Math.min(Math.max(...files.map((f) => f.display.length), 10) + 2, Math.max(10, width - 34));
  const list = files.slice(first, first + listRows).map((f, j) => {
    const i = first + j;
    const s = STATUS[f.status === 'differs' && state.overwrite.has(f.display) ? 'overwrite' : f.status]!;
    return line(cursorMark(i === state.cursor), seg(`${s.mark} `, {color: s.color, bold: true}), seg(f.display.padEnd(pathWidth), {bold: i === state.cursor}), seg(s.label, {dim: s.color === 'gray', color: s.color === 'gray' ? undefined : s.color}));
  });
  const file = files[state.cursor];
  let body: Line[] = [];
  if (file) {
    body =
      file.status === 'differs'
        ? diffLines([{path: file.display, before: file.current ?? '', after: file.text, existed: true}], {secrets: []})
        : file.text.replace(/\n$/, '').split('\n').map((t) => (t === '' ? [] : line(seg(printable(t)))));
  }
  return {list, body, bodyHeight: Math.max(3, height - listRows - 2)};
}

export function InitApp(props: {deps: InitFlowDeps; onExit(code: number): void}) {
  const {deps} = props;
  const [state, dispatch] = useReducer(reduce, deps.answers, initialState);
  const size = useTerminalSize();
  const width = Math.max(20, size.columns);
  const stateRef = useRef(state);
  stateRef.current = state;
  // Rows for the step's body: header, a blank row, and two footer rows.
  const bodyHeight = Math.max(4, size.rows - 4);

  useEffect(() => {
    if (state.exit !== null) props.onExit(state.exit);
  }, [state.exit]);

  useEffect(() => {
    if (state.step !== 'preview' || state.preview) return;
    let alive = true;
    deps
      .preview(chosen(state))
      .then((preview) => alive && dispatch({type: 'previewReady', preview}))
      .catch((error: unknown) => alive && dispatch({type: 'failed', message: error instanceof Error ? error.message : String(error)}));
    return () => {
      alive = false;
    };
  }, [state.step, state.preview]);

  useEffect(() => {
    if (state.step !== 'writing' || !state.preview) return;
    let alive = true;
    deps
      .write(chosen(state), state.preview, state.overwrite)
      .then((result) => alive && dispatch({type: 'written', summary: result.lines, code: result.code}))
      .catch((error: unknown) => alive && dispatch({type: 'failed', message: error instanceof Error ? error.message : String(error)}));
    return () => {
      alive = false;
    };
  }, [state.step]);

  useKeys((input, key) => {
    const action = keyAction(stateRef.current, input, key, bodyHeight);
    if (action) dispatch(action);
  });

  const steps = stepsFor(state);
  const at = steps.indexOf(state.step);
  const right = at >= 0 ? `step ${at + 1} of ${steps.length}` : `${state.name} (${STACKS[state.stack].title})`;
  let body: React.ReactNode;
  let keys: KeyHint[] = [];
  const listKeys: KeyHint[] = [['↑↓', 'choose'], ['enter', 'next'], ['b', 'back'], ['q', 'quit']];
  // Typing steps: b and q are letters of the answer there.
  const textKeys: KeyHint[] = [['enter', 'next'], ['esc', 'back'], ['ctrl-c', 'quit']];
  switch (state.step) {
    case 'stack':
      body = <Lines lines={listStep('Which stack is the service?', STACK_IDS.map((id) => ({label: STACKS[id].title, detail: `${STACKS[id].runtimeImage} · port ${STACKS[id].defaultPort}`})), state.cursor, width)} width={width} />;
      keys = listKeys;
      break;
    case 'name':
    case 'port':
    case 'repo': {
      const {question, hint, value} = TEXT_STEPS[state.step](state);
      body = <Lines lines={textStep(question, hint, value, state.error, width)} width={width} />;
      keys = textKeys;
      break;
    }
    case 'parts':
      body = (
        <Lines
          lines={[
            line(seg('What to write besides the Dockerfile and .dockerignore?', {bold: true})),
            [],
            ...PARTS.map((p, i) => line(cursorMark(i === state.cursor), seg(state.parts.has(p) ? '[x] ' : '[ ] ', {bold: true, color: state.parts.has(p) ? 'green' : undefined}), seg(p.padEnd(9), {bold: i === state.cursor}), seg(PART_TITLES[p], {dim: true}))),
          ]}
          width={width}
        />
      );
      keys = [['↑↓', 'choose'], ['space', 'toggle'], ['enter', 'next'], ['b', 'back'], ['q', 'quit']];
      break;
    case 'secrets':
      body = <Lines lines={listStep('Where does the service get its secret in Kubernetes?', secretChoices(state.parts).map((s) => ({label: s, detail: SECRET_TITLES[s]})), state.cursor, width)} width={width} />;
      keys = listKeys;
      break;
    case 'preview': {
      if (!state.preview) {
        body = <Lines lines={[line(seg('Rendering the files…', {dim: true}))]} width={width} />;
        break;
      }
      const {list, body: content, bodyHeight: contentHeight} = previewLines(state, width, bodyHeight);
      const count = filesToWrite(state).length;
      body = (
        <Box flexDirection="column">
          <Lines lines={list} width={width} />
          <LineRow line={line(seg(`── ${state.preview.files[state.cursor]?.display ?? ''} `, {bold: true, color: 'cyan'}), seg(`· ${count} file(s) to write`, {dim: true}))} width={width} />
          <LinesView lines={content} height={contentHeight} width={width} scroll={Math.min(state.scroll, maxScroll(content.length, contentHeight))} />
        </Box>
      );
      keys = [['↑↓', 'file'], ['PgUp/PgDn', 'scroll'], ...(state.preview.files.some((f) => f.status === 'differs') ? ([['o', 'overwrite?']] as KeyHint[]) : []), ['w', `write ${count}`], ['b', 'back'], ['q', 'quit']];
      break;
    }
    case 'writing':
      body = <Lines lines={[line(seg('Writing…', {dim: true}))]} width={width} />;
      break;
    case 'done':
    case 'failed': {
      const lines = state.step === 'failed' ? wrapText(`✖ ${state.error ?? ''}`, width).map((t) => line(seg(t, {color: 'red'}))) : state.summary.flatMap((t) => keepIndent(t, width));
      body = <LinesView lines={lines} height={bodyHeight} width={width} scroll={Math.min(state.scroll, maxScroll(lines.length, bodyHeight))} />;
      keys = [['enter', 'leave'], ['q', 'quit']];
      break;
    }
  }

  return (
    <ThemeProvider theme={{color: deps.color}}>
      <Box flexDirection="column" width={width}>
        <Header title="shipshape init" right={right} width={width} />
        <LineRow line={[]} width={width} />
        {body}
        {keys.length > 0 ? <Footer keys={keys} width={width} /> : null}
      </Box>
    </ThemeProvider>
  );
}

/** A summary row wrapped to the width, its leading spaces kept on every piece. */
function keepIndent(text: string, width: number): Line[] {
  const lead = /^\s*/.exec(text)![0];
  return wrapText(text.trimStart(), Math.max(10, width - lead.length)).map((w) => line(seg(lead + w)));
}

function Lines(props: {lines: readonly Line[]; width: number}) {
  return (
    <Box flexDirection="column">
      {props.lines.map((l, i) => (
        <LineRow key={i} line={l} width={props.width} />
      ))}
    </Box>
  );
}
