import {optionNamed, type ContainerCommand} from '../../formats/commands/docker-cli.js';
import {writablePaths} from '../../knowledge/compose-images.js';
import {at, commandRule, insertFix, isService, param, profileOf, runDocs, valueOf, WHERE} from './common.js';

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
    safety: 'Unsafe: a service that writes outside its volumes and tmpfs mounts fails, so the fix is offered only for images whose profile lists every path they write. It adds `--read-only` and a `--tmpfs` for `/tmp` (parameter `writablePaths`) and for the scratch paths the image\'s profile lists, skipping paths already mounted; for `docker service create` the tmpfs is a `--mount type=tmpfs`.',
  }),
  references: [],
  links: {'docker run: --read-only': 'https://docs.docker.com/reference/cli/docker/container/run/#read-only'},
  controls: ['cis-docker:5.13'],
  fix: 'unsafe',
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning) return;
    if (optionNamed(cmd, '--read-only').some((o) => o.value === null || /^(true|1)$/.test(o.value))) return;
    const paths = param(ctx, 'writablePaths', 'Writable paths (comma-separated)');
    const mounted = mountedTargets(cmd);
    const text = (p: Readonly<Record<string, string>>) => {
      const wanted = [...valueOf(p, paths).split(',').map((s) => s.trim()).filter(Boolean), ...(cmd.image && !cmd.image.dynamic ? writablePaths(cmd.image.value) : [])];
      const tmpfs = [...new Set(wanted)].filter((w) => !mounted.has(w));
      return ['--read-only', ...tmpfs.map((t) => (isService(cmd) ? `--mount type=tmpfs,destination=${t}` : `--tmpfs ${t}`))].join(' ');
    };
    // Only where the image's profile lists every path it writes: elsewhere a read-only root may stop it.
    const found = profileOf(cmd);
    const complete = found.certainty !== 'not-known' && found.profile.writes?.complete === true;
    yield at(cmd, `${locator} > --read-only`, `\`${cmd.tool} ${cmd.verb}\` runs with a writable root file system (no --read-only)`, {
      ...(complete ? {} : {advice: `Which paths ${cmd.image?.value ?? 'the image'} writes is not known: add --read-only with a --tmpfs (or a volume) for each, after checking (docker diff on a running container lists them).`}),
      fix: !complete ? null : insertFix(cmd, 'Add --read-only with tmpfs mounts for the writable paths', 'A service that writes outside its volumes and tmpfs mounts fails.', text, [paths]),
    });
  },
});
