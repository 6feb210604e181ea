/**
 * Checking a data file of knowledge (image profiles, control lists) against its TypeScript shape
 * (when shipshape is built, scripts/check-data.mjs, and in the tests), so that a wrong or misspelt
 * field stops with a TypeError naming the file and the field instead of being misread later. `Fields<T>` wants one check for every field of T, so a
 * field added to the type does not compile until its check is written.
 */

/** Checks a value at `at` (a field path) and returns it as a T, or throws. */
export type Check<T> = (value: unknown, at: string) => T;
export interface Optional<T> {
  optional: Check<T>;
}
/** A check for each field of T: optional fields wrapped in `optional()`. */
export type Fields<T> = {
  [K in keyof T]-?: undefined extends T[K] ? Optional<Exclude<T[K], undefined>> : Check<T[K]>;
};

class ShapeError extends TypeError {}

export function fail(at: string, expected: string, value: unknown): never {
  throw new ShapeError(`${at} must be ${expected}, not ${JSON.stringify(value) ?? String(value)}`);
}

function scalar<T>(type: 'string' | 'number' | 'boolean'): Check<T> {
  const article = type === 'boolean' ? 'a boolean' : `a ${type}`;
  return (value, at) => (typeof value === type ? (value as T) : fail(at, article, value));
}

export const str = scalar<string>('string');
export const bool = scalar<boolean>('boolean');
export const int: Check<number> = (value, at) => (Number.isInteger(value) ? (value as number) : fail(at, 'a whole number', value));
export const fraction: Check<number> = (value, at) =>
  typeof value === 'number' && value > 0 && value <= 1 ? value : fail(at, 'a number above 0 and at most 1', value);

export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (value, at) => (values.includes(value as T) ? (value as T) : fail(at, `one of ${values.join(', ')}`, value));
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, at) => (value === null ? null : check(value, at));
}

export function list<T>(check: Check<T>): Check<T[]> {
  return (value, at) => {
    if (!Array.isArray(value)) fail(at, 'a list', value);
    value.forEach((item, i) => check(item, `${at}[${i}]`));
    return value as T[];
  };
}

export function optional<T>(check: Check<T>): Optional<T> {
  return {optional: check};
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object with exactly these fields. `nullClears`: an optional field given as null becomes
 * undefined (a variant's "not known").
 */
export function record<T>(fields: Fields<T>, nullClears = false): Check<T> {
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

/** Runs `read` (checks of data file `what`); a shape error becomes a TypeError that starts with `what`. */
export function readData<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ShapeError) throw new TypeError(`${what}: ${error.message}`);
    throw error;
  }
}
