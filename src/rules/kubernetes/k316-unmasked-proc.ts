import {isMap, isSeq} from 'yaml';
import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {SAFE_SYSCTLS_SINCE} from '../../knowledge/standards/controls.js';
import {removeIn, removeItem} from '../../formats/yaml/edit.js';
import {containerRange, templateRange} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, ownPair} from '../../formats/yaml/nodes.js';
import {PSS_DOC, isFixable, opts, podManifest, podSc, sc, templatesOf, type K8sSource} from './common.js';

/** Sysctls the Baseline Pod Security Standard allows (namespaced and safe), as of Kubernetes v1.37. */
export const SAFE_SYSCTLS = new Set(Object.keys(SAFE_SYSCTLS_SINCE));

const docs = `## What it does
Reports containers with \`securityContext.procMount: Unmasked\` and pods whose
\`securityContext.sysctls\` set a sysctl outside the safe set of the Pod Security Standards.

## Why it matters
The runtime masks parts of \`/proc\` (\`/proc/kcore\`, \`/proc/sys\`, …) because they leak host
information or let a process change kernel settings; \`Unmasked\` removes that. Unsafe sysctls
change kernel behaviour for the whole node, not just the pod. The Baseline Pod Security Standard
forbids both.

## Example
${podManifest(['securityContext:', '  sysctls:', '    - name: kernel.msgmax', '      value: "65536"'], [])}

## Use instead
${podManifest(['securityContext:', '  sysctls:', '    - name: net.ipv4.ip_local_port_range', '      value: "1024 65535"'], [])}

## Fix safety
Unsafe: a program that relied on the setting behaves differently. The fix removes \`procMount: Unmasked\`
and the unsafe entries of \`sysctls\` (the list, when nothing is left). Set node-wide kernel
parameters on the nodes instead.
`;

export const k316UnmaskedProc = defineRule({
  id: 'K316',
  name: 'unmasked-proc',
  kind: 'kubernetes',
  severity: 'high',
  title: 'Unmasked /proc or unsafe sysctls',
  docs,
  references: ['kics:f922827f-aab6-447c-832a-e1ff63312bd3', 'trivy:AVD-KSV-0027', 'trivy:AVD-KSV-0026'],
  links: {
    'Pod Security Standards: /proc Mount Type, Sysctls': PSS_DOC,
    'Using sysctls in a Kubernetes Cluster': 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
  },
  controls: ['pss:baseline/proc-mount-type', 'pss:baseline/sysctls', 'pss:restricted/proc-mount-type'],
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const c of t.containers) {
        const pm = sc(c).procMount;
        if (pm === undefined || pm === null || pm === 'Default') continue;
        yield {
          ...containerRange(c),
          locator: `${c.locator} > procMount`,
          message: `${c.locator} sets procMount: ${String(pm)}; the container sees the unmasked /proc of the kernel. Remove it`,
          fix: isFixable(t, c)
            ? {
                title: 'Remove procMount',
                safety: 'unsafe' as const,
                params: [],
                edits: () => removeIn(source, c.node, ['securityContext', 'procMount'], {...opts(t), prune: true}),
              }
            : null,
        };
      }
      const sysctls = Array.isArray(podSc(t).sysctls) ? (podSc(t).sysctls as unknown[]).map(asRecord) : [];
      const unsafe = sysctls.map((s, i) => ({name: String(s.name), i})).filter((s) => !SAFE_SYSCTLS.has(s.name));
      if (unsafe.length === 0) continue;
      yield {
        ...templateRange(t),
        locator: `${t.locator} > sysctls`,
        message: `${t.locator} sets unsafe sysctls (${unsafe.map((s) => s.name).join(', ')}); they change the kernel of the node, not just the pod. Remove them`,
        fix: isFixable(t)
          ? {
              title: 'Remove unsafe sysctls',
              safety: 'unsafe' as const,
              params: [],
              edits: () => {
                const scPair = ownPair(t.spec, 'securityContext');
                const scMap = scPair ? deref(scPair.value, t.object.doc) : null;
                if (!isMap(scMap)) return [];
                if (unsafe.length === sysctls.length) return removeIn(source, t.spec, ['securityContext', 'sysctls'], {...opts(t), prune: true});
                const seqPair = ownPair(scMap, 'sysctls');
                const seq = seqPair ? deref(seqPair.value, t.object.doc) : null;
                if (!isSeq(seq)) return [];
                const edits: Edit[] = [];
                for (const s of unsafe) edits.push(...removeItem(source, seq, s.i));
                return seq.flow ? edits.slice(0, 1) : edits;
              },
            }
          : null,
      };
    }
  },
});
