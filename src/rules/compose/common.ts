/** What the Compose rules share beyond reading the file (formats/yaml/compose.ts): wording. */
import type {Found} from '../../formats/yaml/nodes.js';

/** True when the key lives in a mapping several services merge (an anchor / `x-` extension). */
export function sharedNote(found: Found | undefined): string {
  return found?.merged ? ' (the value lives in a shared anchor; the fix changes it there, for every service that merges it)' : '';
}
