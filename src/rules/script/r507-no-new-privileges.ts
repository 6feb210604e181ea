import {optionNamed} from '../../formats/commands/docker-cli.js';
import {at, commandRule, insertFix, isService, runDocs, WHERE} from './common.js';

export const r507NoNewPrivileges = commandRule({
  id: 'R507',
  name: 'run-no-new-privileges',
  severity: 'medium',
  title: 'no-new-privileges not set',
  docs: runDocs({
    what: `Finds long-running \`docker\`/\`podman\` \`run\`/\`create\` commands without \`--security-opt no-new-privileges\`, ${WHERE}.`,
    why: 'Without it a process in the container can gain privileges through setuid or file-capability binaries (su, sudo, ping on some images): a way back to root after the container dropped it.',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --security-opt no-new-privileges --name api ghcr.io/acme/api:1.2',
    safety: 'Unsafe: a program that relies on a setuid binary (sudo inside the container) can no longer use it. The fix adds `--security-opt no-new-privileges`.',
  }),
  references: [],
  links: {'docker run: --security-opt': 'https://docs.docker.com/reference/cli/docker/container/run/#security-opt'},
  controls: ['cis-docker:5.26'],
  fix: 'unsafe',
  *check(cmd, _ctx, locator) {
    if (!cmd.longRunning || isService(cmd)) return;
    if (optionNamed(cmd, '--security-opt').some((o) => /^no-new-privileges([:=](true|1))?$/i.test(o.value ?? ''))) return;
    yield at(cmd, `${locator} > no-new-privileges`, `\`${cmd.tool} ${cmd.verb}\` lets processes gain privileges through setuid binaries (no --security-opt no-new-privileges)`, {
      fix: insertFix(cmd, 'Add --security-opt no-new-privileges', 'A program that relies on a setuid binary can no longer use it.', () => '--security-opt no-new-privileges'),
    });
  },
});
