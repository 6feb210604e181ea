import {optionNamed} from '../../formats/commands/docker-cli.js';
import {at, commandRule, removeFix, runDocs, WHERE} from './common.js';

export const r518NoHealthcheck = commandRule({
  id: 'R518',
  name: 'run-no-healthcheck',
  severity: 'low',
  title: "Image's health check turned off",
  docs: runDocs({
    what: `Finds container commands with \`--no-healthcheck\` (or \`--health-cmd none\`), which turn off the HEALTHCHECK the image defines, ${WHERE}.`,
    why: 'Without a health check Docker reports a hung service as running: restart policies, Swarm and dependent containers cannot react to it.',
    bad: 'docker run -d --no-healthcheck postgres:16',
    good: 'docker run -d postgres:16',
    safety: "Unsafe: the image's own check runs again and may mark the container unhealthy (in Swarm: replace it) where it was never checked before. The fix removes the option.",
  }),
  references: [],
  links: {'docker run: health checks': 'https://docs.docker.com/reference/cli/docker/container/run/#healthcheck'},
  controls: ['cis-docker:5.27'],
  fix: 'unsafe',
  *check(cmd, _ctx, locator) {
    const off = [...optionNamed(cmd, '--no-healthcheck').filter((o) => o.value === null || o.value === 'true'), ...optionNamed(cmd, '--health-cmd').filter((o) => /^none$/i.test(o.value ?? ''))];
    if (off.length === 0) return;
    yield at(cmd, `${locator} > healthcheck`, `\`${cmd.tool} ${cmd.verb}\` turns off the image's health check: a hung service counts as running`, {
      fix: removeFix(cmd, off, 'Remove --no-healthcheck', "The image's own check runs again."),
    });
  },
});
