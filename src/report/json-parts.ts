/**
 * JSON text in parts, for the formats whose output grows with the findings (JSON, SARIF): on a
 * monorepo with tens of thousands of findings, building the whole object tree and then the whole
 * text (and the buffer stdout makes of it) costs more memory than checking the tree (issue 11:
 * peak RSS). The parts join to exactly `JSON.stringify(value, null, 2) + '\n'`.
 */

/** An array whose items are made as they are written: each of `items` through `each`. */
export class LazyArray<T> {
  constructor(
    readonly items: Iterable<T>,
    readonly each: (item: T) => unknown,
  ) {}
}

export function lazyArray<T>(items: Iterable<T>, each: (item: T) => unknown): LazyArray<T> {
  return new LazyArray(items, each);
}

const INDENT = '  ';

/** The text of `JSON.stringify(value, null, 2)` and a newline, in parts; a LazyArray is written as the array of its mapped items. */
export function* jsonParts(value: unknown): Generator<string, void, undefined> {
  yield* valueParts(value, '');
  yield '\n';
}

function* valueParts(value: unknown, pad: string): Generator<string, void, undefined> {
  if (value instanceof LazyArray) yield* itemsParts(value.items, value.each, pad, true);
  else if (Array.isArray(value)) yield* itemsParts(value, (item) => item, pad, false);
  else if (isPlainObject(value)) yield* objectParts(value, pad);
  else yield leaf(value, pad);
}

/** `whole`: each item is written in one part (a LazyArray's items are small; there are many of them). */
function* itemsParts<T>(items: Iterable<T>, each: (item: T) => unknown, pad: string, whole: boolean): Generator<string, void, undefined> {
  const inner = pad + INDENT;
  let first = true;
  for (const item of items) {
    yield first ? `[\n${inner}` : `,\n${inner}`;
    first = false;
    // As JSON.stringify does: an item that has no JSON form is written as null.
    const made = each(item);
    const mapped = hasJsonForm(made) ? made : null;
    if (whole) yield leaf(mapped, inner);
    else yield* valueParts(mapped, inner);
  }
  yield first ? '[]' : `\n${pad}]`;
}

function* objectParts(value: Record<string, unknown>, pad: string): Generator<string, void, undefined> {
  const inner = pad + INDENT;
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (!hasJsonForm(member)) continue;
    yield `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* valueParts(member, inner);
  }
  yield first ? '{}' : `\n${pad}}`;
}

/** A value written whole: its JSON lines indented to where it stands (JSON strings hold no raw newline). */
function leaf(value: unknown, pad: string): string {
  const text = JSON.stringify(value, null, 2);
  return pad === '' ? text : text.replaceAll('\n', `\n${pad}`);
}

function hasJsonForm(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as {toJSON?: unknown}).toJSON !== 'function';
}

/** Joins parts into pieces of about `size` characters, so a writer is called a few times, not once per part. */
export function* batched(parts: Iterable<string>, size = 64 * 1024): Generator<string, void, undefined> {
  let pending: string[] = [];
  let length = 0;
  for (const part of parts) {
    pending.push(part);
    length += part.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (length > 0) yield pending.join('');
}
