import {line, seg, wrapText, type Line} from './lines.js';

/** A rule's Markdown docs as rows: headings bold, code blocks verbatim, prose wrapped. */
export function docsLines(markdown: string, width: number): Line[] {
  const out: Line[] = [];
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  let inCode = false;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    const text = paragraph.join(' ');
    const bullet = /^\s*[-*]\s+/.exec(paragraph[0]!);
    if (bullet) {
      const rows = wrapText(text.slice(bullet[0].length), width - 2);
      rows.forEach((r, i) => out.push(line(i === 0 ? `• ${r}` : `  ${r}`)));
    } else {
      for (const r of wrapText(text, width)) out.push(line(r));
    }
    paragraph = [];
  };
  for (const raw of lines) {
    if (/^```/.test(raw)) {
      flush();
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      out.push(line(seg(`  ${raw}`, {color: 'yellow'})));
      continue;
    }
    const heading = /^#+\s+(.*)$/.exec(raw);
    if (heading) {
      flush();
      if (out.length > 0) out.push([]);
      out.push(line(seg(heading[1]!, {bold: true, color: 'magenta'})));
      continue;
    }
    if (raw.trim() === '') {
      flush();
      continue;
    }
    if (/^\s*[-*]\s+/.test(raw)) flush();
    paragraph.push(raw.trim().replace(/`([^`]*)`/g, '$1'));
  }
  flush();
  return out;
}
