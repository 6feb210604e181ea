import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {locator, runsContainer, services, svcRange} from '../../formats/yaml/compose.js';
import {appendIn} from '../../formats/yaml/edit.js';
import {lookup, seqStrings} from '../../formats/yaml/nodes.js';
import {quoted, renderScalar} from '../../formats/yaml/render.js';
import {detectStyle} from '../../formats/yaml/style.js';
import {composeExample, matchedServiceProfile} from './common.js';

const docs = `## What it does
Finds services whose \`security_opt\` lacks \`no-new-privileges:true\`.

## Why it matters
Without it a process can gain privileges through setuid binaries (\`su\`, \`ping\`, …) or file
capabilities, even when it starts as a non-root user.

## Example
${composeExample('web', 'ghcr.io/acme/web:2.0')}

## Use instead
${composeExample('web', 'ghcr.io/acme/web:2.0', ['security_opt:', '  - "no-new-privileges:true"'])}

## Fix safety
Unsafe: an entrypoint that relies on \`su\`/\`sudo\` or setuid helpers to switch users stops working
(gosu and su-exec, which the official database images use, keep working: they drop privileges).
An image whose profile says it uses setuid tools on purpose (LinuxServer's rdesktop: its desktop
user has passwordless sudo) gets the finding with advice and no fix. The fix appends to an existing \`security_opt\` (block or flow) or creates it, and turns
\`no-new-privileges:false\` into \`true\`.
`;

const NNP = /^no-new-privileges(?:[:=](true|false))?$/i;

export const c204NoNewPrivileges = defineRule({
  id: 'C204',
  name: 'no-new-privileges',
  kind: 'compose',
  severity: 'medium',
  title: 'no-new-privileges not set',
  docs,
  references: ['kics:27fcc7d6-c49b-46e0-98f1-6c082a6a2750', 'kics:610e266e-6c12-4bca-9925-1ed0cd29742b'],
  links: {
    'docker run --security-opt': 'https://docs.docker.com/reference/cli/docker/container/run/#security-opt',
  },
  controls: ['cis-docker:5.26'],
  fix: 'unsafe',
  profileFacts: ['confinement'],
  check(src, ctx) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      if (!runsContainer(svc)) continue;
      const opt = lookup(svc, 'security_opt');
      const items = seqStrings(opt?.value);
      const nnp = items.find((i) => NNP.test(i.text ?? ''));
      if (nnp && !/false$/i.test(nnp.text!)) continue;
      const found = matchedServiceProfile(svc, ctx.project);
      const setuid = found?.profile.confinement?.setuidTools;
      if (setuid) {
        out.push({
          ...svcRange(svc),
          locator: locator(svc),
          certainty: found.certainty,
          message: `Service "${svc.name}" does not set no-new-privileges, and ${found.profile.title} relies on setuid tools: ${setuid}.`,
          advice: `Kept as it is: no-new-privileges would take that away. Where nobody needs those tools in the container, add \`no-new-privileges:true\` yourself. Source: ${found.profile.confinement!.source}.`,
        });
        continue;
      }
      out.push({
        ...svcRange(svc),
        locator: locator(svc),
        message: nnp
          ? `Service "${svc.name}" sets ${nnp.text}: its processes can gain privileges through setuid binaries.`
          : `Service "${svc.name}" does not set no-new-privileges: its processes can gain privileges through setuid binaries.`,
        fix: {
          title: 'Add security_opt no-new-privileges:true',
          safety: 'unsafe',
          params: [],
          risk: 'Entrypoints that switch users with su/sudo or setuid helpers stop working.',
          edits: () => {
            if (nnp?.node?.range) {
              const style = detectStyle(src, src.docs);
              return [{file: src.path, start: nnp.node.range[0], end: nnp.node.range[1], text: renderScalar(quoted('no-new-privileges:true'), style)}];
            }
            return appendIn(src, opt ? opt.owner : svc.map, ['security_opt'], [quoted('no-new-privileges:true')], {doc: svc.doc});
          },
        },
      });
    }
    return out;
  },
});
