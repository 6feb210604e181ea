/** What the pipeline rules (P4xx) share: the GitHub workflow their docs show. */

/** The checkout every example job starts with, and the build step most of them have. */
const CHECKOUT = '- uses: actions/checkout@v5';
export const BUILD_STEP = '- run: docker build -t example/api:latest .';

/**
 * A GitHub Actions workflow for rule docs: one job on ubuntu-latest that checks out the repository
 * and runs `steps` (each a line of the steps list; 2-space YAML). `on` lines replace `on: push`.
 */
export function workflowExample(job: string, steps: readonly string[], o: {name?: string; on?: readonly string[]; permissions?: readonly string[]} = {}): string {
  return [
    '```yaml',
    `name: ${o.name ?? 'ci'}`,
    ...(o.on ? ['on:', ...o.on.map((l) => `  ${l}`)] : ['on: push']),
    'jobs:',
    `  ${job}:`,
    '    runs-on: ubuntu-latest',
    ...(o.permissions ? ['    permissions:', ...o.permissions.map((l) => `      ${l}`)] : []),
    '    steps:',
    ...[CHECKOUT, ...steps].map((l) => `      ${l}`),
    '```',
  ].join('\n');
}
