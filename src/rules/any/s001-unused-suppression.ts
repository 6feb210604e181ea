import {removePragmaEdit} from '../../core/pragmas.js';
import {defineRule} from '../../core/rule.js';

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
 * S001 needs to know what the other rules found, so it is a rule of kind `any`: the engine runs it
 * on every file after the inline suppressions, with each `shipshape-ignore` and its unused ids.
 */
export const s001UnusedSuppression = defineRule({
  id: 'S001',
  name: 'unused-suppression',
  kind: 'any',
  severity: 'low',
  title: 'A `# shipshape-ignore` pragma suppresses nothing',
  docs,
  references: [],
  links: {
    'ESLint: --report-unused-disable-directives': 'https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives',
    'Ruff: unused-noqa (RUF100)': 'https://docs.astral.sh/ruff/rules/unused-noqa/',
  },

  fix: 'safe',
  *check(source, pragmas) {
    for (const {pragma, unused} of pragmas) {
      if (unused.length === 0) continue;
      // Only the whole pragma can be removed safely when none of its ids suppresses anything.
      const removable = unused.length === pragma.ids.length;
      yield {
        start: pragma.start,
        end: pragma.end,
        message: `Suppression of ${unused.join(', ')} matches no finding; remove it so it cannot hide a future problem`,
        locator: `pragma[line ${pragma.line + 1}:${pragma.ids.join(',')}]`,
        fix: removable ? {title: 'Remove the unused suppression', safety: 'safe', params: [], edits: () => [removePragmaEdit(source, pragma)]} : null,
      };
    }
  },
});
