import {at, commandRule, runDocs, WHERE} from './common.js';

export const r517ImageTag = commandRule({
  id: 'R517',
  name: 'run-image-tag',
  severity: 'medium',
  title: 'Container image without a tag or with latest',
  docs: runDocs({
    what: `Finds container commands whose image has no tag or digest, or the tag \`latest\`, ${WHERE}.`,
    why: 'The same command then runs whatever image the tag points to on the day it runs, or whatever stale copy the host has cached: neither reproducible nor reviewable, and an update slips in unseen.',
    bad: 'docker run -d ghcr.io/acme/api',
    good: 'docker run -d ghcr.io/acme/api:1.4.2',
    safety: 'No automatic fix: only you know which version you mean. Pin a version tag (or a digest) and update it on purpose.',
  }),
  references: [],
  links: {'docker image tag': 'https://docs.docker.com/reference/cli/docker/image/tag/'},
  controls: ['cis-docker:5.28'],
  fix: null,
  *check(cmd, _ctx, locator) {
    const image = cmd.image;
    if (!image || image.dynamic) return;
    const ref = image.value;
    if (ref.includes('@')) return;
    const last = ref.slice(ref.lastIndexOf('/') + 1);
    const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : null;
    if (tag !== null && tag !== 'latest') return;
    yield at(cmd, `${locator} > image`, `\`${cmd.tool} ${cmd.verb} ${ref}\` ${tag ? 'uses the tag latest' : 'names no tag (latest)'}: what runs changes without the command changing`, {
      advice: 'Pin a version tag or a digest (image:1.4.2, image@sha256:…).',
    });
  },
});
