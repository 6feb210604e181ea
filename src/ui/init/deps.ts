/**
 * The contract between the `shipshape init` flow and the CLI: the CLI renders and writes (src/init,
 * src/io); the flow only asks, shows and hands back the user's choices. Tests pass fakes.
 */
import type {InitAnswers} from '../../init/options.js';
import type {StackId} from '../../init/stacks.js';
import type {Preview} from './state.js';

/** The answers of the flow, complete. */
export type ChosenAnswers = InitAnswers & {stack: StackId; port: number};

export interface InitFlowDeps {
  /** What the flags said (and the defaults): the flow starts from them. */
  answers: InitAnswers;
  /** False with NO_COLOR / --no-color. */
  color: boolean;
  /** The files these answers write, with what is on disk where they go. */
  preview(answers: ChosenAnswers): Promise<Preview>;
  /** Writes the new files and the existing ones in `overwrite`; the lines of the summary and the exit code. */
  write(answers: ChosenAnswers, preview: Preview, overwrite: ReadonlySet<string>): Promise<{lines: string[]; code: number}>;
}
