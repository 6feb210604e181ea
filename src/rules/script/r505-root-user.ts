import type {Edit, Fix} from '../../core/model.js';
import {isUidLike, isUserPair, valueOf} from '../../core/params.js';
import {param} from '../../core/rule.js';
import {insertOptions, optionNamed, removeOption, type CliOption, type ContainerCommand} from '../../formats/commands/docker-cli.js';
import {shownImage, userCheckCommand, userIds, userWords} from '../../knowledge/profiles/describe.js';
import {rootAgentAdvice, userVerdict} from '../../knowledge/profiles/user-verdict.js';
import {at, commandRule, insertFix, profileOf, runDocs, WHERE} from './common.js';

/**
 * `--user` where only a person can say it works: the value (`runAs`) is a suggestion the wizard
 * asks to confirm, and `fix --write` leaves the fix alone. It replaces a `--user` already given.
 */
function confirmedUser(cmd: ContainerCommand, suggestion: string, label: string, title: string, replaces?: CliOption): Fix | null {
  const removal = replaces ? removeOption(cmd, replaces) : null;
  if (!cmd.editable || (replaces && !removal)) return null;
  return {
    title,
    safety: 'unsafe',
    params: [{name: 'runAs', label, default: suggestion, validate: isUserPair}],
    needsInput: ['runAs'],
    risk: 'The process can no longer write root-owned paths or bind ports below 1024; an image that switches user itself no longer can.',
    edits: (p): Edit[] => [...(removal ? [removal] : []), insertOptions(cmd, `--user ${p.runAs || suggestion}`)],
  };
}

export const r505RootUser = commandRule({
  id: 'R505',
  name: 'run-root-user',
  severity: 'high',
  title: 'Long-running container runs as root',
  docs: runDocs({
    what: `Finds long-running container commands (detached, with a restart policy, a Swarm service, or started by a systemd unit) without \`--user\` whose image runs as root or is not known to run as another user, and \`--user root\`/\`0\`, ${WHERE}. Images that start as root and step down themselves (postgres, redis, linuxserver/*) or run as their own user are left alone, as their profiles say.`,
    why: 'A process that runs as root in a container is root on the host kernel as soon as it escapes (a kernel or runtime bug, a mounted socket).',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --user 10001:10001 --name api ghcr.io/acme/api:1.2',
    safety:
      'Unsafe: the process can no longer write root-owned paths or bind ports below 1024. The image\'s profile decides, as it does for C201 (knowledge/profiles/user-verdict.ts), and each finding says how sure it is: an image known to run as root gets `--user UID:GID` (parameters `uid`, `gid`, 10001); one that keeps data it wrote as root, an OS or language base image (its command may need root) and an image nobody knows get a `--user` a person confirms (`fix --write --unsafe` leaves it, the wizard asks; the not-known finding says how to check with `docker image inspect`); nginx-like images that need root for a low port get advice only; an image that steps down itself and also runs as its own uid (redis 999) gets an info offer to start as that uid, confirmed too. `--user root` over an image that steps down is left alone; over any other image, the user to run as waits for a person. `shipshape explain R505 --image IMAGE` shows the profile used.',
  }),
  references: [],
  links: {'docker run: --user': 'https://docs.docker.com/reference/cli/docker/container/run/#user'},
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['runAs', 'writes'],
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning) return;
    const found = profileOf(cmd);
    const verdict = userVerdict(found);
    const image = cmd.image?.value ?? '';
    const shown = shownImage(image || 'its image', found);
    const ids = `${ctx.param('uid')}:${ctx.param('gid')}`;
    const user = optionNamed(cmd, '--user').at(-1);
    if (user) {
      if (user.dynamic || !user.value || !/^(root|0)(:|$)/.test(user.value)) return;
      // Started as root, a step-down image switches to its own user as it does by default.
      if (verdict.kind === 'steps-down') return;
      const own = verdict.kind === 'own-user' ? verdict.user : null;
      yield at(cmd, `${locator} > --user`, `\`${cmd.tool} ${cmd.verb} --user ${user.value}\` runs the container as root${own ? `, although ${shown} runs as ${userWords(own)} on its own` : ''}`, {
        advice: own
          ? `Root was set on purpose, often so it can write a volume root owns: give that to ${userIds(own) ?? userWords(own)} first (\`chown -R\`), then confirm its own user.`
          : `Root was set on purpose: check what ${shown} can run as (\`${userCheckCommand(image)}\`), give what it writes to that user, then confirm it.`,
        certainty: verdict.certainty,
        fix: confirmedUser(cmd, own ? (userIds(own) ?? own.name ?? ids) : ids, 'User to run as, uid:gid (what it wrote as root must be owned by it first)', 'Run the container as a user you confirm', user),
      });
      return;
    }
    const runsAsRoot = `\`${cmd.tool} ${cmd.verb} ${image}\` runs as root: no --user, and the image runs as root by default`;
    const base = {certainty: verdict.certainty};
    switch (verdict.kind) {
      case 'own-user':
        return;
      case 'steps-down': {
        if (!verdict.ownIds) return;
        yield at(cmd, `${locator} > --user`, `\`${cmd.tool} ${cmd.verb} ${image}\` starts as root: the image switches to its own user ${userWords(verdict.runAs.user)} with ${verdict.runAs.via} itself, and can also run as ${verdict.ownIds} from the start`, {
          ...base,
          severity: 'info',
          advice: `Source: ${verdict.runAs.source}. With --user ${verdict.ownIds} it never runs as root; a new named volume is owned by ${verdict.ownIds} already, a bind-mounted data folder needs \`chown ${verdict.ownIds}\` first.`,
          fix: confirmedUser(cmd, verdict.ownIds, 'User to run as from the start, uid:gid (its data volume must be owned by it)', `Start the container as its own user ${verdict.ownIds}`),
        });
        return;
      }
      case 'root-base':
        yield at(cmd, `${locator} > --user`, runsAsRoot, {
          ...base,
          advice: `${verdict.profile.title} is a base image: what runs is the command given after it, which shipshape does not judge. If that installs packages or writes folders root owns, it needs root; otherwise confirm a user to run it as. Source: ${verdict.runAs.source}.`,
          fix: confirmedUser(cmd, ids, 'User to run as, uid:gid (what the command does as root must work as that user)', 'Run the container as a user you confirm'),
        });
        return;
      case 'root-agent':
        yield at(cmd, `${locator} > --user`, runsAsRoot, {...base, advice: rootAgentAdvice(verdict.profile)});
        return;
      case 'root-caveat':
        yield at(cmd, `${locator} > --user`, runsAsRoot, {...base, advice: `${verdict.caveat} (Source: ${verdict.runAs.source})`});
        return;
      case 'root-data':
        yield at(cmd, `${locator} > --user`, runsAsRoot, {
          ...base,
          advice: `Source: ${verdict.runAs.source}. It keeps its data in ${verdict.data.join(', ')}, written as root so far: give that to the new user (\`chown -R ${ids}\` on the volume) before it runs as that user, then confirm it.`,
          fix: confirmedUser(cmd, ids, 'User to run as, uid:gid (the data it wrote as root must be owned by it first)', 'Run the container as a user you confirm'),
        });
        return;
      case 'root': {
        const uid = param(ctx, 'uid', 'User id', isUidLike);
        const gid = param(ctx, 'gid', 'Group id', isUidLike);
        yield at(cmd, `${locator} > --user`, runsAsRoot, {
          ...base,
          advice: `Source: ${verdict.runAs.source}.`,
          fix: insertFix(cmd, 'Run the container as a non-root user', 'The process can no longer write root-owned paths or bind ports below 1024.', (p) => `--user ${valueOf(p, uid)}:${valueOf(p, gid)}`, [uid, gid]),
        });
        return;
      }
      case 'not-known':
        // No profile: whether the image runs as root, and whether it can run as another user, is not known.
        yield at(cmd, `${locator} > --user`, `\`${cmd.tool} ${cmd.verb}\` sets no --user, and the user ${shown} runs as is not known (${verdict.why}): it is root unless the image sets a USER`, {
          ...base,
          advice: `Check with \`${userCheckCommand(found.certainty === 'not-known' ? found.image : image)}\` (empty or 0 means root). If it runs as root, add --user with a uid it can run as; if it switches user itself (gosu, su-exec, s6), leave it.`,
          fix: confirmedUser(cmd, ids, 'User to run as, uid:gid (shipshape cannot know what this image can run as: check it first)', 'Run the container as a user you confirm'),
        });
    }
  },
});
