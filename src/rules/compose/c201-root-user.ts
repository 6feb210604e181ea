import type {FindingDraft} from '../../core/model.js';
import {isUidLike} from '../../core/params.js';
import {defineRule, param} from '../../core/rule.js';
import {finalStage, stageByRef} from '../../formats/dockerfile/stages.js';
import {composeBuild, image, locator, rangeOf, services, svcRange} from '../../formats/yaml/compose.js';
import {setKey} from '../../formats/yaml/edit.js';
import {lookup, scalarOf} from '../../formats/yaml/nodes.js';
import {quoted} from '../../formats/yaml/render.js';
import {dockerfileUser, stageUser} from '../../knowledge/dockerfile-user.js';
import {dropsPrivileges, nonRootCaveat, runsNonRootByDefault} from '../../knowledge/images.js';
import {builtImageOf, composeExample} from './common.js';

const docs = `## What it does
Finds Compose services that run as root: no \`user:\`, an image that is not known to run as a
non-root user, and (for a service built here) a Dockerfile whose final stage runs as root.
A \`user:\` of \`root\` or \`0\` is reported too.

## Why it matters
A process running as root inside the container is root on the host's kernel: a container escape
or a writable host mount then gives an attacker full control.

## Example
${composeExample('app', 'python:3.12-slim', ['command: python -m http.server 8000'])}

## Use instead
${composeExample('app', 'python:3.12-slim', ['command: python -m http.server 8000', 'user: "10001:10001"'])}

## Fix safety
Unsafe: the process may need to write to paths owned by root. The fix sets \`user:\` to the
\`uid\`/\`gid\` parameters (10001:10001). Images that start as root and drop privileges themselves
(postgres, mysql, mariadb, redis, mongo, …) are not reported. A service built from a Dockerfile of
this repository gets no \`user:\`: it is fixed in its Dockerfile by D101 (one source of truth for
the UID; Compose then runs the image's own \`USER\`). nginx-like images are reported with advice
only (they need an unprivileged variant), and so are the Apache variants of the PHP images
(\`php:*-apache\`, wordpress, drupal, joomla, nextcloud): Apache binds port 80 as root.
`;

export const c201RootUser = defineRule({
  id: 'C201',
  name: 'root-user',
  kind: 'compose',
  severity: 'high',
  title: 'Service runs as root',
  docs,
  references: [],
  links: {
    'Compose file reference: user': 'https://docs.docker.com/reference/compose-file/services/#user',
  },
  fix: 'unsafe',
  check(src, ctx) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      const user = lookup(svc, 'user');
      const img = image(svc);
      if (user) {
        const value = scalarOf(user.value);
        if (value === null) continue;
        const name = value.split(':')[0]!;
        if (name !== 'root' && name !== '0') continue;
        out.push({
          ...rangeOf(svc, user.pair),
          locator: locator(svc),
          message: `Service "${svc.name}" sets user: ${value}, so it runs as root.`,
          fix: rootFix(svc, ctx, user.owner),
        });
        continue;
      }
      const build = composeBuild(svc);
      const dockerfile = build?.dockerfile ?? null;
      const built = dockerfile ? ctx.project.get(dockerfile) : undefined;
      if (dockerfile && built?.kind === 'dockerfile') {
        // `build.target` runs an earlier stage, which D101 (final stage only) does not harden.
        const target = build!.target;
        const stage = target ? stageByRef(built.dockerfile, target) : null;
        if (stage && stage !== finalStage(built.dockerfile)) {
          const u = stageUser(built.dockerfile, stage);
          if (!u || u.kind !== 'root') continue;
          out.push({
            ...svcRange(svc),
            locator: locator(svc),
            message: `Service "${svc.name}" builds stage "${target}" of ${dockerfile} (build.target), and that stage runs as root.`,
            advice: `D101 hardens only the final stage. Add a numeric non-root USER to stage "${target}" (after the steps that need root), or set \`user:\` on the service.`,
            fix: null,
          });
          continue;
        }
        const u = dockerfileUser(ctx.project, dockerfile);
        if (!u || u.kind !== 'root') continue;
        const caveat = builtImageOf(svc, ctx.project)?.caveat;
        out.push({
          ...svcRange(svc),
          locator: locator(svc),
          message: `Service "${svc.name}" is built from ${dockerfile}, whose final stage runs as root.`,
          advice: caveat
            ? `${caveat} (D101 on ${dockerfile} says the same; the Compose fixes give it only the capabilities and writable paths it needs.)`
            : `Fix it in ${dockerfile} (D101: a numeric non-root USER); Compose then runs the image as that user. No \`user:\` is added here, so the UID has one source of truth.`,
          fix: null,
        });
        continue;
      }
      if (dockerfile === null && !img) continue;
      if (img && (runsNonRootByDefault(img) || dropsPrivileges(img))) continue;
      if (img && /\$\{?/.test(img)) continue;
      const caveat = img ? nonRootCaveat(img) : null;
      out.push({
        ...svcRange(svc),
        locator: locator(svc),
        message: `Service "${svc.name}" runs as root: it sets no user: and ${img ? `the image ${img} is not known to run as a non-root user` : dockerfile ? `its Dockerfile (${dockerfile}) is not in the files checked` : 'its image is not built here'}.`,
        ...(caveat ? {advice: caveat, fix: null} : {fix: rootFix(svc, ctx, svc.map)}),
      });
    }
    return out;
  },
});

function rootFix(svc: ReturnType<typeof services>[number], ctx: Parameters<typeof c201RootUser.check>[1], owner: import('yaml').YAMLMap) {
  return {
    title: `Run service ${svc.name} as a non-root user`,
    safety: 'unsafe' as const,
    params: [param(ctx, 'uid', 'User id', isUidLike), param(ctx, 'gid', 'Group id', isUidLike)],
    risk: 'The process can no longer write to root-owned paths or bind ports below 1024.',
    edits: (p: Readonly<Record<string, string>>) => setKey(svc.src, owner === svc.map ? svc.map : svc.map, 'user', quoted(`${p.uid ?? ctx.param('uid')}:${p.gid ?? ctx.param('gid')}`), {doc: svc.doc}),
  };
}
