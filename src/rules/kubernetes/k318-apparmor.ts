import {isMap, type Document, type YAMLMap} from 'yaml';
import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {keyRange, templateRange} from '../../formats/yaml/kubernetes.js';
import {removeIn, setIn} from '../../formats/yaml/edit.js';
import {asRecord, deref, ownPair} from '../../formats/yaml/nodes.js';
import {PSS_DOC, isFixable, opts, podManifest, securityContexts, siteFinding, templatesOf, type K8sSource} from './common.js';

/** The annotation Kubernetes read before the `appArmorProfile` field (v1.30); still honoured and checked. */
const ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
const OK_TYPES = new Set(['RuntimeDefault', 'Localhost']);

function annotationOk(value: unknown): boolean {
  const v = String(value ?? '');
  return v === '' || v === 'runtime/default' || v.startsWith('localhost/');
}

const docs = `## What it does
Reports a pod or container whose \`securityContext.appArmorProfile.type\` is not \`RuntimeDefault\`
or \`Localhost\` (that is, \`Unconfined\`), and a
\`container.apparmor.security.beta.kubernetes.io/<container>\` annotation with a value other than
\`runtime/default\` or \`localhost/<profile>\`.

## Why it matters
On nodes with AppArmor the runtime confines every container with its default profile, which
denies writes to \`/proc\` and \`/sys\`, mounts and raw kernel interfaces. \`Unconfined\` removes that
layer; the Baseline Pod Security Standard forbids it, and admission rejects such pods in a
namespace that enforces Baseline.

## Example
${podManifest([], ['securityContext:', '  appArmorProfile:', '    type: Unconfined'])}

## Use instead
${podManifest([], ['securityContext:', '  appArmorProfile:', '    type: RuntimeDefault'])}

## Fix safety
Unsafe: a program that needs what the default profile denies (mounting, writing kernel settings)
fails; it then needs a \`Localhost\` profile written for it. The fix sets the type to
\`RuntimeDefault\` (dropping a \`localhostProfile\` left without its type) and the annotation to
\`runtime/default\`.
`;

export const k318AppArmor = defineRule({
  id: 'K318',
  name: 'apparmor-unconfined',
  kind: 'kubernetes',
  severity: 'high',
  title: 'AppArmor confinement disabled',
  docs,
  references: ['trivy:AVD-KSV-0002'],
  links: {
    'Pod Security Standards: AppArmor': PSS_DOC,
    'Restrict a Container\'s Access to Resources with AppArmor': 'https://kubernetes.io/docs/tutorials/security/apparmor/',
  },
  controls: ['pss:baseline/apparmor', 'nsa:1.9'],
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const site of securityContexts(t)) {
        const type = asRecord(site.values.appArmorProfile).type;
        if (type === undefined || type === null || OK_TYPES.has(String(type))) continue;
        const message = {
          container: `${site.locator} runs with AppArmor profile ${String(type)}, without the runtime's confinement. Use RuntimeDefault`,
          pod: `${site.locator}: the pod's AppArmor profile is ${String(type)}; its containers run without AppArmor confinement. Use RuntimeDefault`,
        };
        yield siteFinding(site, 'appArmorProfile', message, {fix: site.fixable ? setType(source, site.owner, ['securityContext', 'appArmorProfile'], t.object.doc) : null});
      }
      const annotations = asRecord(t.metadataValue.annotations);
      for (const [key, value] of Object.entries(annotations)) {
        if (!key.startsWith(ANNOTATION) || annotationOk(value)) continue;
        const metadata = ownPair(t.template, 'metadata');
        const metaMap = metadata ? deref(metadata.value, t.object.doc) : null;
        const annPair = isMap(metaMap) ? ownPair(metaMap, 'annotations') : undefined;
        const annMap = annPair ? deref(annPair.value, t.object.doc) : null;
        const own = isMap(annMap) && ownPair(annMap, key) !== undefined;
        yield {
          ...(isMap(annMap) && own ? keyRange(annMap, key) : templateRange(t)),
          locator: `${t.locator} > annotations[${key}]`,
          message: `${t.locator}: annotation ${key} is ${JSON.stringify(String(value))}; the container runs without AppArmor confinement. Use runtime/default`,
          fix:
            isFixable(t) && isMap(annMap) && own
              ? {
                  title: 'Set the AppArmor annotation to runtime/default',
                  safety: 'unsafe' as const,
                  params: [],
                  risk: 'A program that needs what the default profile denies fails.',
                  edits: () => setIn(source, annMap, [key], 'runtime/default', opts(t)),
                }
              : null,
        };
      }
    }
  },
});

function setType(source: K8sSource, owner: YAMLMap, path: readonly string[], doc: Document.Parsed) {
  return {
    title: 'Set appArmorProfile type RuntimeDefault',
    safety: 'unsafe' as const,
    params: [],
    risk: 'A program that needs what the default profile denies fails.',
    edits: (): Edit[] => [
      ...setIn(source, owner, [...path, 'type'], 'RuntimeDefault', {doc}),
      ...removeIn(source, owner, [...path, 'localhostProfile'], {doc}),
    ],
  };
}
