import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {flagOf, spanOf} from '../../formats/dockerfile/edit.js';
import {effectiveArgs, programOf} from '../../formats/dockerfile/shell.js';
import {commandFinding, instructionLocator, stageRuns} from './support.js';

/** A chmod mode that sets the setuid or setgid bit: `u+s`, `g+s`, `+s`, `a+s`, `4755`, `2755`, `6755`. */
export function setsSpecialBit(mode: string): boolean {
  if (/^0?[2-7][0-7]{3}$/.test(mode)) return (Number.parseInt(mode.slice(-4, -3), 8) & 6) !== 0;
  return mode.split(',').some((part) => /^[ugoa]*[+=][rwxXt]*s/.test(part) && !/^o+[+=]/.test(part));
}

const docs = `## What it does
Reports a \`chmod\` in a RUN that sets the setuid or setgid bit (\`chmod u+s\`, \`g+s\`, \`+s\`,
\`4755\`, \`2755\`, \`6755\`, also through \`COPY --chmod\`).

## Why it matters
A setuid binary runs as its owner, usually root, whoever starts it: it is a way back to root for a
process that was started as an unprivileged user, and every bug in it is a privilege escalation.
The CIS Docker Benchmark (4.8) asks that images carry no setuid and setgid permissions they do not
need.

## Example
\`\`\`dockerfile
FROM debian:12-slim
COPY tool /usr/local/bin/tool
RUN chmod u+s /usr/local/bin/tool
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:12-slim
COPY --chmod=0755 tool /usr/local/bin/tool
# grant exactly the capability the tool needs at run time (cap_add / capabilities.add) instead
\`\`\`

## Fix safety
No automatic fix: the program may need the privilege it gets this way. Give it a Linux capability
at run time instead, or run it as the user it needs. To strip the setuid bits the base image ships,
add \`RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true\` to the final stage.
`;

export const d123SetuidBit = defineRule({
  id: 'D123',
  name: 'setuid-bit',
  kind: 'dockerfile',
  severity: 'high',
  title: 'setuid or setgid bit set in the image',
  docs,
  references: [],
  links: {'chmod(1): setuid and setgid bits': 'https://man7.org/linux/man-pages/man1/chmod.1.html'},
  controls: ['cis-docker:4.8'],
  fix: null,
  *check(source): Iterable<FindingDraft> {
    for (const {stage, instruction, script} of stageRuns(source)) {
      if (script.form === 'exec') continue;
      let n = 0;
      for (const cmd of script.commands) {
        if (programOf(cmd) !== 'chmod') continue;
        const mode = effectiveArgs(cmd).slice(1).find((w) => !w.value.startsWith('-') || /^-[rwxXst]+$/.test(w.value));
        if (!mode || mode.dynamic || !setsSpecialBit(mode.value)) continue;
        yield commandFinding(stage, instruction, cmd, `chmod[${n++}]`, `\`chmod ${mode.value}\` sets the setuid/setgid bit: whoever runs the file gets its owner's (root's) privileges`, {
          advice: 'Grant the capability the program needs at run time instead, or run it as the user it needs.',
        });
      }
    }
    for (const stage of source.dockerfile.stages) {
      for (const instruction of stage.instructions) {
        if (!['COPY', 'ADD'].includes(instruction.getKeyword())) continue;
        const flag = flagOf(instruction, 'chmod');
        const chmod = flag?.getValue();
        if (!flag || !chmod || !setsSpecialBit(chmod)) continue;
        yield {
          ...spanOf(source, flag.getRange()),
          message: `\`${instruction.getKeyword()} --chmod=${chmod}\` sets the setuid/setgid bit on what it copies`,
          locator: `${instructionLocator(stage, instruction)} > --chmod`,
          advice: 'Copy it without the setuid/setgid bit and grant the capability the program needs at run time.',
        };
      }
    }
  },
});
