import {Box, Text} from 'ink';
import {printable, truncate, type Line, type Seg} from './lines.js';
import {useTheme} from './theme.js';

/** How far a view of `total` rows in `height` rows can scroll (one row is kept for the position). */
export function maxScroll(total: number, height: number): number {
  return total <= height ? 0 : total - Math.max(1, height - 1);
}

/** One styled row, cut to `width` columns. */
export function LineRow(props: {line: Line; width: number}) {
  const {color} = useTheme();
  let room = props.width;
  const segs: Seg[] = [];
  for (const s of props.line) {
    if (room <= 0) break;
    const text = printable(s.text);
    const n = [...text].length;
    const cut = n > room ? truncate(text, room) : text;
    segs.push({...s, text: cut});
    room -= [...cut].length;
  }
  if (segs.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {segs.map((s, i) => (
        <Text key={i} color={color ? s.color : undefined} bold={s.bold} dimColor={color ? s.dim : undefined} inverse={s.inverse} underline={s.underline}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}

/**
 * A window of `height` rows over `lines`, starting at `scroll`. When the lines do not fit, the last
 * row says which rows are shown and how to scroll.
 */
export function LinesView(props: {lines: readonly Line[]; height: number; width: number; scroll: number}) {
  const {lines, width} = props;
  const height = Math.max(1, props.height);
  if (lines.length <= height) {
    return (
      <Box flexDirection="column" width={width}>
        {lines.map((l, i) => (
          <LineRow key={i} line={l} width={width} />
        ))}
      </Box>
    );
  }
  const rows = Math.max(1, height - 1);
  const scroll = Math.max(0, Math.min(props.scroll, maxScroll(lines.length, height)));
  const shown = lines.slice(scroll, scroll + rows);
  const more = lines.length - (scroll + shown.length);
  const position = `── rows ${scroll + 1}–${scroll + shown.length} of ${lines.length}${more > 0 ? ` · ${more} more below` : ''} · ↑↓ j/k PgUp/PgDn ──`;
  return (
    <Box flexDirection="column" width={width}>
      {shown.map((l, i) => (
        <LineRow key={i} line={l} width={width} />
      ))}
      <LineRow line={[{text: position, dim: true}]} width={width} />
    </Box>
  );
}
