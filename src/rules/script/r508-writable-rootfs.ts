import {optionNamed, type ContainerCommand} from '../../formats/commands/docker-cli.js';
import {valueOf} from '../../core/params.js';
import {param} from '../../core/rule.js';
import {judgeImageWrites} from '../../knowledge/image-writes.js';
import {shownImage} from '../../knowledge/profiles/describe.js';
import {at, commandRule, insertFix, isService, profileOf, runDocs, WHERE} from './common.js';

/** Container paths the command already mounts (`-v x:/data`, `--tmpfs /run`, `--mount …target=/x`). */
function mountedTargets(cmd: ContainerCommand): Set<string> {
  const out = new Set<string>();
  for (const o of optionNamed(cmd, '--volume', '--tmpfs', '--mount')) {
    const v = o.value ?? '';
    if (o.name === '--volume') out.add(v.split(':')[1] ?? v);
    else if (o.name === '--tmpfs') out.add(v.split(':')[0]!);
    else out.add(/(?:^|,)(?:target|destination|dst)=([^,]+)/.exec(v)?.[1] ?? '');
  }
  return out;
}

export const r508WritableRootfs = commandRule({
  id: 'R508',
  name: 'run-writable-rootfs',
  severity: 'medium',
  title: 'Long-running container with a writable root file system',
  docs: runDocs({
    what: `Finds long-running container commands without \`--read-only\`, ${WHERE}.`,
    why: 'An attacker who gets code execution in the container can rewrite its programs and drop tools into it; a read-only root file system keeps the image as it was built, with writable space only where the service needs it.',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --read-only --tmpfs /tmp --name api ghcr.io/acme/api:1.2',
    safety:
      'Unsafe: a service that writes outside its volumes and tmpfs mounts fails. The fix adds `--read-only` and a `--tmpfs` for `/tmp` (parameter `writablePaths`) and for the scratch paths the image\'s profile lists (`/var/run/postgresql`, nginx\'s cache), skipping paths already mounted; for `docker service create` the tmpfs is a `--mount type=tmpfs`. The image\'s profile is judged as C206 judges it (knowledge/image-writes.ts): for an image nobody knows, or one whose data path has no volume here, the writable paths are a suggestion a person confirms (`fix --write --unsafe` leaves it, the wizard asks); an image that writes its configuration into itself at start gets guidance only. A run in the foreground (a build, a test, a one-off tool) is not reported: only detached, restarted, Swarm and systemd-started containers are. `shipshape explain R508 --image IMAGE` shows the profile used.',
  }),
  references: [],
  links: {'docker run: --read-only': 'https://docs.docker.com/reference/cli/docker/container/run/#read-only'},
  controls: ['cis-docker:5.13'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['writes'],
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning) return;
    if (optionNamed(cmd, '--read-only').some((o) => o.value === null || /^(true|1)$/.test(o.value))) return;
    const mounted = mountedTargets(cmd);
    const found = profileOf(cmd);
    const judged = judgeImageWrites(found, shownImage(cmd.image?.value ?? 'its image', found), [...mounted], '--read-only');
    const message = `\`${cmd.tool} ${cmd.verb}\` runs with a writable root file system (no --read-only)`;
    const certainty = judged.certainty ? {certainty: judged.certainty} : {};
    if (judged.blocked) {
      yield at(cmd, `${locator} > --read-only`, message, {...certainty, advice: judged.blocked});
      return;
    }
    const suggested = [...new Set([...ctx.param('writablePaths').split(','), ...judged.scratch].map((s) => s.trim()).filter(Boolean))].join(',');
    const paths = judged.ask
      ? {name: 'writablePaths', label: 'Writable paths, comma-separated (shipshape cannot know every path this container writes: check them first)', default: suggested}
      : param(ctx, 'writablePaths', 'Writable paths (comma-separated)');
    const text = (p: Readonly<Record<string, string>>) => {
      const wanted = [...valueOf(p, paths).split(','), ...(judged.ask ? [] : judged.scratch)].map((s) => s.trim()).filter(Boolean);
      const tmpfs = [...new Set(wanted)].filter((w) => !mounted.has(w));
      // podman mounts a tmpfs over a folder of the image as 755 root, which a program that switched to its own user cannot write (C206 says the same).
      const mode = (t: string) => (cmd.tool === 'podman' && !/^\/(var\/)?tmp$/.test(t) ? ':mode=1777' : '');
      return ['--read-only', ...tmpfs.map((t) => (isService(cmd) ? `--mount type=tmpfs,destination=${t}` : `--tmpfs ${t}${mode(t)}`))].join(' ');
    };
    const fix = insertFix(cmd, 'Add --read-only with tmpfs mounts for the writable paths', 'A service that writes outside its volumes and tmpfs mounts fails.', text, [paths]);
    yield at(cmd, `${locator} > --read-only`, message, {
      ...certainty,
      ...(judged.ask ? {advice: judged.ask} : {}),
      fix: fix && judged.ask ? {...fix, needsInput: ['writablePaths']} : fix,
    });
  },
});
