import {isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap} from 'yaml';
import type {Edit, FixParam} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import {defineRule} from '../../core/rule.js';
import {valueOf} from '../../core/params.js';
import {addEntries, appendIn, appendItems, removeIn, removeItem, setIn} from '../../formats/yaml/edit.js';
import {containerRange, type ContainerRef, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, ownPair} from '../../formats/yaml/nodes.js';
import {flow, type YValue} from '../../formats/yaml/render.js';
import {PSS_DOC, containerPorts, isFixable, opts, podManifest, podSc, sc, setContainerSc, templatesOf, type K8sSource} from './common.js';
import {imageFacts, isWindowsPod, nodeAgentOf, type NodeAgent} from './workload.js';

const ALLOWED = 'NET_BIND_SERVICE';

/** A capability as Pod Security admission compares it: upper case, no `CAP_` prefix. */
function norm(cap: unknown): string {
  return String(cap).toUpperCase().replace(/^CAP_/, '');
}

interface CapItem {
  node: Scalar | null;
  text: string;
}

function itemsOf(seq: unknown, doc: Document.Parsed): CapItem[] {
  if (!isSeq(seq)) return [];
  return seq.items.map((i) => {
    const n = deref(i as never, doc);
    return isScalar(n) ? {node: n, text: String(n.value)} : {node: null, text: ''};
  });
}

/** What a container's capabilities should be, and why (read before the fix and again when it applies). */
interface CapsPlan {
  /** Capabilities written differently from what Pod Security admission compares (`all`, `CAP_CHOWN`). */
  inexact: string[];
  noDrop: boolean;
  /** Added capabilities beyond NET_BIND_SERVICE. */
  extra: string[];
  /** Of those, the ones the container needs to run as it does (its image profile says so, or it is a node agent). */
  needed: string[];
  /** Capabilities to add back after `drop: [ALL]`: what it needs and does not add yet. */
  addBack: string[];
  /** The `add` list the fix writes. */
  desired: string[];
  /** Why the needed ones are needed. */
  because: string | null;
  agent: NodeAgent | null;
  /** It runs as root and no profile says what its image needs (a step-down entrypoint needs CHOWN, SETUID, …). */
  unknownRoot: boolean;
}

/** True when the container runs as root today (no runAsUser above 0 applies). */
function runsAsRoot(t: PodTemplate, c: ContainerRef): boolean {
  const user = sc(c).runAsUser ?? podSc(t).runAsUser;
  return !(typeof user === 'number' && user > 0);
}

function planCaps(project: Project, t: PodTemplate, c: ContainerRef): CapsPlan {
  const caps = asRecord(sc(c).capabilities);
  const drop = Array.isArray(caps.drop) ? caps.drop.map(String) : [];
  const add = Array.isArray(caps.add) ? caps.add.map(String) : [];
  const inexact = [...drop, ...add].filter((x) => x !== norm(x));
  const noDrop = !drop.map(norm).includes('ALL');
  const added = [...new Set(add.map(norm))];
  const extra = added.filter((x) => x !== ALLOWED);
  const agent = nodeAgentOf(t, project);
  let needs: string[] = [];
  let because: string | null = null;
  if (agent) {
    // A node agent keeps what it adds: that is how it does its job.
    needs = [...new Set([...extra, ...(agent.profile?.nodeAgent?.caps ?? [])])];
    because = `it is a node agent (${agent.why})`;
  }
  let unknownRoot = false;
  if (!agent && runsAsRoot(t, c)) {
    const runAs = imageFacts(project, t, c).profile?.runAs;
    unknownRoot = runAs === undefined;
    if (runAs && (runAs.mode === 'steps-down' || runAs.mode === 'root') && runAs.caps?.length) {
      needs = runAs.caps.map(norm);
      because = runAs.mode === 'steps-down' ? 'it starts as root and switches to its own user, which needs them' : 'it runs as root and hands its work to another user, which needs them';
    }
  }
  const needed = extra.filter((x) => needs.includes(x));
  const addBack = noDrop ? needs.filter((x) => x !== ALLOWED && !added.includes(x)) : [];
  const bind = containerPorts(c).some((p) => p > 0 && p < 1024) || added.includes(ALLOWED) || needs.includes(ALLOWED);
  const desired = [...new Set([...added.filter((x) => x === ALLOWED || needed.includes(x)), ...addBack, ...(bind ? [ALLOWED] : [])])];
  return {inexact, noDrop, extra, needed, addBack, desired, because, agent, unknownRoot};
}

/** Rewrites a capability written inexactly (`all`, `cap_chown`) as admission compares it, keeping its quotes. */
function exactEdit(source: K8sSource, item: CapItem): Edit[] {
  if (!item.node?.range || item.text === norm(item.text)) return [];
  const [start, end] = item.node.range;
  const q = source.text[start];
  const text = q === '"' || q === "'" ? `${q}${norm(item.text)}${q}` : source.json ? JSON.stringify(norm(item.text)) : norm(item.text);
  return [{file: source.path, start, end, text}];
}

/** `none`, or a comma-separated list of capability names. */
function splitCaps(value: string): string[] {
  return value.trim().toLowerCase() === 'none' ? [] : value.split(/[,\s]+/).filter(Boolean).map(norm);
}

function capsFix(source: K8sSource, t: PodTemplate, c: ContainerRef, plan: CapsPlan): Edit[] {
  const doc = t.object.doc;
  const scPair = ownPair(c.node, 'securityContext');
  const scMap = scPair ? deref(scPair.value, doc) : null;
  const capsPair = isMap(scMap) ? ownPair(scMap, 'capabilities') : undefined;
  const caps = capsPair ? deref(capsPair.value, doc) : null;
  if (!isMap(caps) || caps.items.length === 0) {
    const value: Record<string, YValue> = {drop: flow(['ALL'])};
    if (plan.desired.length > 0) value.add = flow(plan.desired);
    return setContainerSc(source, t, c, ['capabilities'], value);
  }
  const capsMap = caps as YAMLMap;
  const dropPair = ownPair(capsMap, 'drop');
  const addPair = ownPair(capsMap, 'add');
  const dropSeq = dropPair ? deref(dropPair.value, doc) : null;
  const addSeq = addPair ? deref(addPair.value, doc) : null;
  if (!dropPair && !addPair) return addEntries(source, capsMap, {drop: flow(['ALL']), ...(plan.desired.length > 0 ? {add: flow(plan.desired)} : {})}, opts(t));
  const edits: Edit[] = [];
  for (const item of itemsOf(dropSeq, doc)) edits.push(...exactEdit(source, item));
  if (plan.noDrop) edits.push(...appendIn(source, capsMap, ['drop'], flow(['ALL']), opts(t)));
  const have = itemsOf(addSeq, doc);
  const same = have.length === plan.desired.length && have.every((h, i) => h.text === plan.desired[i]);
  if (!same || !addPair) {
    if (plan.desired.length === 0) {
      if (addPair) edits.push(...removeIn(source, capsMap, ['add'], opts(t)));
    } else if (!addPair || !isSeq(addSeq) || addSeq.flow || have.some((h) => h.node === null)) {
      edits.push(...setIn(source, capsMap, ['add'], flow(plan.desired), opts(t)));
    } else {
      // A block list: fix, drop and append items one by one so the lines kept stay as they are.
      const kept = new Set<string>();
      have.forEach((h, i) => {
        const n = norm(h.text);
        if (!plan.desired.includes(n) || kept.has(n)) edits.push(...removeItem(source, addSeq, i));
        else {
          kept.add(n);
          edits.push(...exactEdit(source, h));
        }
      });
      const missing = plan.desired.filter((x) => !kept.has(x));
      if (kept.size === 0) edits.push(...setIn(source, capsMap, ['add'], flow(plan.desired), opts(t)));
      else if (missing.length > 0) edits.push(...appendItems(source, addSeq, missing, opts(t)));
    }
  } else {
    for (const item of have) edits.push(...exactEdit(source, item));
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
\`ALL\` to an existing \`drop\` list), writes capability names as Pod Security admission compares them
(\`all\` becomes \`ALL\`, \`cap_net_bind_service\` becomes \`NET_BIND_SERVICE\`), adds \`NET_BIND_SERVICE\`
back for a container that listens on a port below 1024, and adds back what the image needs while it
runs as root (the profile's \`CHOWN\`, \`SETUID\`, … of images that switch to their own user themselves;
it waits for K301 to know). Capabilities a manifest adds on purpose, and the defaults of a root
process whose image no profile describes, are removed only once a person says which it keeps
(parameter \`keepCapabilities\`); a node agent keeps them, and one known only by its shape gets
advice. Windows pods are exempt.
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
  controls: ['pss:baseline/capabilities', 'pss:restricted/capabilities', 'cis-k8s:5.2.8', 'cis-k8s:5.2.9', 'cis-k8s:5.6.3'],
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      // Windows pods have no Linux capabilities: the API server refuses the field, the standard exempts them.
      if (isWindowsPod(t)) continue;
      for (const c of t.containers) {
        const plan = planCaps(ctx.project, t, c);
        const removable = plan.extra.filter((x) => !plan.needed.includes(x));
        // Which capabilities a root process of an image nobody profiled needs is not known: a person says which it keeps.
        const ask = removable.length > 0 || (plan.noDrop && plan.unknownRoot);
        if (!plan.noDrop && plan.extra.length === 0 && plan.inexact.length === 0) continue;
        const parts: string[] = [];
        if (plan.noDrop) parts.push('does not drop ALL capabilities');
        if (plan.extra.length > 0) parts.push(`adds ${plan.extra.join(', ')}`);
        if (plan.inexact.length > 0) parts.push(`writes ${plan.inexact.join(', ')}, which Pod Security admission does not accept (it compares names exactly: ${[...new Set(plan.inexact.map(norm))].join(', ')})`);
        const neededText = plan.needed.length > 0 || plan.addBack.length > 0 ? `; it needs ${[...new Set([...plan.needed, ...plan.addBack])].join(', ')} because ${plan.because}` : '';
        // A node agent known only by its shape: which capabilities it needs is not known.
        const agentUnknown = plan.agent !== null && plan.agent.profile?.nodeAgent?.caps === undefined && plan.noDrop;
        const changes = plan.noDrop || plan.inexact.length > 0 || removable.length > 0 || plan.addBack.length > 0;
        const message = changes
          ? `${c.locator} ${parts.join(' and ')}; a compromised process keeps kernel privileges it does not need. Drop ALL and add back only what it needs${neededText}`
          : `${c.locator} adds ${plan.needed.join(', ')}, which it needs because ${plan.because}; with them it cannot meet the Restricted standard`;
        const fixable = isFixable(t, c) && changes && !agentUnknown;
        const keep: FixParam = {
          name: 'keepCapabilities',
          label: `Capabilities ${c.name} keeps after drop ALL (comma-separated, or none)${removable.length > 0 ? `: it adds ${removable.join(', ')}` : ': it runs as root, an entrypoint that switches user needs CHOWN, SETUID, SETGID'}`,
          default: 'none',
          validate: (v) => (splitCaps(v).every((x) => /^[A-Z_]+$/.test(x)) ? null : 'none, or capability names such as CHOWN, SETUID'),
        };
        yield {
          ...containerRange(c),
          locator: c.locator,
          message,
          ...(agentUnknown ? {advice: 'Drop ALL only with the list of capabilities its documentation says it needs, and run it in a namespace that enforces the privileged or baseline level.'} : {}),
          ...(!changes && plan.needed.length > 0
            ? {
                advice: plan.agent
                  ? 'Keep them: the node agent needs them. Run it in a namespace of its own that enforces the level it meets.'
                  : 'Keep them: without them it cannot start. Run it in a namespace enforcing Baseline, or run it as its own user (K301) so it needs none.',
              }
            : {}),
          ...(plan.agent ? {certainty: plan.agent.certainty} : ask ? {certainty: 'not-known' as const} : {}),
          fix: fixable
            ? {
                title: plan.desired.length > 0 ? `Drop ALL capabilities, keep ${plan.desired.join(', ')}` : 'Drop ALL capabilities',
                safety: 'unsafe' as const,
                risk: 'A program that needs a dropped capability fails when it uses it.',
                params: ask ? [keep] : [],
                // Capabilities added on purpose: a person says which it keeps.
                ...(ask ? {needsInput: ['keepCapabilities']} : {}),
                // Whether the container still runs as root is known once K301's fix is applied.
                after: ['K301'],
                edits: (params) => {
                  const now = planCaps(ctx.project, t, c);
                  if (!ask) return capsFix(source, t, c, now);
                  const kept = splitCaps(valueOf(params, keep));
                  return capsFix(source, t, c, {...now, desired: [...new Set([...now.desired, ...kept])]});
                },
              }
            : null,
        };
      }
    }
  },
});
