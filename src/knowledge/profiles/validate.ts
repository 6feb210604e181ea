/**
 * Checks a data file of image profiles (data/*.json) against the shape in types.ts (with the checks
 * of ../data-shape.ts), when shipshape is built (scripts/check-data.mjs) and in the tests: a wrong
 * or misspelt field is a TypeError naming the file, the profile and the field, never a fact a rule
 * misreads later. catalog.ts reads the files unchecked.
 *
 * In a variant's `set`, `null` is how a data file says "not known for this variant": it becomes
 * `undefined` (as catalog.ts makes it), which the lookup's merge then applies over the profile's fact.
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
import {bool, fail, fraction, int, isObject, list, nullable, oneOf, optional, readData, record, str, type Check, type Fields} from '../data-shape.js';

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
  const {profiles, notes} = readData(`image profiles ${name}`, () => file(data, 'the file'));
  const checked = profiles.map((value, i) => {
    const id = isObject(value) && typeof value.id === 'string' ? value.id : `profiles[${i}]`;
    return readData(`image profiles ${name}`, () => profile(value, id));
  });
  for (const id of Object.keys(notes ?? {})) {
    if (!checked.some((p) => p.id === id)) throw new TypeError(`image profiles ${name}: notes.${id} names no profile of the file`);
  }
  return checked;
}
