import {bindMounts, locator} from '../../formats/yaml/compose.js';
import {composeExample} from './common.js';
import {serviceRule} from './service-rule.js';

const docs = `## What it does
Finds bind mounts of sensitive host paths: \`/\`, \`/etc\`, \`/root\`, \`/boot\`, \`/var/lib/docker\`,
\`/proc\`, \`/sys\`, \`/dev\`, \`/usr\`, \`/lib\`, \`/bin\`, \`/sbin\`, \`/var/run\`, \`/run\` and what is
under them. Read-only mounts of single files and of \`/proc\`/\`/sys\` (monitoring agents) are
allowed; read-only mounts of \`/\`, \`/etc\`, \`/root\`, \`/boot\` and \`/var/lib/docker\` are not.
The Docker socket is C212's.

## Why it matters
A writable mount of a host system path lets the container change the host (add a user in
/etc/passwd, a cron job, a kernel module); a read-only mount of \`/\` or \`/etc\` still leaks
credentials such as /etc/shadow and SSH keys.

## Example
${composeExample('backup', 'ghcr.io/acme/backup:1.0', ['volumes:', '  - /etc:/host/etc'])}

## Use instead
${composeExample('backup', 'ghcr.io/acme/backup:1.0', ['volumes:', '  - ./backup.conf:/etc/backup.conf:ro'])}

## Fix safety
No automatic fix: only you know which files the service needs. Mount exactly those, and \`:ro\`
where they must stay.
`;

const SENSITIVE = ['/etc', '/root', '/boot', '/var/lib/docker', '/proc', '/sys', '/dev', '/usr', '/lib', '/lib64', '/bin', '/sbin', '/var/run', '/run', '/var/log'];
const NEVER_EVEN_RO = new Set(['/', '/etc', '/root', '/boot', '/var/lib/docker']);

export const c214SensitiveHostMount = serviceRule({
  id: 'C214',
  name: 'sensitive-host-mount',
  severity: 'high',
  title: 'Sensitive host path mounted',
  docs,
  references: ['kics:1c1325ff-831d-43a1-973e-839ae57dfcc0'],
  links: {
    'Bind mounts': 'https://docs.docker.com/engine/storage/bind-mounts/',
  },
  controls: ['cis-docker:5.6'],
  fix: null,
  *checkService(svc) {
    for (const m of bindMounts(svc)) {
      const path = m.source === '/' ? '/' : m.source.replace(/\/+$/, '');
      if (/docker\.sock$/.test(path)) continue;
      const sensitive = path === '/' || SENSITIVE.some((s) => path === s || path.startsWith(`${s}/`));
      if (!sensitive) continue;
      if (m.readOnly && !NEVER_EVEN_RO.has(path)) continue;
      yield {
        start: m.start,
        end: m.end,
        locator: locator(svc, `volumes[${m.source}]`),
        message: `Service "${svc.name}" mounts the host path ${m.source}${m.readOnly ? ' (read-only)' : ' writable'}: the container can ${m.readOnly ? 'read host secrets' : 'change the host'} through it.`,
        advice: 'Mount only the files the service needs, and add :ro where they must stay.',
        fix: null,
      };
    }
  },
});
