import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {argumentSpans, flagsOf, replaceKeyword} from '../../formats/dockerfile/edit.js';
import {execFormArgs} from '../../formats/dockerfile/shell.js';
import {instructionLocator, nodeAppExample} from './support.js';

const docs = `## What it does
Reports \`ADD\` whose sources are all local files or folders that are not archives (\`ADD . /app\`,
\`ADD config.yml /etc/app/\`). \`ADD\` of a URL, a git repository or a local archive (\`.tar\`,
\`.tar.gz\`, \`.tgz\`, \`.xz\`, \`.bz2\`, \`.zst\`, …, which ADD unpacks) is left alone, as are sources
behind a variable or a bare \`*\` glob (they could match an archive) and ADD-only flags
(\`--checksum\`, \`--keep-git-dir\`, \`--unpack\`). The fix replaces the keyword with \`COPY\`.

## Why it matters
\`ADD\` does more than copy: it unpacks local archives and downloads URLs. Using it for plain files
hides that behaviour from readers and lets a file that happens to be a tarball be unpacked into the
image instead of copied. \`COPY\` does exactly one thing.

## Example
${nodeAppExample('ADD . /app')}

## Use instead
${nodeAppExample('COPY . /app')}

## Fix safety
Safe: for local files and folders that are not archives, \`COPY\` and \`ADD\` produce the same
layer; \`--chown\`, \`--chmod\` and \`--link\` work the same with COPY.
`;

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tb2|tar\.xz|txz|tar\.zst|tzst|tar\.lz|tlz|tar\.lzma|tZ|gz|bz2|xz|zst|lz|lzma|lz4|Z)$/i;
const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'from']);

export function isRemote(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.startsWith('git@') || /\.git(#|$)/.test(src);
}

export const d107AddInsteadOfCopy = defineRule({
  id: 'D107',
  name: 'add-instead-of-copy',
  kind: 'dockerfile',
  severity: 'low',
  title: 'ADD used for local files (use COPY)',
  docs,
  references: ['hadolint:DL3020', 'kics:9513a694-aa0d-41d8-be61-3271e056f36b', 'checkov:CKV_DOCKER_4', 'trivy:DS005'],
  controls: ['cis-docker:4.9'],
  fix: 'safe',
  *check(source): Iterable<FindingDraft> {
    for (const stage of source.dockerfile.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'ADD') continue;
        if (flagsOf(instruction).some((f) => !COPY_FLAGS.has(f.getName().toLowerCase()))) continue;
        const args = execFormArgs(source, instruction) ?? argumentSpans(source, instruction).map((a) => a.value);
        const sources = args.slice(0, -1).map((s) => s.replace(/^["']|["']$/g, ''));
        if (sources.length === 0) continue;
        const plain = sources.every(
          (s) => !isRemote(s) && !ARCHIVE.test(s) && !s.includes('$') && !/(^|\/)\*$/.test(s) && !/\*\.?\*?$/.test(s),
        );
        if (!plain) continue;
        const keyword = instruction.getInstruction();
        const copy = keyword === keyword.toLowerCase() ? 'copy' : keyword === 'Add' ? 'Copy' : 'COPY';
        const range = instruction.getRange();
        const start = source.lines.offset(range.start.line, range.start.character);
        yield {
          start,
          end: start + keyword.length,
          message: `\`ADD ${sources.join(' ')}\` copies local files; \`COPY\` does the same without ADD's unpacking and downloading`,
          locator: instructionLocator(stage, instruction),
          fix: {title: 'Use COPY', safety: 'safe', params: [], edits: () => [replaceKeyword(source, instruction, copy)]},
        };
      }
    }
  },
});
