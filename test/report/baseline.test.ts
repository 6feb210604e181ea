import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Finding} from '../../src/core/model.js';
import {applyBaseline, BaselineError, createBaseline, parseBaseline} from '../../src/core/baseline.js';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: 'D101',
    name: 'root-user',
    severity: 'high',
    path: 'api/Dockerfile',
    line: 4,
    column: 1,
    endLine: 4,
    endColumn: 9,
    start: 40,
    end: 48,
    message: 'The final stage runs as root',
    fingerprint: 'D101:api/Dockerfile:stage[final]',
    fix: null,
    references: [],
    secrets: [],
    secretLines: [],
    ...over,
  };
}

const a = finding();
const b = finding({rule: 'D112', name: 'apk-cache-kept', message: 'apk add keeps its cache', fingerprint: 'D112:api/Dockerfile:stage[final] > RUN[1]'});
const c = finding({rule: 'C206', path: 'compose.yaml', message: 'service web has a writable root filesystem', fingerprint: 'C206:compose.yaml:services.web'});

describe('createBaseline', () => {
  it('writes version 1 and one sorted entry per finding, without the message text', () => {
    const text = createBaseline([c, b, a]);
    const data = JSON.parse(text);
    expect(data.version).toBe(1);
    expect(data.entries.map((e: {rule: string}) => e.rule)).toEqual(['D101', 'D112', 'C206']);
    expect(Object.keys(data.entries[0]).sort()).toEqual(['fingerprint', 'message', 'path', 'rule']);
    expect(text).not.toContain(a.message);
    expect(text.endsWith('}\n')).toBe(true);
    expect(createBaseline([a, b, c])).toBe(text);
  });

  it('never stores a secret value', () => {
    const secret = 'hunter2-very-secret-value';
    const s = finding({message: `literal ${secret}`, secrets: [secret]});
    expect(createBaseline([s])).not.toContain(secret);
  });
});

describe('applyBaseline', () => {
  it('removes every finding that was recorded', () => {
    expect(applyBaseline([a, b, c], createBaseline([a, b, c]))).toEqual([]);
  });

  it('keeps new findings only', () => {
    expect(applyBaseline([a, b, c], createBaseline([a]))).toEqual([b, c]);
  });

  it('is tolerant to line moves (matches by fingerprint, not position)', () => {
    const moved = {...a, line: 40, endLine: 40, start: 900, end: 908};
    expect(applyBaseline([moved], createBaseline([a]))).toEqual([]);
  });

  it('absorbs a finding whose locator changed but whose rule, file and message did not, once', () => {
    const renamed = {...a, fingerprint: 'D101:api/Dockerfile:stage[runtime]'};
    expect(applyBaseline([renamed], createBaseline([a]))).toEqual([]);
    const second = {...a, fingerprint: 'D101:api/Dockerfile:stage[other]'};
    expect(applyBaseline([renamed, second], createBaseline([a]))).toEqual([second]);
  });

  it('a changed message in another file is new', () => {
    const other = {...a, path: 'web/Dockerfile', fingerprint: 'D101:web/Dockerfile:stage[final]'};
    expect(applyBaseline([other], createBaseline([a]))).toEqual([other]);
  });

  it('an empty baseline keeps everything', () => {
    expect(applyBaseline([a, b], createBaseline([]))).toEqual([a, b]);
  });

  it('property: a baseline of a set hides exactly that set, whatever the order and lines', () => {
    const arb = fc.uniqueArray(
      fc.record({rule: fc.constantFrom('D101', 'C206', 'P401'), loc: fc.string({minLength: 1, maxLength: 8}), line: fc.integer({min: 1, max: 500}), msg: fc.constantFrom('m1', 'm2')}),
      {selector: (r) => `${r.rule}${r.loc}`, maxLength: 30},
    );
    fc.assert(
      fc.property(arb, fc.integer({min: 0, max: 30}), (items, cut) => {
        const all = items.map((r) => finding({rule: r.rule, line: r.line, message: r.msg, fingerprint: `${r.rule}:f:${r.loc}`}));
        const old = all.slice(0, cut);
        const fresh = all.slice(cut);
        const kept = applyBaseline([...all].reverse(), createBaseline(old));
        // Each new finding either stays or was absorbed by a leftover entry with the same rule+message (none here: all old ones matched exactly).
        expect(new Set(kept.map((f) => f.fingerprint))).toEqual(new Set(fresh.map((f) => f.fingerprint)));
      }),
      {numRuns: 100},
    );
  });
});

describe('bad baseline files', () => {
  it.each([
    ['', /empty/],
    ['   \n', /empty/],
    ['{not json', /not valid JSON/],
    ['[]', /JSON object/],
    ['{"entries": []}', /no "version"/],
    ['{"version": 2, "entries": []}', /unsupported baseline version 2/],
    ['{"version": "1", "entries": []}', /unsupported baseline version "1"/],
    ['{"version": 1}', /no "entries" list/],
    ['{"version": 1, "entries": [3]}', /entry 1 is not an object/],
    ['{"version": 1, "entries": [{"rule": "D101", "path": "x", "fingerprint": "f"}]}', /entry 1 has no "message" string/],
  ])('%j is refused clearly', (text, message) => {
    expect(() => parseBaseline(text)).toThrow(BaselineError);
    expect(() => applyBaseline([a], text)).toThrow(message);
  });

  it('accepts a BOM and extra keys', () => {
    const text = `\uFEFF${createBaseline([a]).replace('"version"', '"note": "legacy repo",\n  "version"')}`;
    expect(applyBaseline([a], text)).toEqual([]);
  });
});
