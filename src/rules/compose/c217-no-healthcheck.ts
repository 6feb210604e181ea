import {buildDockerfile, image, locator, rangeOf, svcRange} from '../../formats/yaml/compose.js';
import {setKey} from '../../formats/yaml/edit.js';
import {asRecord, lookup, toValue} from '../../formats/yaml/nodes.js';
import {flow} from '../../formats/yaml/render.js';
import {suggestedHealthcheck} from '../../knowledge/compose-images.js';
import {composeExample} from './common.js';
import {serviceRule} from './service-rule.js';

const docs = `## What it does
Finds services without a \`healthcheck\` whose image defines none (a service built here counts as
checked when its Dockerfile's final stage has a \`HEALTHCHECK\`).

## Why it matters
Without a healthcheck a hung process counts as running: \`depends_on: condition: service_healthy\`
cannot wait for it, and nothing notices that it stopped answering.

## Example
${composeExample('db', 'postgres:16')}

## Use instead
${composeExample('db', 'postgres:16', ['healthcheck:', '  test: [CMD-SHELL, pg_isready -U postgres]', '  interval: 30s', '  timeout: 5s', '  retries: 3'])}

## Fix safety
Needs input: only you know how to check the service, so the fix asks for the command (parameter
\`healthcheck\`, suggested for well-known images such as postgres, mysql, redis, mongo) and
\`fix --write\` leaves it alone. \`healthcheck: {disable: true}\` (or \`test: [NONE]\`) counts as no
healthcheck: it also turns off the image's own \`HEALTHCHECK\`; the fix replaces it.
`;

function isDisabled(value: unknown): boolean {
  const hc = asRecord(value);
  if (hc.disable === true) return true;
  const test = hc.test;
  return (Array.isArray(test) && String(test[0]).toUpperCase() === 'NONE') || (typeof test === 'string' && test.trim().toUpperCase() === 'NONE');
}

export const c217NoHealthcheck = serviceRule({
  id: 'C217',
  name: 'no-healthcheck',
  severity: 'info',
  title: 'No healthcheck',
  docs,
  references: ['kics:698ed579-b239-4f8f-a388-baa4bcb13ef8'],
  links: {
    'Compose file reference: healthcheck': 'https://docs.docker.com/reference/compose-file/services/#healthcheck',
  },
  controls: ['cis-docker:5.27'],
  fix: 'safe',
  needsInput: true,
  *checkService(svc, src, ctx) {
    const healthcheck = lookup(svc, 'healthcheck');
    // `disable: true` (or `test: [NONE]`) also turns off the image's HEALTHCHECK: no check at all.
    const disabled = healthcheck !== undefined && isDisabled(toValue(healthcheck.value, svc.doc));
    if (healthcheck && !disabled) return;
    const img = image(svc);
    const dockerfile = buildDockerfile(svc);
    const df = dockerfile ? ctx.project.get(dockerfile) : undefined;
    if (!disabled && df && df.kind === 'dockerfile') {
      const final = df.dockerfile.stages.at(-1);
      if (final?.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK')) return;
    }
    if (!img && !dockerfile) return;
    yield {
      ...(disabled ? rangeOf(svc, healthcheck!.pair) : svcRange(svc)),
      locator: locator(svc, 'healthcheck'),
      message: disabled
        ? `Service "${svc.name}" disables its healthcheck (and the image's): a hung process counts as running.`
        : `Service "${svc.name}" has no healthcheck: a hung process counts as running.`,
      fix: {
        title: 'Add a healthcheck',
        safety: 'safe',
        params: [{name: 'healthcheck', label: 'Healthcheck command (run in the container)', default: suggestedHealthcheck(img)}],
        needsInput: ['healthcheck'],
        edits: (p) => {
          if (!p.healthcheck) return [];
          return setKey(src, svc.map, 'healthcheck', {test: flow(['CMD-SHELL', p.healthcheck]), interval: '30s', timeout: '5s', retries: 3}, {doc: svc.doc});
        },
      },
    };
  },
});
