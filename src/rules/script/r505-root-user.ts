import {optionNamed} from '../../formats/commands/docker-cli.js';
import {dropsPrivileges, nonRootCaveat, runsNonRootByDefault} from '../../knowledge/images.js';
import {isUidLike} from '../../core/params.js';
import {at, commandRule, insertFix, param, profileOf, runDocs, valueOf, WHERE} from './common.js';

export const r505RootUser = commandRule({
  id: 'R505',
  name: 'run-root-user',
  severity: 'high',
  title: 'Long-running container runs as root',
  docs: runDocs({
    what: `Finds long-running container commands (detached, with a restart policy, a Swarm service, or started by a systemd unit) without \`--user\` whose image profile says it runs as root (and, without a fix, those whose image has no profile: shipshape says how to check), and \`--user root\`/\`0\`, ${WHERE}. Images that start as root and step down themselves (postgres, redis, …) or run as their own user are left alone, as their profiles say.`,
    why: 'A process that runs as root in a container is root on the host kernel as soon as it escapes (a kernel or runtime bug, a mounted socket).',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --user 10001:10001 --name api ghcr.io/acme/api:1.2',
    safety: 'Unsafe: the process can no longer write root-owned paths or bind ports below 1024. The fix adds `--user UID:GID` (parameters `uid`, `gid`, 10001 by default) after the verb; it is offered only where the image\'s profile says it runs as root and nothing breaks, not for an image without a profile or given as a variable.',
  }),
  references: [],
  links: {'docker run: --user': 'https://docs.docker.com/reference/cli/docker/container/run/#user'},
  fix: 'unsafe',
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning) return;
    const user = optionNamed(cmd, '--user').at(-1);
    if (user) {
      if (user.value && /^(root|0)(:|$)/.test(user.value)) {
        yield at(cmd, `${locator} > --user`, `\`${cmd.tool} ${cmd.verb} --user ${user.value}\` runs the container as root`, {advice: 'Use a numeric non-root UID:GID the image can run as.'});
      }
      return;
    }
    const found = profileOf(cmd);
    const image = cmd.image?.value ?? '';
    if (found.certainty === 'not-known' && image && !cmd.image!.dynamic && (runsNonRootByDefault(image) || dropsPrivileges(image))) return;
    if (found.certainty === 'not-known') {
      // No profile: whether the image runs as root, and whether it can run as another user, is not known.
      const how = found.why === 'unresolved-variable' ? 'is a variable' : 'has no profile';
      yield at(cmd, `${locator} > --user`, `\`${cmd.tool} ${cmd.verb}\` sets no --user and its image (${image || 'none'}) ${how}: whether it runs as root is not known`, {
        advice: `${found.howToCheck || 'Check what it runs as with `docker image inspect --format {{.Config.User}} IMAGE` (empty means root).'} If it runs as root, add --user UID:GID (a UID the image's files allow).`,
      });
      return;
    }
    if (found.profile.runAs?.mode !== 'root') return;
    const caveat = nonRootCaveat(image);
    const uid = param(ctx, 'uid', 'User id', isUidLike);
    const gid = param(ctx, 'gid', 'Group id', isUidLike);
    yield at(cmd, `${locator} > --user`, `\`${cmd.tool} ${cmd.verb} ${image}\` runs as root: no --user, and the image runs as root by default`, {
      ...(caveat
        ? {advice: caveat, fix: null}
        : {fix: insertFix(cmd, 'Run the container as a non-root user', 'The process can no longer write root-owned paths or bind ports below 1024.', (p) => `--user ${valueOf(p, uid)}:${valueOf(p, gid)}`, [uid, gid])}),
    });
  },
});
