/** Bind mounts of a service's `volumes:` (short `src:dst[:mode]` and long syntax). */
import {isMap} from 'yaml';
import {findPair} from '../../formats/yaml/edit.js';
import {lookup, scalarOf, seqStrings, type Service} from './common.js';

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
  start: number;
  end: number;
}

export function bindMounts(svc: Service): BindMount[] {
  const out: BindMount[] = [];
  const vols = lookup(svc, 'volumes');
  for (const item of seqStrings(vols?.value)) {
    const node = item.node;
    const range = node?.range ?? [0, 0];
    if (item.text !== null) {
      const parts = item.text.split(':');
      if (parts.length < 2) continue;
      const source = parts[0]!;
      if (!source.startsWith('/') && !source.startsWith('~')) continue;
      const mode = parts[2] ?? '';
      out.push({source, target: parts[1]!, readOnly: mode.split(',').includes('ro'), start: range[0], end: range[1]});
    } else if (isMap(node)) {
      if (scalarOf(findPair(node, 'type')?.value) !== 'bind') continue;
      const source = scalarOf(findPair(node, 'source')?.value) ?? '';
      const ro = findPair(node, 'read_only')?.value;
      out.push({source, target: scalarOf(findPair(node, 'target')?.value) ?? '', readOnly: scalarOf(ro) === 'true', start: range[0], end: range[1]});
    }
  }
  return out;
}
