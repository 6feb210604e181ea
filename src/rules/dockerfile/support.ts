/**
 * Small helpers the D103–D121 rules share: RUN scripts per stage, the stages that make the final
 * image, logical locators, the user a RUN runs as, and how a Dockerfile relates to the Compose and
 * Kubernetes files of the repository (its build context, the image names it is deployed under).
 */
import {posix} from 'node:path';
import type {From, Instruction} from 'dockerfile-ast';
import {composeBuildsOf} from '../../knowledge/image-source.js';
import {validPinnedTag} from '../../knowledge/floating-tags.js';
import {parseImageRef} from '../../knowledge/images.js';
import type {FindingDraft} from '../../core/model.js';
import type {DockerfileSource} from '../../core/source.js';
import type {Project} from '../../core/project.js';
import {argumentSpans} from '../../formats/dockerfile/edit.js';
import {finalStage, hasVariable, parentStage, resolveBase, stageByRef} from '../../formats/dockerfile/stages.js';
import type {Stage} from '../../formats/dockerfile/parse.js';
import {parseRun, type RunScript} from '../../formats/dockerfile/shell.js';

export interface StageRun {
  stage: Stage;
  instruction: Instruction;
  script: RunScript;
  /** Index of this RUN among the RUNs of its stage (for locators). */
  index: number;
}

/**
 * Every RUN of the file with its stage and parsed script, including `ONBUILD RUN` triggers (they
 * run in the images built FROM this one, as hadolint checks them too).
 */
export function stageRuns(source: DockerfileSource): readonly StageRun[] {
  let runs = runsRead.get(source.dockerfile);
  if (!runs) runsRead.set(source.dockerfile, (runs = readStageRuns(source)));
  return runs;
}

/** stageRuns by parsed Dockerfile: a dozen rules read them, and a long Dockerfile has thousands (issue 11). */
const runsRead = new WeakMap<object, readonly StageRun[]>();

function readStageRuns(source: DockerfileSource): StageRun[] {
  const out: StageRun[] = [];
  for (const stage of source.dockerfile.stages) {
    let index = 0;
    for (const instruction of stage.instructions) {
      let run: Instruction | null = null;
      if (instruction.getKeyword() === 'RUN') run = instruction;
      else if (instruction.getKeyword() === 'ONBUILD') {
        const trigger = (instruction as Instruction & {getTriggerInstruction?: () => Instruction | null}).getTriggerInstruction?.() ?? null;
        if (trigger && trigger.getKeyword() === 'RUN') run = trigger;
      }
      if (run) out.push({stage, instruction: run, script: parseRun(source, run), index: index++});
    }
  }
  return out;
}

/** The final stage and the stages it builds FROM (their layers end up in the image). */
export function finalChain(source: DockerfileSource): Stage[] {
  const final = finalStage(source.dockerfile);
  return final ? resolveBase(source.dockerfile, final).chain : [];
}

/** Stages whose layers end up in some image: the final chain plus stages another stage builds FROM. */
export function imageStages(source: DockerfileSource): Set<Stage> {
  const model = source.dockerfile;
  const set = new Set(finalChain(source));
  for (const stage of model.stages) {
    const parent = parentStage(model, stage);
    if (parent) set.add(parent);
  }
  return set;
}

export function stageLabel(stage: Stage): string {
  return `stage[${stage.name ?? stage.index}]`;
}

/** A logical locator: `stage[build] > RUN[2]` (the 3rd RUN of that stage), `stage[0] > ONBUILD[1] > RUN`. */
export function instructionLocator(stage: Stage, instruction: Instruction): string {
  const keyword = instruction.getKeyword();
  const index = keywordIndexes(stage).get(instruction);
  if (index !== undefined) return `${stageLabel(stage)} > ${keyword}[${index}]`;
  const line = instruction.getRange().start.line;
  const onbuilds = stage.instructions.filter((i) => i.getKeyword() === 'ONBUILD');
  const owner = onbuilds.findIndex((i) => i.getRange().start.line <= line && line <= i.getRange().end.line);
  return `${stageLabel(stage)} > ONBUILD[${owner}] > ${keyword}`;
}

/** A finding on one command of a RUN (or a range like it), located at `<instruction> > label` (`apk add[0]`). */
export function commandFinding(stage: Stage, instruction: Instruction, at: {start: number; end: number}, label: string, message: string, extra: Partial<FindingDraft> = {}): FindingDraft {
  return {start: at.start, end: at.end, message, locator: `${instructionLocator(stage, instruction)} > ${label}`, ...extra};
}

/** Each instruction of a stage -> its index among the stage's instructions of its keyword (read once per stage). */
function keywordIndexes(stage: Stage): Map<Instruction, number> {
  let indexes = keywordIndexCache.get(stage);
  if (!indexes) {
    indexes = new Map();
    const counts = new Map<string, number>();
    for (const i of stage.instructions) {
      const n = counts.get(i.getKeyword()) ?? 0;
      indexes.set(i, n);
      counts.set(i.getKeyword(), n + 1);
    }
    keywordIndexCache.set(stage, indexes);
  }
  return indexes;
}
const keywordIndexCache = new WeakMap<Stage, Map<Instruction, number>>();

/** True for a user spec that means root (`root`, `0`, `0:0`, `root:root`). */
export function isRootUser(spec: string): boolean {
  const user = spec.trim().split(':')[0]!.trim();
  return user === '' || user === 'root' || user === '0';
}

/**
 * The user an instruction runs as, as far as the Dockerfile says: the last `USER` before it in its
 * stage or the stages it builds FROM; null when none is set (the base image's user, usually root).
 */
export function userAt(source: DockerfileSource, stage: Stage, instruction: Instruction): string | null {
  const model = source.dockerfile;
  const chain = resolveBase(model, stage).chain;
  const line = instruction.getRange().start.line;
  for (const s of chain) {
    const users = userInstructions(s);
    for (let i = users.length - 1; i >= 0; i--) {
      const ins = users[i]!;
      if (s !== stage || ins.getRange().start.line < line) return (ins.getArgumentsContent() ?? '').trim();
    }
  }
  return null;
}

/** The USER instructions of a stage, in order (read once per stage: rules ask before every RUN). */
function userInstructions(stage: Stage): Instruction[] {
  let users = userCache.get(stage);
  if (!users) userCache.set(stage, (users = stage.instructions.filter((i) => i.getKeyword() === 'USER')));
  return users;
}
const userCache = new WeakMap<Stage, Instruction[]>();

/** The folder of a file (`.` for the root). */
export function dirOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '' ? '.' : dir;
}

/**
 * The build context of a Dockerfile: the `build.context` of a Compose service that builds it, or
 * else the Dockerfile's own folder (the usual `docker build -f dir/Dockerfile dir`).
 */
export function buildContextOf(project: Project, dockerfilePath: string): string {
  return composeBuildsOf(project, dockerfilePath)[0]?.context ?? dirOf(dockerfilePath);
}

export interface FromImage {
  stage: Stage;
  from: From;
  /** The image argument as written and its offsets. */
  raw: string;
  rawStart: number;
  rawEnd: number;
  /** With ARG defaults substituted. */
  resolved: string;
  /** The FROM names an earlier stage. */
  isStage: boolean;
  isScratch: boolean;
  /** A variable could not be resolved. */
  unresolved: boolean;
  tag: string | null;
  digest: string | null;
}

/** The FROM image of each stage, classified. */
export function fromImages(source: DockerfileSource): FromImage[] {
  const model = source.dockerfile;
  return model.stages.filter((stage) => !stage.fragment).map((stage) => {
    const arg = argumentSpans(source, stage.from).find((a) => !a.value.startsWith('--'));
    const raw = arg ? source.text.slice(arg.start, arg.end) : '';
    const resolved = stage.image;
    const isStage = stageByRef(model, resolved, stage.index) !== null && !/^\d+$/.test(resolved);
    const {tag, digest} = parseImageRef(resolved);
    return {
      stage,
      from: stage.from,
      raw,
      rawStart: arg?.start ?? 0,
      rawEnd: arg?.end ?? 0,
      resolved,
      isStage,
      isScratch: resolved.toLowerCase() === 'scratch',
      unresolved: hasVariable(resolved),
      tag,
      digest,
    };
  });
}

/** The global `ARG name=value` whose value a FROM uses, with the exact span of the value. */
export function globalArgValue(source: DockerfileSource, name: string): {value: string; start: number; end: number; quote: string} | null {
  let found: {value: string; start: number; end: number; quote: string} | null = null;
  for (const arg of source.dockerfile.ast.getInitialARGs()) {
    const property = arg.getProperty();
    if (!property || property.getName() !== name) continue;
    const range = property.getValueRange();
    const value = property.getValue();
    if (!range || value === null) continue;
    const start = source.lines.offset(range.start.line, range.start.character);
    const end = source.lines.offset(range.end.line, range.end.character);
    const text = source.text.slice(start, end);
    const quote = /^["']/.test(text) && text.endsWith(text[0]!) && text.length >= 2 ? text[0]! : '';
    found = {value: quote ? text.slice(1, -1) : text, start: quote ? start + 1 : start, end: quote ? end - 1 : end, quote};
  }
  return found;
}

export const TAG_PARAM = {
  name: 'tag',
  label: 'Image tag (e.g. 3.12-slim, 20-alpine, 1.27)',
  default: '',
  validate: validPinnedTag,
};

/** The small Node.js app Dockerfile of the docs, with the line that copies its sources. */
export function nodeAppExample(copy: string): string {
  return ['```dockerfile', 'FROM node:20-alpine', 'WORKDIR /app', copy, 'CMD ["node", "server.js"]', '```'].join('\n');
}
