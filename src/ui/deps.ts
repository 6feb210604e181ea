/**
 * The contract between the wizard and the rest of shipshape. The CLI builds these from src/io;
 * tests pass fakes. The UI does no file I/O of its own.
 */
import type {Choices, Session} from '../core/session.js';
import type {Plan} from '../core/plan.js';
import type {VerifyResult} from '../verify/model.js';

export interface ScanProgress {
  done: number;
  total: number;
  path: string;
}

export interface ScanOutcome {
  session: Session;
  /** One-line messages about files that were skipped or could not be parsed. */
  problems: string[];
  /**
   * A plan as `write` will write it: the review shows exactly the files the write changes or
   * creates (the `.shipshape/` line it adds to .gitignore included). Identity when absent.
   */
  asWritten?: (plan: Plan) => Plan;
}

export interface WriteOutcome {
  /** Files written (changed or created), relative paths. */
  written: string[];
  /** The backup folder of this write (for `shipshape undo`), or null when nothing was written. */
  backupDir: string | null;
  /** Files that stopped the write, with why ("changed on disk since the scan"); then nothing was written. */
  refused: Array<{path: string; reason: string}>;
  /** One-line remarks (an interrupted run rolled back, a .gitignore left alone). */
  notes?: string[];
}

export interface WizardDeps {
  /** The folder being hardened, as shown to the user. */
  root: string;
  scan(onProgress: (progress: ScanProgress) => void): Promise<ScanOutcome>;
  write(plan: Plan): Promise<WriteOutcome>;
  /** False with NO_COLOR / --no-color: the UI must still show what is added and removed. */
  color: boolean;
  /**
   * "Try it" on the review: build and start the project's Compose stacks on a temporary copy,
   * without and with these choices (shipshape verify). Rejects with a one-line message when no
   * container engine can run; stops and removes what it started when the signal aborts.
   */
  verify?(session: Session, choices: Choices, onProgress: (message: string) => void, signal: AbortSignal): Promise<VerifyResult>;
}
