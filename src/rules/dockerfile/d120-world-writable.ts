import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {flagOf, spanOf} from '../../formats/dockerfile/edit.js';
import {effectiveArgs, programOf} from '../../formats/dockerfile/shell.js';
import {commandFinding, instructionLocator, stageRuns} from './support.js';

const docs = `## What it does
Reports files and folders made writable for everyone: \`chmod 777\`, \`chmod 666\`, \`chmod -R a+w\`,
\`chmod o+w\`, \`chmod a=rwx\` in a RUN, and \`COPY --chmod=777\` / \`ADD --chmod=…\`. Modes with the
sticky bit (\`chmod 1777 /tmp\`, \`chmod +t\`), the standard for shared temp folders, are fine.
Guidance only.

## Why it matters
World-writable files let any process in the container — including one that got in through the
application — replace code, configuration or scripts that run later, possibly as another user.
\`777\` is usually a shortcut around a permission problem that the right owner solves.

## Example
\`\`\`dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN chmod -R 777 /app
USER node
\`\`\`

## Use instead
\`\`\`dockerfile
FROM node:20-alpine
WORKDIR /app
COPY --chown=node:node . .
USER node
\`\`\`

## Fix safety
No automatic fix: give the files to the user that runs the app (\`COPY --chown=10001:10001\`,
\`chown -R 10001:10001 /app/data\`) and use \`755\`/\`644\` (or \`775\`/\`664\` for a shared group) on
only the paths it must write.
`;

/** True for a chmod mode that gives write permission to others (without the sticky bit). */
export function worldWritableMode(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const digits = mode.padStart(4, '0');
    const special = Number(digits[0]);
    const other = Number(digits[3]);
    return (other & 2) !== 0 && (special & 1) === 0;
  }
  const clauses = mode.split(',');
  if (clauses.some((c) => /t/.test(c.replace(/^[ugoa]*[+=-]/, '')))) return false;
  return clauses.some((c) => {
    const m = /^([ugoa]*)([+=])([rwxXst]*)$/.exec(c);
    return m !== null && /[oa]/.test(m[1]!) && m[3]!.includes('w');
  });
}

export const d120WorldWritable = defineRule({
  id: 'D120',
  name: 'world-writable',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'World-writable files (chmod 777, o+w)',
  docs,
  references: [],
  links: {
    'CIS Docker Benchmark (4.8: setuid and setgid permissions)': 'https://www.cisecurity.org/benchmark/docker',
  },
  fix: null,
  *check(source): Iterable<FindingDraft> {
    const advice = 'Give the path to the app user (`COPY --chown=10001:10001`, `chown -R 10001:10001 <dir>`) and use 755/644 (775/664 for a shared group) on only what it must write.';
    for (const {stage, instruction, script} of stageRuns(source)) {
      let n = 0;
      for (const cmd of script.commands) {
        if (programOf(cmd) !== 'chmod') continue;
        const args = effectiveArgs(cmd).slice(1).filter((w) => !/^-[A-Za-z]+$|^--(recursive|verbose|changes|silent|quiet)$/.test(w.value));
        const mode = args[0];
        if (!mode || mode.dynamic || !worldWritableMode(mode.value)) continue;
        yield commandFinding(stage, instruction, cmd, `chmod[${n++}]`, `\`chmod ${mode.value}\` makes ${args.slice(1).map((a) => a.value).join(' ') || 'files'} writable for every user in the container`, {advice});
      }
    }
    for (const stage of source.dockerfile.stages) {
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword !== 'COPY' && keyword !== 'ADD') continue;
        const flag = flagOf(instruction, 'chmod');
        const value = flag?.getValue();
        if (!flag || !value || !worldWritableMode(value)) continue;
        const span = spanOf(source, flag.getRange());
        yield {
          start: span.start,
          end: span.end,
          message: `\`${keyword} --chmod=${value}\` makes the copied files writable for every user in the container`,
          locator: `${instructionLocator(stage, instruction)} > --chmod`,
          advice,
        };
      }
    }
  },
});
