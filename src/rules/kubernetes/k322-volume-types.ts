import {isMap, isSeq} from 'yaml';
import {defineRule} from '../../core/rule.js';
import {RESTRICTED_VOLUME_TYPES} from '../../knowledge/standards/controls.js';
import {templateRange} from '../../formats/yaml/kubernetes.js';
import {asRecord, lookup} from '../../formats/yaml/nodes.js';
import {PSS_DOC, podManifest, templatesOf, type K8sSource} from './common.js';

const ALLOWED = new Set([...RESTRICTED_VOLUME_TYPES, 'hostPath', 'name']);

const docs = `## What it does
Reports pod volumes of a type the Restricted Pod Security Standard does not allow inline: \`nfs\`,
\`iscsi\`, \`rbd\`, \`cephfs\`, \`glusterfs\`, \`gitRepo\`, \`flexVolume\`, cloud disks and the other
volume plugins. (\`hostPath\` is K309's.)

## Why it matters
An inline volume source lets whoever writes the pod mount any export or disk the node can reach,
with credentials in the pod spec, and \`gitRepo\` runs \`git\` on the node. Restricted allows only the
core types (\`configMap\`, \`secret\`, \`emptyDir\`, \`projected\`, \`downwardAPI\`, \`csi\`,
\`ephemeral\`, \`image\`) and \`persistentVolumeClaim\`, so storage comes through volumes a cluster
administrator created.

## Example
${podManifest(['volumes:', '  - name: data', '    nfs:', '      server: nfs.internal', '      path: /exports/api'], [])}

## Use instead
${podManifest(['volumes:', '  - name: data', '    persistentVolumeClaim:', '      claimName: api-data'], [])}

## Fix safety
No automatic fix: the storage must be declared as a PersistentVolume (with its PersistentVolumeClaim)
by whoever runs the cluster; for \`gitRepo\`, clone into an \`emptyDir\` from an init container.
`;

export const k322VolumeTypes = defineRule({
  id: 'K322',
  name: 'volume-types',
  kind: 'kubernetes',
  severity: 'medium',
  title: 'Volume type not allowed by the Restricted standard',
  docs,
  references: ['trivy:AVD-KSV-0028'],
  links: {
    'Pod Security Standards: Volume Types': PSS_DOC,
    'Persistent Volumes': 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/',
  },
  controls: ['pss:restricted/volume-types'],
  fix: null,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const volumes = lookup(t.object.doc, t.spec, 'volumes')?.value;
      const items = isSeq(volumes) ? volumes.items : [];
      const plain = Array.isArray(t.specValue.volumes) ? t.specValue.volumes : [];
      for (const [i, raw] of plain.entries()) {
        const volume = asRecord(raw);
        const types = Object.keys(volume).filter((k) => !ALLOWED.has(k));
        if (types.length === 0) continue;
        const node = items[i];
        const range = isMap(node) && node.range ? {start: node.range[0], end: node.range[1]} : templateRange(t);
        const name = typeof volume.name === 'string' ? volume.name : String(i);
        yield {
          ...range,
          end: Math.min(range.end, source.text.indexOf('\n', range.start) === -1 ? range.end : source.text.indexOf('\n', range.start)),
          locator: `${t.locator} > volumes[${name}]`,
          message: `${t.locator}: volume "${name}" uses ${types.join('/')}, a volume type the Restricted standard does not allow inline (only core types and PersistentVolumeClaims)`,
          advice: types.includes('gitRepo')
            ? 'Clone the repository into an emptyDir from an init container instead of a gitRepo volume.'
            : 'Declare the storage as a PersistentVolume and mount it through a persistentVolumeClaim.',
        };
      }
    }
  },
});
