import type {YAMLMap} from 'yaml';
import type {Certainty, Fix, FindingDraft} from '../../core/model.js';
import {isUidLike, isUserPair} from '../../core/params.js';
import {defineRule, param, type RuleContext} from '../../core/rule.js';
import {finalStage, stageByRef} from '../../formats/dockerfile/stages.js';
import {composeBuild, image, locator, rangeOf, services, svcRange, type Service} from '../../formats/yaml/compose.js';
import {setKey} from '../../formats/yaml/edit.js';
import {lookup, scalarOf} from '../../formats/yaml/nodes.js';
import {quoted} from '../../formats/yaml/render.js';
import {dockerfileUser, stageUser} from '../../knowledge/dockerfile-user.js';
import {builtImageOf, composeExample, composeVars, isInterpolated} from './common.js';
import {shownImage, userCheckCommand, userIds, userWords} from '../../knowledge/profiles/describe.js';
import {profileFor} from '../../knowledge/profiles/lookup.js';
import {rootAgentAdvice, userVerdict} from '../../knowledge/profiles/user-verdict.js';
import type {RunAs} from '../../knowledge/profiles/types.js';

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
Unsafe: the process may need to write to paths owned by root. The fix reads the image's profile
(\`\${VAR}\` in \`image:\` taken from the \`.env\` beside the file) and every finding says how sure it
is (known profile / inferred / not known):
- an image that runs as its own user (grafana 472, prom/prometheus 65534, bitnami 1001, pgadmin
  5050, cp-kafka, SonarQube, n8n, zipkin, …) is not reported; a \`user: root\` over it is, and the
  fix sets the image's own user back, once a person confirms it (root was set on purpose, often for
  a volume root owns, which must be given to that user first);
- an image that starts as root and switches user itself (postgres, redis, ClickHouse with
  gosu/su-exec/setpriv; linuxserver and hotio images with s6-overlay and PUID/PGID) gets no
  \`user:\`: it would stop it. Where the profile says it also runs when started as its own uid, that
  is offered as an info finding whose fix (\`user: "999:999"\`) a person confirms, since the data
  volume must be owned by that uid;
- an image known to run as root gets \`user:\` with the \`uid\`/\`gid\` parameters (10001:10001);
  where it keeps data (CockroachDB, MinIO) the user waits for a person, since what it wrote as
  root must be given to that user first; nginx-like and Apache-based images get advice only, with
  or without a \`user: root\` (they need an unprivileged variant or port), and so does a node agent
  that works on the host as root (cAdvisor, the Datadog agent, a CNI agent: that is its purpose); an
  OS or language base image run as it is (alpine,
  debian, python, …) runs the service's own command, which may need root (\`apk add\` at start),
  so its user waits for a person too, as does a \`user: root\` set on one;
- an image nobody knows is reported as "not known", with the \`docker image inspect\` command that
  tells; its fix asks a person for the user (the \`runAs\` parameter), so \`fix --write --unsafe\`
  leaves it alone and the wizard asks.
An interpolated \`user: \${UID}\` is the user's choice and is left alone; an explicit \`user: root\` on
an image nobody knows is reported, and the user to run as waits for a person too. A service built from a
Dockerfile of this repository gets no \`user:\`: it is fixed in its Dockerfile by D101 (one source of
truth for the UID; Compose then runs the image's own \`USER\`). \`shipshape explain C201 --image
IMAGE\` shows the profile used.
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
  needsInput: true,
  profileFacts: ['runAs'],
  check(src, ctx) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      const user = lookup(svc, 'user');
      const img = image(svc);
      const build = composeBuild(svc);
      const found = img && !build ? profileFor(img, {vars: composeVars(ctx.project, src)}) : null;
      const runAs = found && found.certainty !== 'not-known' ? found.profile.runAs : undefined;
      if (user) {
        const value = scalarOf(user.value);
        // `user: ${APP_UID}` is set where the file is used: the user's choice.
        if (value === null || isInterpolated(value)) continue;
        const name = value.split(':')[0]!;
        if (name !== 'root' && name !== '0') continue;
        // Started as root, a step-down image switches to its own user as it does by default.
        if (runAs?.mode === 'steps-down') continue;
        if (runAs?.mode === 'non-root') {
          const own = userIds(runAs.user) ?? runAs.user.name ?? String(runAs.user.uid);
          out.push({
            ...rangeOf(svc, user.pair),
            locator: locator(svc),
            message: `Service "${svc.name}" sets user: ${value}, so it runs as root, although ${shownImage(img!, found!)} runs as ${userWords(runAs.user)} on its own.`,
            advice: `Source: ${runAs.source}. Root was set on purpose, often so the service can write a volume or folder root owns: give that to ${own} first (\`chown -R ${own}\`), then confirm its own user.`,
            certainty: found!.certainty,
            fix: {
              ...confirmedUserFix(svc, ctx, own, `User to run as (the image's own; what it wrote as root must be owned by it first)`, user.owner),
              title: `Run service ${svc.name} as the image's own user ${userWords(runAs.user)}`,
            },
          });
          continue;
        }
        if (runAs?.mode !== 'root') {
          // Nobody knows what this image runs as, and root was chosen on purpose: a person decides.
          out.push({
            ...rangeOf(svc, user.pair),
            locator: locator(svc),
            message: `Service "${svc.name}" sets user: ${value}, so it runs as root.`,
            advice: `Root was set on purpose, and which user ${img && found ? shownImage(img, found) : (img ?? 'its image')} can run as is not known: check with \`${userCheckCommand(found && found.certainty === 'not-known' ? found.image : (img ?? 'IMAGE'))}\`, give what it writes to that user, then confirm it.`,
            certainty: 'not-known',
            fix: confirmedUserFix(svc, ctx, `${ctx.param('uid')}:${ctx.param('gid')}`, 'User to run as, uid:gid (shipshape cannot know what this image can run as: check it first)', user.owner),
          });
          continue;
        }
        // Root set on purpose over a base image: its command may need it, a person decides.
        const profile = found!.certainty !== 'not-known' ? found!.profile : null;
        const base = profile?.category === 'base';
        // An image that needs root as it is configured (nginx binds port 80 and writes its pid
        // file as root) gets advice only, as it does without `user:`: another user stops it.
        const caveat = profile?.caveat;
        out.push({
          ...rangeOf(svc, user.pair),
          locator: locator(svc),
          message: `Service "${svc.name}" sets user: ${value}, so it runs as root.`,
          ...(caveat
            ? {advice: `${caveat} (Source: ${runAs.source})`}
            : base
              ? {advice: `Root was set on purpose on a base image, whose command shipshape cannot read: if it installs packages or writes folders root owns, it needs root; otherwise confirm a user to run it as.`}
              : {}),
          certainty: found!.certainty,
          fix: caveat
            ? null
            : base
              ? confirmedUserFix(svc, ctx, `${ctx.param('uid')}:${ctx.param('gid')}`, 'User to run as, uid:gid (what the command does as root must work as that user)', user.owner)
              : rootFix(svc, ctx, user.owner),
        });
        continue;
      }
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
      if (dockerfile !== null) {
        out.push({
          ...svcRange(svc),
          locator: locator(svc),
          message: `Service "${svc.name}" sets no user:, and its Dockerfile (${dockerfile}) is not among the files checked, so which user it runs as is not known.`,
          advice: `Check ${dockerfile} for a non-root USER, or check the built image with \`${userCheckCommand(img ?? 'IMAGE')}\` (empty or 0 means root).`,
          certainty: 'not-known',
          fix: null,
        });
        continue;
      }
      if (!img || !found) continue;
      const verdict = userVerdict(found);
      const ids = `${ctx.param('uid')}:${ctx.param('gid')}`;
      const runsAsRoot = `Service "${svc.name}" runs as root: it sets no user: and ${shownImage(img, found)} runs as root.`;
      switch (verdict.kind) {
        case 'own-user':
          continue;
        case 'steps-down': {
          const offer = stepDownOffer(svc, ctx, img, verdict.runAs, verdict.certainty);
          if (offer) out.push(offer);
          continue;
        }
        case 'root-base': {
          // An OS or language image run as it is: what runs is the service's own command, which may
          // need root (`apk add` at start, writing root's folders), so the user waits for a person.
          const own = ['entrypoint', 'command'].filter((k) => lookup(svc, k));
          out.push({
            ...svcRange(svc),
            locator: locator(svc),
            message: runsAsRoot,
            advice: `${verdict.profile.title} is a base image: what runs is ${own.length ? `the service's ${own.join(' and ')}` : 'its default shell or the command it is given'}, which shipshape cannot read. If that installs packages or writes folders root owns, it needs root; otherwise confirm a user to run it as. Source: ${verdict.runAs.source}.`,
            certainty: verdict.certainty,
            fix: confirmedUserFix(svc, ctx, ids, 'User to run as, uid:gid (what the command does as root must work as that user)'),
          });
          continue;
        }
        case 'root-agent':
          out.push({...svcRange(svc), locator: locator(svc), message: runsAsRoot, advice: rootAgentAdvice(verdict.profile), certainty: verdict.certainty, fix: null});
          continue;
        case 'root-caveat':
          out.push({...svcRange(svc), locator: locator(svc), message: runsAsRoot, advice: `${verdict.caveat} (Source: ${verdict.runAs.source})`, certainty: verdict.certainty, fix: null});
          continue;
        case 'root-data':
          // What a stateful image wrote as root stays root's: another user cannot use it until a person gives it over.
          out.push({
            ...svcRange(svc),
            locator: locator(svc),
            message: runsAsRoot,
            advice: `Source: ${verdict.runAs.source}. It keeps its data in ${verdict.data.join(', ')}, written as root so far: give that to the new user (\`chown -R ${ids}\` on the volume) before it runs as that user, then confirm it.`,
            certainty: verdict.certainty,
            fix: confirmedUserFix(svc, ctx, ids, 'User to run as, uid:gid (the data it wrote as root must be owned by it first)'),
          });
          continue;
        case 'root':
          out.push({...svcRange(svc), locator: locator(svc), message: runsAsRoot, advice: `Source: ${verdict.runAs.source}.`, certainty: verdict.certainty, fix: rootFix(svc, ctx, svc.map)});
          continue;
        case 'not-known':
          // Nobody knows which user this image runs as: say so, say how to find out, and let a person decide.
          out.push({
            ...svcRange(svc),
            locator: locator(svc),
            message: `Service "${svc.name}" sets no user:, and the user ${shownImage(img, found)} runs as is not known (${verdict.why}): it is root unless the image sets a USER.`,
            advice: `Check with \`${userCheckCommand(found.certainty === 'not-known' ? found.image : img)}\` (empty or 0 means root). If it runs as root, set \`user:\` to a uid it can run as; if it switches user itself (gosu, su-exec, s6), leave it.`,
            certainty: 'not-known',
            fix: confirmedUserFix(svc, ctx, ids, 'User to run as, uid:gid (shipshape cannot know what this image can run as: check it first)'),
          });
      }
    }
    return out;
  },
});

function rootFix(svc: Service, ctx: RuleContext, owner: YAMLMap): Fix {
  return {
    title: `Run service ${svc.name} as a non-root user`,
    safety: 'unsafe',
    params: [param(ctx, 'uid', 'User id', isUidLike), param(ctx, 'gid', 'Group id', isUidLike)],
    risk: 'The process can no longer write to root-owned paths or bind ports below 1024.',
    edits: (p) => setKey(svc.src, owner, 'user', quoted(`${p.uid ?? ctx.param('uid')}:${p.gid ?? ctx.param('gid')}`), {doc: svc.doc}),
  };
}

/**
 * Setting `user:` where only a person can say it works: the value (`runAs`) is a suggestion the
 * wizard asks to confirm, and `fix --write` leaves the fix alone. Not the shared `uid` parameter:
 * what one image can run as says nothing about the others.
 */
function confirmedUserFix(svc: Service, ctx: RuleContext, suggestion: string, label: string, owner: YAMLMap = svc.map): Fix {
  return {
    title: `Run service ${svc.name} as a user you confirm`,
    safety: 'unsafe',
    params: [{name: 'runAs', label, default: suggestion, validate: isUserPair}],
    needsInput: ['runAs'],
    risk: 'The process can no longer write to root-owned paths or bind ports below 1024; an image that switches user itself no longer can.',
    edits: (p) => setKey(svc.src, owner, 'user', quoted(p.runAs || suggestion), {doc: svc.doc}),
  };
}

/**
 * An image that starts as root and switches to its own user needs no `user:`. Where its profile
 * says it also runs when started as that uid, that is offered (info): it then never runs as root,
 * but its data must be owned by that uid, which only a person can check.
 */
function stepDownOffer(svc: Service, ctx: RuleContext, img: string, runAs: Extract<RunAs, {mode: 'steps-down'}>, certainty: Certainty): FindingDraft | null {
  const ids = userIds(runAs.user);
  if (runAs.acceptsOwnUser !== true || ids === null) return null;
  const fix = confirmedUserFix(svc, ctx, ids, `User to run as from the start, uid:gid (its data volume must be owned by it)`);
  return {
    ...svcRange(svc),
    locator: locator(svc),
    severity: 'info',
    message: `Service "${svc.name}" starts as root: ${img} switches to its own user ${userWords(runAs.user)} with ${runAs.via} itself, and can also run as ${ids} from the start.`,
    advice: `Source: ${runAs.source}. With \`user: "${ids}"\` it never runs as root; a new named volume is owned by ${ids} already, a bind-mounted data folder needs \`chown ${ids}\` first.`,
    certainty,
    fix: {...fix, title: `Start service ${svc.name} as its own user ${ids}`},
  };
}
