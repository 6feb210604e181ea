import type {Plan} from './plan.js';
import type {Choices, Session} from './session.js';

interface Entry {
  choices: Choices;
  plan: Plan;
  /** Planned from the start (Session.preview), as `fix --write` would: what may be written. */
  exact: boolean;
}

/**
 * The wizard's plans by choices, so moving back and forth (and the review, and the write) reuse
 * one plan, and a preview of one more accepted fix (or group) costs that fix, not a replan of
 * every choice (issue 11/13: an accept on a 60-service file answers within 100 ms).
 *
 * `preview` continues the largest remembered plan whose choices the new ones hold (extendPlan);
 * `plan` plans from the start, so what is reviewed and written equals `fix --write` of the same
 * choices (an extended plan may order two insertions at one place differently).
 */
export class PlanCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly session: Session,
    private readonly limit = 32,
  ) {}

  /** The plan of exactly these choices, planned from the start: the review and the write. */
  plan(choices: Choices): Plan {
    const key = choicesKey(choices);
    const known = this.entries.get(key);
    if (known?.exact) return this.touch(key, known).plan;
    return this.remember(key, {choices, plan: this.session.preview(choices), exact: true}).plan;
  }

  /** A plan of these choices for a preview: continued from the nearest remembered plan they include. */
  preview(choices: Choices): Plan {
    const key = choicesKey(choices);
    const known = this.entries.get(key);
    if (known) return this.touch(key, known).plan;
    const base = this.nearest(choices);
    const plan = base ? this.session.extend(base.plan, choices) : this.session.preview(choices);
    return this.remember(key, {choices, plan, exact: false}).plan;
  }

  /** The remembered plan with the most choices that `choices` all hold (same values, same reasons). */
  private nearest(choices: Choices): Entry | undefined {
    let best: Entry | undefined;
    let bestSize = -1;
    for (const entry of this.entries.values()) {
      const size = entry.choices.accepted.size + entry.choices.ignored.size;
      if (size > bestSize && includes(choices, entry.choices)) {
        best = entry;
        bestSize = size;
      }
    }
    return best;
  }

  private touch(key: string, entry: Entry): Entry {
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private remember(key: string, entry: Entry): Entry {
    this.entries.delete(key);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    return entry;
  }
}

/** True when `outer` holds every choice of `inner`: its accepted fixes with the same values, its ignores with the same reasons. */
function includes(outer: Choices, inner: Choices): boolean {
  if (inner.accepted.size > outer.accepted.size || inner.ignored.size > outer.ignored.size) return false;
  for (const [fp, params] of inner.accepted) {
    const theirs = outer.accepted.get(fp);
    if (!theirs || paramsKey(theirs) !== paramsKey(params)) return false;
  }
  for (const fp of inner.ignored) {
    if (!outer.ignored.has(fp) || outer.reasons?.get(fp) !== inner.reasons?.get(fp)) return false;
  }
  return true;
}

const paramsKey = (params: Readonly<Record<string, string>>): string => JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));

export function choicesKey(choices: Choices): string {
  const accepted = [...choices.accepted.entries()].map(([fp, params]) => `${fp}=${paramsKey(params)}`).sort();
  const reasons = [...(choices.reasons ?? new Map<string, string>()).entries()].filter(([fp]) => choices.ignored.has(fp)).sort();
  return JSON.stringify([accepted, [...choices.ignored].sort(), reasons]);
}
