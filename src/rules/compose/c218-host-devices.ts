import {lookup, scalarOf, seqStrings} from '../../formats/yaml/nodes.js';
import {isMap} from 'yaml';
import {composeExample} from './common.js';
import {serviceFinding, serviceRule} from './service-rule.js';

/** Devices that give the container the host's memory, disks or kernel: never a service's need. */
const DANGEROUS = /^\/dev\/(mem|kmem|port|sd[a-z]|nvme\d|vd[a-z]|xvd[a-z]|hd[a-z]|disk\/|mapper\/|dm-\d|loop|kmsg)/;

const docs = `## What it does
Finds services that pass host devices into the container (\`devices:\`) or open device access with
\`device_cgroup_rules:\`.

## Why it matters
A device node is a door into the host kernel: a block device gives the container the host's disks,
\`/dev/mem\` its memory, a GPU or USB device its drivers' bugs. By default the container may also
create (\`mknod\`) further nodes for that device.

## Example
${composeExample('backup', 'ghcr.io/acme/backup:1.2', ['devices:', '  - /dev/sda:/dev/sda'])}

## Use instead
${composeExample('backup', 'ghcr.io/acme/backup:1.2', ['volumes:', '  - backup-data:/data'])}

## Fix safety
No automatic fix: only the service's owner knows which device it really needs. Keep the devices it
must have, with the narrowest permissions (\`/dev/ttyUSB0:/dev/ttyUSB0:r\` or \`rw\`, without \`m\`),
and never a disk, \`/dev/mem\` or \`/dev/kmsg\`.
`;

export const c218HostDevices = serviceRule({
  id: 'C218',
  name: 'host-devices',
  severity: 'medium',
  title: 'Host devices passed into the container',
  docs,
  references: [],
  links: {'Compose file reference: devices': 'https://docs.docker.com/reference/compose-file/services/#devices'},
  controls: ['cis-docker:5.18'],
  fix: null,
  *checkService(svc) {
    for (const key of ['devices', 'device_cgroup_rules'] as const) {
      const found = lookup(svc, key);
      if (!found) continue;
      const items = seqStrings(found.value);
      const names = items.map((i) => i.text ?? (isMap(i.node) ? scalarOf(i.node.get('source', true)) : null) ?? '?');
      if (names.length === 0) continue;
      const dangerous = names.filter((n) => DANGEROUS.test(n));
      const message =
        key === 'devices'
          ? `Service "${svc.name}" gets host devices (${names.join(', ')})${dangerous.length ? `; ${dangerous.join(', ')} give it the host's disks, memory or kernel log` : ''}.`
          : `Service "${svc.name}" opens device access with device_cgroup_rules (${names.join(', ')}).`;
      yield serviceFinding(svc, found.pair, key, message, {advice: 'Keep only the devices the service needs, with permissions r or rw (no m), and never a disk or /dev/mem.'});
    }
  },
});
