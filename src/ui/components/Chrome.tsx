import {Box} from 'ink';
import {line, seg, truncate, type Line} from './lines.js';
import {LineRow} from './LinesView.js';

export type KeyHint = readonly [key: string, label: string];

/** The footer rows: the notice of the last key (yellow, when there is one), then the keys, wrapped to the width. */
export function footerLines(keys: readonly KeyHint[], width: number, notice?: string): Line[] {
  const rows: Line[] = notice ? [line(seg(notice, {color: 'yellow'}))] : [];
  let current: Line = [];
  let used = 0;
  for (const [key, label] of keys) {
    const size = key.length + 1 + label.length + 3;
    if (used > 0 && used + size > width) {
      rows.push(current);
      current = [];
      used = 0;
    }
    current.push(seg(key, {bold: true, color: 'cyan'}), seg(` ${label}   `, {dim: true}));
    used += size;
  }
  if (current.length > 0) rows.push(current);
  return rows;
}

export function Footer(props: {keys: readonly KeyHint[]; width: number; notice?: string}) {
  return (
    <Box flexDirection="column">
      {footerLines(props.keys, props.width, props.notice).map((l, i) => (
        <LineRow key={i} line={l} width={props.width} />
      ))}
    </Box>
  );
}

/** One header row: the title on the left, a status on the right. */
export function headerLine(title: string, right: string, width: number): Line {
  const r = truncate(right, Math.max(0, Math.floor(width / 2)));
  const left = truncate(title, Math.max(1, width - r.length - 2));
  const gap = Math.max(1, width - [...left].length - [...r].length);
  return line(seg(left, {bold: true, color: 'magenta'}), ' '.repeat(gap), seg(r, {dim: true}));
}

export function Header(props: {title: string; right: string; width: number}) {
  return <LineRow line={headerLine(props.title, props.right, props.width)} width={props.width} />;
}
