export interface MovedLine {
  /** Line number in the file before. */
  from: number;
  /** Line number in the file after. */
  to: number;
  text: string;
}
export function movedLines(before: string, after: string): {moved: MovedLine[]; reformatted: Array<MovedLine & {now: string}>};
