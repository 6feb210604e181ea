import {isMap, isSeq, type YAMLMap} from 'yaml';
import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {addEntries, appendIn, removeIn, removeItem, setIn} from '../../formats/yaml/edit.js';
import {containerRange, type ContainerRef, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {deref, ownPair} from '../../formats/yaml/nodes.js';
import {flow, type YValue} from '../../formats/yaml/render.js';
import {PSS_DOC, containerPorts, isFixable, opts, podManifest, sc, setContainerSc, templatesOf, type K8sSource} from './common.js';

const ALLOWED = 'NET_BIND_SERVICE';

function norm(cap: unknown): string {
  return String(cap).toUpperCase().replace(/^CAP_/, '');
}

function capsFix(source: K8sSource, t: PodTemplate, c: ContainerRef, needsBind: boolean): Edit[] {
  const doc = t.object.doc;
  const scPair = ownPair(c.node, 'securityContext');
  const scMap = scPair ? deref(scPair.value, doc) : null;
  const capsPair = isMap(scMap) ? ownPair(scMap, 'capabilities') : undefined;
  const caps = capsPair ? deref(capsPair.value, doc) : null;
  if (!isMap(caps) || caps.items.length === 0) {
    const value: Record<string, YValue> = {drop: flow(['ALL'])};
    if (needsBind) value.add = flow([ALLOWED]);
    return setContainerSc(source, t, c, ['capabilities'], value);
  }
  const capsMap = caps as YAMLMap;
  const drop = ownPair(capsMap, 'drop');
  const addPair = ownPair(capsMap, 'add');
  const addSeq = addPair ? deref(addPair.value, doc) : null;
  const have = isSeq(addSeq) ? addSeq.items.map((i) => norm((deref(i as never, doc) as {value?: unknown} | null)?.value)) : [];
  const desired: string[] = have.filter((x) => x === ALLOWED);
  if (needsBind && !desired.includes(ALLOWED)) desired.push(ALLOWED);
  const uniqueDesired = [...new Set(desired)];
  const edits: Edit[] = [];
  const dropValues = (() => {
    const d = drop ? deref(drop.value, doc) : null;
    return isSeq(d) ? d.items.map((i) => norm((deref(i as never, doc) as {value?: unknown} | null)?.value)) : [];
  })();
  const needDrop = !dropValues.includes('ALL');
  if (!drop && !addPair && uniqueDesired.length > 0) {
    return addEntries(source, capsMap, {drop: flow(['ALL']), add: flow(uniqueDesired)}, opts(t));
  }
  if (needDrop) edits.push(...appendIn(source, capsMap, ['drop'], flow(['ALL']), opts(t)));
  const addChanged = have.length !== uniqueDesired.length || have.some((x) => !uniqueDesired.includes(x));
  if (addChanged) {
    if (uniqueDesired.length === 0) edits.push(...removeIn(source, capsMap, ['add'], opts(t)));
    else if (!addPair || !isSeq(addSeq)) edits.push(...appendIn(source, capsMap, ['add'], flow(uniqueDesired), opts(t)));
    else if (!addSeq.flow && have.includes(ALLOWED)) {
      addSeq.items.forEach((item, i) => {
        if (norm((deref(item as never, doc) as {value?: unknown} | null)?.value) !== ALLOWED) edits.push(...removeItem(source, addSeq, i));
      });
    } else if (!addSeq.flow && !have.includes(ALLOWED) && have.length === 0) {
      edits.push(...appendIn(source, capsMap, ['add'], [ALLOWED], opts(t)));
    } else {
      edits.push(...setIn(source, capsMap, ['add'], flow(uniqueDesired), opts(t)));
    }
  }
  return edits;
}

const docs = `## What it does
Reports every container whose \`securityContext.capabilities.drop\` does not contain \`ALL\`, or
whose \`capabilities.add\` holds anything but \`NET_BIND_SERVICE\`.

## Why it matters
Container runtimes grant a default set of capabilities (\`NET_RAW\` for packet spoofing, \`CHOWN\`,
\`SETUID\`, …) that most applications never use, and added ones such as \`SYS_ADMIN\` or
\`NET_ADMIN\` make escapes easier. The Restricted Pod Security Standard requires dropping \`ALL\`
and allows adding back only \`NET_BIND_SERVICE\`.

## Example
${podManifest([], ['securityContext:', '  capabilities:', '    add: [NET_ADMIN]'])}

## Use instead
${podManifest([], ['securityContext:', '  capabilities:', '    drop: [ALL]'])}

## Fix safety
Unsafe: a program that needs a capability fails when it uses it. The fix adds \`drop: [ALL]\` (or
\`ALL\` to an existing \`drop\` list), removes added capabilities other than \`NET_BIND_SERVICE\`,
and adds \`NET_BIND_SERVICE\` back for a container that listens on a port below 1024.
`;

export const k304Capabilities = defineRule({
  id: 'K304',
  name: 'capabilities',
  kind: 'kubernetes',
  severity: 'medium',
  title: 'Container keeps Linux capabilities it does not need',
  docs,
  references: ['checkov:CKV_K8S_28', 'checkov:CKV_K8S_37', 'kics:268ca686-7fb7-4ae9-b129-955a2a89064e', 'trivy:AVD-KSV-0003'],
  links: {
    'Pod Security Standards: Capabilities': PSS_DOC,
    'capabilities(7)': 'https://man7.org/linux/man-pages/man7/capabilities.7.html',
  },
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const c of t.containers) {
        const caps = (sc(c).capabilities ?? {}) as {drop?: unknown; add?: unknown};
        const drop = Array.isArray(caps.drop) ? caps.drop.map(norm) : [];
        const add = Array.isArray(caps.add) ? caps.add.map(norm) : [];
        const extra = add.filter((x) => x !== ALLOWED);
        const noDrop = !drop.includes('ALL');
        if (!noDrop && extra.length === 0) continue;
        const needsBind = containerPorts(c).some((p) => p > 0 && p < 1024) || add.includes(ALLOWED);
        const parts: string[] = [];
        if (noDrop) parts.push('does not drop ALL capabilities');
        if (extra.length > 0) parts.push(`adds ${extra.join(', ')}`);
        yield {
          ...containerRange(c),
          locator: c.locator,
          message: `${c.locator} ${parts.join(' and ')}; a compromised process keeps kernel privileges it does not need. Drop ALL and add back only NET_BIND_SERVICE`,
          fix: isFixable(t, c)
            ? {
                title: needsBind ? 'Drop ALL capabilities, keep NET_BIND_SERVICE (port below 1024)' : 'Drop ALL capabilities',
                safety: 'unsafe' as const,
                params: [],
                risk: 'A program that needs a dropped capability fails when it uses it.',
                edits: () => capsFix(source, t, c, needsBind),
              }
            : null,
        };
      }
    }
  },
});
