import {DockerfileParser, Instruction, type Argument, type Dockerfile, type From} from 'dockerfile-ast';
import {LineIndex} from '../../core/text.js';

/**
 * dockerfile-ast reads an instruction's arguments from its text again at every call, and its own
 * methods (flags, image names, JSON forms) and the rules ask for them many times per instruction:
 * about a tenth of the rules' time on a monorepo (issue 11). A parsed Dockerfile never changes, so
 * each instruction keeps what it read; callers get a copy (the library shifts flags off the array).
 */
const instructionProto = Instruction.prototype as unknown as {getRawArguments(this: Instruction): Argument[]};
const readArguments = instructionProto.getRawArguments;
const argumentsRead = new WeakMap<Instruction, Argument[]>();
instructionProto.getRawArguments = function (this: Instruction): Argument[] {
  let read = argumentsRead.get(this);
  if (read === undefined) {
    read = readArguments.call(this);
    argumentsRead.set(this, read);
  }
  return read.slice();
};

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  index: number;
  from: From;
  /** The `AS name`, lower-cased, or null. */
  name: string | null;
  /** The image reference with ARG defaults substituted (e.g. `python:3.12-slim`). */
  image: string;
  instructions: Instruction[];
  /**
   * A file without FROM (a template concatenated at build time, a linter test case): its
   * instructions form this one pseudo-stage, whose `from` is a stand-in that is not in the file.
   * Instruction rules read it; rules about the image (its base, its final user) skip it.
   */
  fragment?: true;
}

export interface DockerfileModel {
  /**
   * Parsed from the text with each lone CR (a CR not followed by LF) replaced by `crStandIn`: Docker
   * reads a lone CR as a character of its line, dockerfile-ast as a line break, which shifted every
   * position after it against the text's offsets. The stand-in keeps lines and offsets the same.
   */
  ast: Dockerfile;
  /** The character that stands for a lone CR in the AST's values, or null when the text has none. */
  crStandIn: string | null;
  stages: Stage[];
  /** True when the file has no FROM and is read as a fragment (see Stage.fragment). */
  fragment: boolean;
  /** Escape character from `# escape=` (backslash by default). */
  escape: string;
}

export class DockerfileSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const HEREDOC_START = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

/** Parses a Dockerfile (BOM removed). Throws DockerfileSyntaxError for input Docker would reject. */
export function parseDockerfile(text: string, lines = new LineIndex(text)): DockerfileModel {
  if (text.includes('\u0000')) throw new DockerfileSyntaxError('binary content (NUL byte)', 1);
  const {view, crStandIn} = asDockerReadsIt(text);
  const ast = DockerfileParser.parse(view);
  checkHeredocsTerminated(ast, lines);
  const instructions = ast.getInstructions();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = instruction as From;
      const stageName = from.getBuildStage();
      stages.push({
        index: stages.length,
        from,
        name: stageName ? stageName.toLowerCase() : null,
        image: resolveImage(ast, from),
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  if (stages.length === 0 && instructions.some((i) => i.getKeyword() !== 'ARG')) {
    // Linted like hadolint does: the instruction rules run, and D125 says FROM is missing.
    const standIn = DockerfileParser.parse('FROM scratch').getFROMs()[0]!;
    stages.push({index: 0, from: standIn, name: null, image: '', instructions: [...instructions], fragment: true});
    return {ast, crStandIn, stages, fragment: true, escape: ast.getEscapeCharacter()};
  }
  return {ast, crStandIn, stages, fragment: false, escape: ast.getEscapeCharacter()};
}

/** Characters that may stand in for a lone CR: white space to a regex like CR is, never a line break. */
const CR_STAND_INS = ['\v', '\f', '\u001f', '\u001e'];

function asDockerReadsIt(text: string): {view: string; crStandIn: string | null} {
  if (!/\r(?!\n)/.test(text)) return {view: text, crStandIn: null};
  const crStandIn = CR_STAND_INS.find((c) => !text.includes(c)) ?? CR_STAND_INS[0]!;
  return {view: text.replace(/\r(?!\n)/g, crStandIn), crStandIn};
}

/** dockerfile-ast accepts an unterminated heredoc silently; Docker does not. */
function checkHeredocsTerminated(ast: Dockerfile, lines: LineIndex): void {
  for (const instruction of ast.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword !== 'RUN' && keyword !== 'COPY' && keyword !== 'ADD') continue;
    const first = instruction.getRange().start.line;
    const header = lines.lineText(first);
    const names = [...header.matchAll(HEREDOC_START)].map((m) => m[3]!);
    if (names.length === 0 || !/^\s*\S+\s.*<</.test(header)) continue;
    let line = first + 1;
    for (const name of names) {
      while (line < lines.lineCount && lines.lineText(line).replace(/^\t+/, '').trimEnd() !== name) line++;
      if (line >= lines.lineCount) {
        throw new DockerfileSyntaxError(`unterminated heredoc <<${name}`, first + 1);
      }
      line++;
    }
  }
}

/** Substitutes `${VAR}`/`$VAR` in a FROM's image through the global ARG defaults. */
export function resolveImage(ast: Dockerfile, from: From): string {
  const raw = from.getArgumentsContent() ?? '';
  const imageArg = from.getArguments().find((a) => !a.getValue().startsWith('--'));
  const image = imageArg ? imageArg.getValue() : raw;
  const defaults = new Map<string, string>();
  for (const arg of ast.getInitialARGs()) {
    const property = arg.getProperty();
    if (property && property.getName()) defaults.set(property.getName(), property.getValue() ?? '');
  }
  return image.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, fallback, bare) => {
    const name = (braced ?? bare) as string;
    const value = defaults.get(name);
    if (value !== undefined && value !== '') return value;
    if (typeof fallback === 'string' && whole.includes(':-')) return fallback;
    return whole;
  });
}
