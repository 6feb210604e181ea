/**
 * Styled lines: what the scrollable views show. Every Line is exactly one terminal row (the views
 * truncate, never wrap), so heights can be counted before rendering and the layout fits the screen.
 */

export interface Seg {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
  underline?: boolean;
}

export type Line = Seg[];

export const seg = (text: string, style: Omit<Seg, 'text'> = {}): Seg => ({text, ...style});
export const line = (...segs: Array<Seg | string>): Line => segs.map((s) => (typeof s === 'string' ? {text: s} : s));
export const blank = (): Line => [];

/** Tabs to spaces and no control characters, so a terminal row is as wide as its text. */
export function printable(text: string): string {
  return text.replace(/\r$/, '').replace(/\t/g, '    ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '·');
}

/** Cuts a plain string to `width` characters, with an ellipsis when it was longer. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  return chars.length <= width ? text : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}

/**
 * Wraps prose to `width` at spaces (long words are cut). Paragraph breaks (blank lines) are kept
 * as empty rows; single newlines become spaces.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const w = Math.max(8, width);
  const out: string[] = [];
  const paragraphs = text.replace(/\r\n/g, '\n').split(/\n\s*\n/);
  paragraphs.forEach((paragraph, i) => {
    if (i > 0) out.push('');
    const words = paragraph.split(/\s+/).filter(Boolean);
    let current = '';
    for (let word of words) {
      while ([...word].length > w - indent.length) {
        if (current) {
          out.push(current);
          current = '';
        }
        const cut = w - indent.length;
        out.push(indent + [...word].slice(0, cut).join(''));
        word = [...word].slice(cut).join('');
      }
      if (!word) continue;
      const candidate = current ? `${current} ${word}` : `${indent}${word}`;
      if ([...candidate].length > w && current) {
        out.push(current);
        current = `${indent}${word}`;
      } else {
        current = candidate;
      }
    }
    if (current) out.push(current);
  });
  return out;
}

/** Wraps and keeps at most `max` rows; the last kept row ends with an ellipsis when text was cut. */
export function wrapLimited(text: string, width: number, max: number, indent = ''): string[] {
  const rows = wrapText(text, width, indent);
  if (rows.length <= max) return rows;
  const kept = rows.slice(0, Math.max(0, max));
  if (kept.length > 0) kept[kept.length - 1] = truncate(kept[kept.length - 1]! + ' …', width);
  return kept;
}

/** A 0–100 score as a bar of `width` cells (█ filled, ░ empty). */
export function scoreBar(score: number, width = 10): string {
  const filled = Math.round((Math.max(0, Math.min(100, score)) / 100) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function scoreColor(score: number): string {
  return score >= 80 ? 'green' : score >= 50 ? 'yellow' : 'red';
}

export const SEVERITY_COLOR: Record<string, string> = {critical: 'magenta', high: 'red', medium: 'yellow', low: 'blue', info: 'gray'};

export function padEnd(text: string, width: number): string {
  const n = [...text].length;
  return n >= width ? truncate(text, width) : text + ' '.repeat(width - n);
}

/** The plain text of a line (tests and width math). */
export function plain(l: Line): string {
  return l.map((s) => s.text).join('');
}
