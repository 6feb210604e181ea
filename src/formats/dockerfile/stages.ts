/**
 * Stage and variable resolution for Dockerfiles: the final stage, `FROM <stage>` chains, ARG
 * defaults and `${VAR}` substitution, the way BuildKit reads them.
 */
import type {Instruction} from 'dockerfile-ast';
import type {DockerfileModel, Stage} from './parse.js';

/** The stage that makes the image (the last FROM), or null for a file without FROM. */
export function finalStage(model: DockerfileModel): Stage | null {
  // A fragment builds no image of its own: there is no final stage to judge.
  if (model.fragment) return null;
  return model.stages.at(-1) ?? null;
}

/**
 * The earlier stage a `FROM ref` (or `COPY --from=ref`) names: by `AS` name (case-insensitive) or
 * by index. Only stages before `beforeIndex` count (a stage cannot build on a later one).
 */
export function stageByRef(model: DockerfileModel, ref: string, beforeIndex = model.stages.length): Stage | null {
  const lower = ref.toLowerCase();
  for (let i = Math.min(beforeIndex, model.stages.length) - 1; i >= 0; i--) {
    const stage = model.stages[i]!;
    if (stage.name !== null && stage.name === lower) return stage;
  }
  if (/^\d+$/.test(ref)) {
    const idx = Number(ref);
    if (idx < beforeIndex && idx < model.stages.length) return model.stages[idx]!;
  }
  return null;
}

/** The stage a stage builds FROM, when its FROM names an earlier stage. */
export function parentStage(model: DockerfileModel, stage: Stage): Stage | null {
  return stageByRef(model, stage.image, stage.index);
}

export interface BaseResolution {
  /** The stage itself first, then each stage it builds FROM, up to the one with an external image. */
  chain: Stage[];
  /** The external image at the root of the chain, ARG defaults substituted (e.g. `python:3.12-slim`). */
  image: string;
  /** True when the image still contains an unresolved `$VAR`. */
  unresolved: boolean;
}

/** Follows `FROM <stage>` links from a stage down to its external base image. */
export function resolveBase(model: DockerfileModel, stage: Stage): BaseResolution {
  const chain: Stage[] = [stage];
  let current = stage;
  for (;;) {
    const parent = parentStage(model, current);
    if (!parent || chain.includes(parent)) break;
    chain.push(parent);
    current = parent;
  }
  const image = current.image;
  return {chain, image, unresolved: hasVariable(image)};
}

/** The instructions that shape a stage's image: the base stages' first, the stage's own last. */
export function effectiveInstructions(model: DockerfileModel, stage: Stage): Instruction[] {
  const {chain} = resolveBase(model, stage);
  return [...chain].reverse().flatMap((s) => s.instructions);
}

/**
 * The image a stage's FROM chain starts from when a build passes `args`: they override the global
 * ARG defaults (`FROM ${BASE_IMAGE}` with `--build-arg BASE_IMAGE=…` or Compose `build.args`).
 */
export function baseWithArgs(model: DockerfileModel, stage: Stage, args: ReadonlyMap<string, string>): string {
  if (args.size === 0) return resolveBase(model, stage).image;
  const raw = baseReference(model, stage);
  const values = globalArgDefaults(model);
  for (const [name, value] of args) values.set(name, value);
  return substitute(raw, values);
}

/** The image reference of the FROM a stage's chain starts from, as written (`${BASE_IMAGE}`, `python:${PY}`). */
export function baseReference(model: DockerfileModel, stage: Stage): string {
  const root = resolveBase(model, stage).chain.at(-1)!;
  return root.from.getArguments().find((a) => !a.getValue().startsWith('--'))?.getValue() ?? root.image;
}

/** Global ARG defaults (the ARGs before the first FROM). */
export function globalArgDefaults(model: DockerfileModel): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const arg of model.ast.getInitialARGs()) {
    const property = arg.getProperty();
    if (property && property.getName()) {
      const value = property.getValue();
      if (value !== null) defaults.set(property.getName(), substitute(unquote(value), defaults));
    }
  }
  return defaults;
}

/**
 * The variables (ARG defaults and ENV values) visible in a stage before `beforeLine` (0-based; all
 * of the stage when omitted). ENV is inherited through `FROM <stage>` chains; an ARG re-declared
 * without a value in the stage takes the global default, as BuildKit does. Read once per stage:
 * rules ask before every RUN, and reading the stage again each time was quadratic.
 */
export function stageVariables(model: DockerfileModel, stage: Stage, beforeLine = Number.POSITIVE_INFINITY): ReadonlyMap<string, string> {
  let timeline = timelines.get(stage);
  if (!timeline) timelines.set(stage, (timeline = variableTimeline(model, stage)));
  // The last point whose instruction starts before `beforeLine` (the first point is the stage's start).
  let lo = 0;
  let hi = timeline.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timeline[mid]!.line < beforeLine) lo = mid;
    else hi = mid - 1;
  }
  return timeline[lo]!.vars;
}

interface VariablesAt {
  /** The line of the ARG/ENV after which `vars` holds (-1 for the stage's start). */
  line: number;
  vars: ReadonlyMap<string, string>;
}

const timelines = new WeakMap<Stage, VariablesAt[]>();

/**
 * `read` made to run once per parsed stage: a parse never changes and a re-parse makes new stages,
 * so nothing goes stale. For the stage facts the rules of every format ask for many times (its user,
 * the folders it writes, the programs it starts). Callers share the answer: it is read-only.
 */
export function oncePerStage<S, T>(read: (source: S, stage: Stage) => T): (source: S, stage: Stage) => T {
  const known = new WeakMap<Stage, {value: T}>();
  return (source, stage) => {
    let hit = known.get(stage);
    if (hit === undefined) {
      hit = {value: read(source, stage)};
      known.set(stage, hit);
    }
    return hit.value;
  };
}

/** The stage's variables at its start and after each of its own ARG/ENV instructions. */
function variableTimeline(model: DockerfileModel, stage: Stage): VariablesAt[] {
  const globals = globalArgDefaults(model);
  const vars = new Map<string, string>();
  const {chain} = resolveBase(model, stage);
  const points: VariablesAt[] = [];
  // What the stage sees (ENV, and this stage's ARGs where no ENV of the name is set), kept up to
  // date as the instructions are read, and snapshotted at each point without copying it whole.
  const seen = new Snapshots();
  for (const s of [...chain].reverse()) {
    const own = s === stage;
    const args = new Map<string, string>();
    // ARGs belong to their stage: what the stage sees starts again from its ENVs.
    seen.reset(vars);
    if (own) points.push({line: -1, vars: seen.snapshot()});
    for (const instruction of s.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'ARG' && keyword !== 'ENV') continue;
      // One instruction's values see the variables as they were before it (`ENV a=1 b=$a` reads the old a).
      const scope = {has: (k: string) => args.has(k) || vars.has(k), get: (k: string) => (args.has(k) ? args.get(k) : vars.get(k))};
      const properties = (instruction as Instruction & {getProperties?: () => Array<{getName(): string; getValue(): string | null}>}).getProperties?.() ?? [];
      const values = properties.map((property) => {
        const raw = property.getValue();
        if (keyword === 'ARG') return raw !== null ? substitute(unquote(raw), scope) : globals.get(property.getName());
        return raw !== null ? substitute(unquote(raw), scope) : undefined;
      });
      properties.forEach((property, i) => {
        const name = property.getName();
        const value = values[i];
        if (value === undefined) return;
        if (keyword === 'ARG') {
          args.set(name, value);
          if (!vars.has(name)) seen.set(name, value);
        } else {
          vars.set(name, value);
          seen.set(name, value);
        }
      });
      if (own) points.push({line: instruction.getRange().start.line, vars: seen.snapshot()});
    }
  }
  return points;
}

/**
 * Immutable snapshots of a growing map: a full copy every CHUNK changes and the changes since then,
 * so a stage with thousands of ENV lines does not copy every variable at every one of them.
 */
class Snapshots {
  private static readonly CHUNK = 32;
  private full = new Map<string, string>();
  private recent = new Map<string, string>();

  reset(from: ReadonlyMap<string, string>): void {
    this.full = new Map(from);
    this.recent = new Map();
  }

  set(name: string, value: string): void {
    this.recent.set(name, value);
    if (this.recent.size < Snapshots.CHUNK) return;
    this.full = new Map([...this.full, ...this.recent]);
    this.recent = new Map();
  }

  snapshot(): ReadonlyMap<string, string> {
    return this.recent.size === 0 ? this.full : new Layered(this.full, new Map(this.recent));
  }
}

/** A read-only map of `top` over `base` (top wins); iterated as one merged map, made on first use. */
class Layered implements ReadonlyMap<string, string> {
  private merged: Map<string, string> | null = null;
  constructor(
    private readonly base: ReadonlyMap<string, string>,
    private readonly top: ReadonlyMap<string, string>,
  ) {}
  get(key: string): string | undefined {
    return this.top.has(key) ? this.top.get(key) : this.base.get(key);
  }
  has(key: string): boolean {
    return this.top.has(key) || this.base.has(key);
  }
  private all(): Map<string, string> {
    return (this.merged ??= new Map([...this.base, ...this.top]));
  }
  get size(): number {
    return this.all().size;
  }
  forEach(fn: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [k, v] of this.all()) fn(v, k, this);
  }
  entries(): MapIterator<[string, string]> {
    return this.all().entries();
  }
  keys(): MapIterator<string> {
    return this.all().keys();
  }
  values(): MapIterator<string> {
    return this.all().values();
  }
  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.all()[Symbol.iterator]();
  }
}

/** True when a value still holds a `$VAR` / `${VAR}` reference. */
export function hasVariable(value: string): boolean {
  return /\$(\{[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_])/.test(value);
}

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` and `${VAR+alt}`
 * from `vars`; unknown variables without a default are left as written.
 */
export function substitute(value: string, vars: Pick<ReadonlyMap<string, string>, 'has' | 'get'>): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced: string | undefined, colon: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!;
      const set = vars.has(name);
      const val = vars.get(name) ?? '';
      if (op === '-') {
        if (colon ? set && val !== '' : set) return val;
        return word ?? '';
      }
      if (op === '+') {
        if (colon ? set && val !== '' : set) return word ?? '';
        return '';
      }
      return set ? val : whole;
    },
  );
}

/** Removes one level of matching quotes around an ARG/ENV value. */
export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) return value.slice(1, -1);
  return value;
}

/** The last instruction of a stage with one of the given keywords, or null. */
export function lastOf(stage: Stage, ...keywords: string[]): Instruction | null {
  for (let i = stage.instructions.length - 1; i >= 0; i--) {
    const instruction = stage.instructions[i]!;
    if (keywords.includes(instruction.getKeyword())) return instruction;
  }
  return null;
}

/** ARGs BuildKit fills in itself (platform of the build and of the target). */
const AUTOMATIC_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

/** Instructions whose argument is broken when a variable in it is empty (an image, a path, a port, a user). */
const NEEDS_VALUE = new Set(['FROM', 'COPY', 'ADD', 'EXPOSE', 'WORKDIR', 'USER']);

/** `$NAME` or `${NAME}` (not `${NAME:-default}`, which has its own value) in a text. */
function usesWithoutDefault(text: string, name: string): boolean {
  return new RegExp(`\\$(?:${name}(?![A-Za-z0-9_])|\\{${name}\\})`).test(text);
}

/**
 * The build arguments a `docker build` of the final stage must be given: ARGs declared without a
 * default (and without a global one) that a FROM, COPY, ADD, EXPOSE, WORKDIR or USER of a stage the
 * build runs uses (`FROM gcr.io/distroless/static:latest-$ARCH`, `COPY ${ARTIFACT_NAME}.jar …`).
 * An empty value there breaks the build or builds something else. BuildKit's platform ARGs are
 * filled in automatically and left out.
 */
export function requiredBuildArgs(model: DockerfileModel): string[] {
  const required = new Set<string>();
  const globals = new Map<string, boolean>();
  for (const arg of model.ast.getInitialARGs()) {
    const property = arg.getProperty();
    if (property?.getName()) globals.set(property.getName(), property.getValue() !== null || globals.get(property.getName()) === true);
  }
  const built = new Set<Stage>();
  const visit = (stage: Stage | null): void => {
    if (!stage || built.has(stage)) return;
    built.add(stage);
    visit(parentStage(model, stage));
    for (const instruction of stage.instructions) {
      // COPY --from=stage, RUN --mount=…,from=stage: the stages the build runs for this one.
      const from = /--(?:from=|mount=\S*\bfrom=)([^\s,]+)/.exec(instruction.getTextContent() ?? '')?.[1];
      if (from && (instruction.getKeyword() === 'COPY' || instruction.getKeyword() === 'RUN')) visit(stageByRef(model, from, stage.index));
    }
  };
  visit(finalStage(model));
  for (const stage of built) {
    for (const [name, hasDefault] of globals) if (!hasDefault && usesWithoutDefault(stage.from.getArgumentsContent() ?? '', name)) required.add(name);
    const empty = new Set<string>();
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'ARG') {
        const property = (instruction as Instruction & {getProperty?: () => {getName(): string; getValue(): string | null} | null}).getProperty?.();
        const name = property?.getName();
        if (!name) continue;
        if (property!.getValue() === null && globals.get(name) !== true) empty.add(name);
        else empty.delete(name);
      } else if (keyword === 'ENV') {
        for (const p of (instruction as Instruction & {getProperties?: () => Array<{getName(): string}>}).getProperties?.() ?? []) empty.delete(p.getName());
      } else if (NEEDS_VALUE.has(keyword)) {
        for (const name of empty) if (usesWithoutDefault(instruction.getArgumentsContent() ?? '', name)) required.add(name);
      }
    }
  }
  return [...required].filter((name) => !AUTOMATIC_ARGS.has(name)).sort();
}
