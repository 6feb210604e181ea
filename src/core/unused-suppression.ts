import type {Rule} from './rule.js';

const docs = `## What it does
Reports a \`# shipshape-ignore RULE\` comment (or \`# shipshape-ignore-file RULE\`) that suppresses no finding of that rule.

## Why it matters
A stale suppression hides the next real problem on that line without anyone noticing. Removing it keeps every ignore deliberate.

## Example
\`\`\`dockerfile
# shipshape-ignore D101 -- the base image already runs as nobody
FROM gcr.io/distroless/static:nonroot
\`\`\`

## Use instead
\`\`\`dockerfile
FROM gcr.io/distroless/static:nonroot
\`\`\`

## Fix safety
Safe: the fix only removes the comment line (or the trailing comment), and only when none of its ids is in use.
`;

/**
 * S001 is reported by the engine itself (it needs to know what the other rules found), so its
 * `check` yields nothing; the engine produces its findings after suppression.
 */
export const UNUSED_SUPPRESSION: Rule = {
  id: 'S001',
  name: 'unused-suppression',
  kind: 'dockerfile',
  kindLabel: 'any',
  severity: 'low',
  title: 'A `# shipshape-ignore` pragma suppresses nothing',
  references: [],
  fix: 'safe',
  check: () => [],
  docs,
  links: {
    'ESLint: --report-unused-disable-directives': 'https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives',
    'Ruff: unused-noqa (RUF100)': 'https://docs.astral.sh/ruff/rules/unused-noqa/',
  },
};
