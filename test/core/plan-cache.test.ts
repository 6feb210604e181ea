/**
 * The wizard's plan cache: a preview of one more accepted fix continues the plan of the choices
 * before it (extendPlan) instead of planning every choice again; what is reviewed and written is
 * planned from the start, as `fix --write` plans it.
 */
import {describe, expect, it, vi} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {Session, type Choices} from '../../src/core/session.js';
import {PlanCache, choicesKey} from '../../src/core/plan-cache.js';
import {RULES} from '../../src/rules/registry.js';
import type {Finding} from '../../src/core/model.js';

const SERVICES = ['api', 'web', 'worker', 'cron'];
const COMPOSE = `services:\n${SERVICES.map((s) => `  ${s}:\n    image: registry.example/${s}:1.4\n`).join('')}`;

function setup() {
  const session = new Session(buildProject(['.'], [{path: 'compose.yaml', kind: 'compose', text: COMPOSE}]), RULES);
  const fixable = session.findings.filter((f) => f.fix && !f.fix.needsInput?.length);
  const preview = vi.spyOn(session, 'preview');
  const extend = vi.spyOn(session, 'extend');
  return {session, fixable, preview, extend, cache: new PlanCache(session)};
}

const accepting = (findings: readonly Finding[], values: Record<string, string> = {}): Choices => ({accepted: new Map(findings.map((f) => [f.fingerprint, values])), ignored: new Set()});

describe('PlanCache', () => {
  it('continues the plan of the choices before one more accepted fix, and the result is the plan of all of them', () => {
    const {session, fixable, preview, extend, cache} = setup();
    expect(fixable.length).toBeGreaterThan(4);
    cache.preview(accepting([]));
    for (let k = 1; k <= 4; k++) {
      const plan = cache.preview(accepting(fixable.slice(0, k)));
      expect(plan.applied.map((a) => a.fingerprint).sort()).toEqual(fixable.slice(0, k).map((f) => f.fingerprint).sort());
    }
    expect(preview).toHaveBeenCalledTimes(1);
    expect(extend).toHaveBeenCalledTimes(4);
    const extended = cache.preview(accepting(fixable.slice(0, 4)));
    expect(extended.files.map((f) => f.after)).toEqual(session.preview(accepting(fixable.slice(0, 4))).files.map((f) => f.after));
  });

  it('continues the largest remembered plan the choices hold, never one with other values or reasons', () => {
    const {fixable, preview, extend, cache} = setup();
    const [a, b, c] = fixable;
    const small = cache.preview(accepting([a!]));
    const larger = cache.preview(accepting([a!, b!]));
    cache.preview(accepting([a!, b!, c!]));
    expect(extend.mock.calls.map((call) => call[0])).toEqual([small, larger]);
    // Other parameter values for a: no remembered plan holds it.
    cache.preview(accepting([a!, c!], {uid: '2000'}));
    expect(preview).toHaveBeenCalledTimes(2);
    // An ignore with another reason is another choice too.
    const ignoring = (reason: string): Choices => ({accepted: new Map(), ignored: new Set([a!.fingerprint]), reasons: new Map([[a!.fingerprint, reason]])});
    cache.preview(ignoring('vendor image'));
    cache.preview({...ignoring('on purpose'), accepted: new Map([[b!.fingerprint, {}]])});
    expect(preview).toHaveBeenCalledTimes(4);
  });

  it('plans what is reviewed and written from the start, once, even where a preview of the same choices exists', () => {
    const {session, fixable, preview, cache} = setup();
    cache.preview(accepting([]));
    const previewed = cache.preview(accepting(fixable.slice(0, 2)));
    const exact = cache.plan(accepting(fixable.slice(0, 2)));
    expect(exact).not.toBe(previewed);
    expect(preview).toHaveBeenCalledTimes(2);
    expect(cache.plan(accepting(fixable.slice(0, 2)))).toBe(exact);
    expect(cache.preview(accepting(fixable.slice(0, 2)))).toBe(exact);
    const wanted = new Set(fixable.slice(0, 2).map((f) => f.fingerprint));
    expect(exact.files).toEqual(session.fixWhere((f) => (wanted.has(f.fingerprint) ? {} : null)).files);
  });

  it('keys choices by their content, whatever the order they were made in', () => {
    const {fixable} = setup();
    const [a, b] = fixable;
    expect(choicesKey(accepting([a!, b!]))).toBe(choicesKey(accepting([b!, a!])));
    expect(choicesKey(accepting([a!]))).not.toBe(choicesKey(accepting([a!], {uid: '2000'})));
  });
});
