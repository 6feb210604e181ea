import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {ciFlavorOf, readPipeline} from '../../formats/ci/pipeline.js';
import {findDockerScans} from '../../formats/ci/docker-scan.js';
import {BUILD_STEP, workflowExample} from './common.js';

const docs = `## What it does
Reports \`docker scan\` in a pipeline command (a GitHub Actions \`run:\`, a GitLab \`script:\`,
\`before_script:\` or \`after_script:\` entry).

## Why it matters
\`docker scan\` (the Snyk-based scan plugin) was deprecated in v0.25.0 and removed in v0.26.0 on
2023-04-19; its repository is archived. On a current Docker CLI the command does not exist, so the
step either fails for the wrong reason or, when its error is ignored, scans nothing while the
pipeline looks protected. Docker Scout replaced it.

## Example
${workflowExample('image', [BUILD_STEP, '- run: docker scan --accept-license --severity high example/api:latest'])}

## Use instead
${workflowExample('image', [BUILD_STEP, '- run: docker scout cves --exit-code --only-severity critical,high example/api:latest'])}

## Fix safety
Unsafe. The fix replaces exactly the \`docker scan …\` command with
\`docker scout cves --exit-code --only-severity critical,high IMAGE\` and leaves the rest of the line
alone. \`--severity low|medium|high\` becomes the matching \`--only-severity\` list,
\`--exclude-base\` becomes \`--ignore-base\`; \`--accept-license\`, \`--file\`, \`--json\`,
\`--dependency-tree\` and \`--token\` are dropped. \`--exit-code\` makes the step fail when such
vulnerabilities are found (\`docker scan\` failed on any finding). Docker Scout must be available on
the runner (the Docker CLI plugin, or \`docker/scout-action\`) and it needs a \`docker login\`.
Commands whose arguments continue on the next line, use escapes, or name no image (\`--login\`,
\`--version\`) get no automatic fix; replace them by hand, or use the Trivy job P401 writes.
`;

export const p402DockerScanRetired = defineRule({
  id: 'P402',
  name: 'docker-scan-retired',
  kind: 'ci',
  severity: 'medium',
  title: '`docker scan` was removed in 2023; use `docker scout cves`',
  docs,
  references: [],
  links: {
    'docker scan removal (scan-cli-plugin v0.26.0)': 'https://github.com/docker-archive-public/docker.scan-cli-plugin/releases/tag/v0.26.0',
    'docker scout cves': 'https://docs.docker.com/reference/cli/docker/scout/cves/',
  },
  controls: ['cis-docker:4.4'],
  fix: 'unsafe',
  *check(source): Iterable<FindingDraft> {
    const pipeline = readPipeline(ciFlavorOf(source.path, source.docs), source.docs);
    const text = source.text;
    for (const command of pipeline.commands) {
      for (const use of findDockerScans(text.slice(command.start, command.end), command.start)) {
        const replacement = use.replacement;
        // A double-quoted YAML scalar would need its own escaping of the new text; only plain text is written there.
        const writable = replacement !== null && !(command.style === 'QUOTE_DOUBLE' && /["\\]/.test(replacement)) && !(command.style === 'QUOTE_SINGLE' && replacement.includes("'"));
        yield {
          start: use.start,
          end: use.end,
          message: `\`docker scan\` was removed from Docker in 2023 (scan plugin v0.26.0), so this step in job \`${command.job}\` scans nothing; Docker Scout replaced it`,
          locator: `jobs.${command.job} > docker scan`,
          fix:
            writable && replacement
              ? {
                  title: `Replace with \`${replacement}\``,
                  safety: 'unsafe',
                  params: [],
                  risk: 'Docker Scout must be installed on the runner and logged in to Docker Hub; the step fails on critical or high vulnerabilities.',
                  edits: () => [{file: source.path, start: use.start, end: use.end, text: replacement}],
                }
              : null,
          advice: writable
            ? undefined
            : `Replace it by hand with \`docker scout cves --exit-code --only-severity critical,high IMAGE\` (${use.why ?? 'the new text needs YAML escaping here'}), or scan with Trivy (\`trivy image --exit-code 1 --severity HIGH,CRITICAL IMAGE\`).`,
        };
      }
    }
  },
});
