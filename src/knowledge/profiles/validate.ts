/**
 * Reads a data file of image profiles (data/*.json) against the shape in types.ts, once, when the
 * catalog loads: a wrong or misspelt field is a TypeError naming the file, the profile and the
 * field, never a fact a rule misreads later. `Fields<T>` wants one check for every field of T, so
 * a field added to types.ts does not compile until it is checked here.
 *
 * In a variant's `set`, `null` is how a data file says "not known for this variant": it becomes
 * `undefined`, which the lookup's merge then applies over the profile's fact.
 */
import {
  PRIVILEGED_BINDS,
  PROFILE_CATEGORIES,
  RESOURCE_CLASSES,
  STEP_DOWN_TOOLS,
  type FileVariables,
  type ImageProfile,
  type NodeAgent,
  type Ports,
  type ProfileMatchRules,
  type ProfileUser,
  type ProfileVariant,
  type Resources,
  type RunAs,
  type Secrets,
  type Writes,
} from './types.js';

/** Checks a value at `at` (a field path) and returns it as a T, or throws. */
type Check<T> = (value: unknown, at: string) => T;
interface Optional<T> {
  optional: Check<T>;
}
/** A check for each field of T: optional fields wrapped in `optional()`. */
type Fields<T> = {
  [K in keyof T]-?: undefined extends T[K] ? Optional<Exclude<T[K], undefined>> : Check<T[K]>;
};

class ShapeError extends TypeError {}

function fail(at: string, expected: string, value: unknown): never {
  throw new ShapeError(`${at} must be ${expected}, not ${JSON.stringify(value) ?? String(value)}`);
}

function scalar<T>(type: 'string' | 'number' | 'boolean'): Check<T> {
  const article = type === 'boolean' ? 'a boolean' : `a ${type}`;
  return (value, at) => (typeof value === type ? (value as T) : fail(at, article, value));
}

const str = scalar<string>('string');
const bool = scalar<boolean>('boolean');
const int: Check<number> = (value, at) => (Number.isInteger(value) ? (value as number) : fail(at, 'a whole number', value));
const fraction: Check<number> = (value, at) =>
  typeof value === 'number' && value > 0 && value <= 1 ? value : fail(at, 'a number above 0 and at most 1', value);

function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (value, at) => (values.includes(value as T) ? (value as T) : fail(at, `one of ${values.join(', ')}`, value));
}

function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, at) => (value === null ? null : check(value, at));
}

function list<T>(check: Check<T>): Check<T[]> {
  return (value, at) => {
    if (!Array.isArray(value)) fail(at, 'a list', value);
    value.forEach((item, i) => check(item, `${at}[${i}]`));
    return value as T[];
  };
}

function optional<T>(check: Check<T>): Optional<T> {
  return {optional: check};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object with exactly these fields. `nullClears`: an optional field given as null becomes
 * undefined (a variant's "not known").
 */
function record<T>(fields: Fields<T>, nullClears = false): Check<T> {
  const checks = fields as Record<string, Check<unknown> | Optional<unknown>>;
  return (value, at) => {
    if (!isObject(value)) fail(at, 'an object', value);
    for (const key of Object.keys(value)) {
      if (!(key in checks)) throw new ShapeError(`${at}.${key} is not a field (${Object.keys(checks).join(', ')})`);
    }
    for (const [key, check] of Object.entries(checks)) {
      const field = value[key];
      if (typeof check === 'function') check(field, `${at}.${key}`);
      else if (field === null && nullClears) value[key] = undefined;
      else if (field !== undefined) check.optional(field, `${at}.${key}`);
    }
    return value as T;
  };
}

const user = record<ProfileUser>({uid: nullable(int), gid: nullable(int), name: nullable(str)});
const strings = list(str);

const runAs: Check<RunAs> = (value, at) => {
  if (!isObject(value)) fail(at, 'an object', value);
  switch (value.mode) {
    case 'non-root':
      return record<Extract<RunAs, {mode: 'non-root'}>>({mode: oneOf(['non-root']), user, source: str})(value, at);
    case 'steps-down':
      return record<Extract<RunAs, {mode: 'steps-down'}>>({
        mode: oneOf(['steps-down']),
        via: oneOf(STEP_DOWN_TOOLS),
        user,
        caps: strings,
        acceptsOwnUser: optional(bool),
        userEnv: optional(record<{uid: string; gid: string}>({uid: str, gid: str})),
        source: str,
      })(value, at);
    case 'root':
      return record<Extract<RunAs, {mode: 'root'}>>({mode: oneOf(['root']), workers: optional(user), caps: optional(strings), source: str})(value, at);
    default:
      return fail(`${at}.mode`, 'one of non-root, steps-down, root', value.mode);
  }
};

type Facts = ProfileVariant['set'];
const FACTS: Fields<Required<Facts>> = {
  runAs,
  ports: record<Ports>({
    listens: list(int),
    privileged: optional(record<NonNullable<Ports['privileged']>>({ports: list(int), how: oneOf(PRIVILEGED_BINDS), note: str})),
    source: str,
  }),
  writes: record<Writes>({data: strings, scratch: strings, config: optional(strings), complete: bool, source: str}),
  secrets: record<Secrets>({
    fileVariables: list(record<FileVariables>({names: optional(strings), pattern: optional(str), form: str})),
    noFileVariant: strings,
    source: str,
  }),
  resources: record<Resources>({
    class: oneOf(RESOURCE_CLASSES),
    heapEnv: optional(strings),
    defaultHeap: optional(str),
    heapShare: optional(fraction),
    manyThreads: optional(bool),
    nofile: optional(int),
    source: str,
  }),
  caveat: str,
  ships: list(user),
  existing: list(user),
};
const optionalFacts = Object.fromEntries(Object.entries(FACTS).map(([key, check]) => [key, optional(check as Check<unknown>)])) as Fields<Facts>;

const variant = record<ProfileVariant>({
  name: str,
  tag: optional(str),
  below: optional(str),
  repos: optional(strings),
  set: record<Facts>(optionalFacts, true),
});

const profile = record<ImageProfile>({
  ...optionalFacts,
  id: str,
  title: str,
  category: oneOf(PROFILE_CATEGORIES),
  match: record<ProfileMatchRules>({repos: strings, families: optional(strings), registries: optional(strings)}),
  nodeAgent: optional(
    record<NodeAgent>({
      hostNetwork: optional(bool),
      hostPID: optional(bool),
      privileged: optional(bool),
      hostPaths: optional(strings),
      caps: optional(strings),
      source: str,
    }),
  ),
  confinement: optional(record<NonNullable<ImageProfile['confinement']>>({setuidTools: optional(str), seccompUnconfined: optional(str), source: str})),
  variants: optional(list(variant)),
  sources: strings,
});

/** What a data file holds: what its profiles have in common, notes on some of them by id, the profiles. */
interface ProfileFile {
  about: string;
  notes?: Record<string, string>;
  profiles: unknown[];
}

const file = record<ProfileFile>({
  about: str,
  notes: optional((value, at) => {
    if (!isObject(value)) fail(at, 'an object', value);
    for (const [id, note] of Object.entries(value)) str(note, `${at}.${id}`);
    return value as Record<string, string>;
  }),
  profiles: list((value) => value),
});

/** The profiles of data file `name`, checked; a TypeError naming the file, profile and field when one is wrong. */
export function profilesOf(name: string, data: unknown): ImageProfile[] {
  const {profiles, notes} = check(() => file(data, 'the file'), name);
  const checked = profiles.map((value, i) => {
    const id = isObject(value) && typeof value.id === 'string' ? value.id : `profiles[${i}]`;
    return check(() => profile(value, id), name);
  });
  for (const id of Object.keys(notes ?? {})) {
    if (!checked.some((p) => p.id === id)) throw new TypeError(`image profiles ${name}: notes.${id} names no profile of the file`);
  }
  return checked;
}

function check<T>(read: () => T, where: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ShapeError) throw new TypeError(`image profiles ${where}: ${error.message}`);
    throw error;
  }
}
