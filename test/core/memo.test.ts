/** Project.memo: one value per project and derivation, for the cross-file indexes of formats, knowledge and rules. */
import {describe, expect, it} from 'vitest';
import {buildProject, type Project} from '../../src/core/project.js';

const project = () => buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: 'FROM x\n'}]);

describe('Project.memo', () => {
  it('derives once per project, and again for the project a fix pass makes', () => {
    let calls = 0;
    const paths = (p: Project) => {
      calls++;
      return p.sources.map((s) => s.path);
    };
    const first = project();
    expect(first.memo(paths)).toBe(first.memo(paths));
    expect(calls).toBe(1);
    const next = first.withTexts(new Map([['Dockerfile', 'FROM y\n']]));
    expect(next.memo(paths)).toEqual(['Dockerfile']);
    expect(calls).toBe(2);
  });

  it('keys by the derivation: two functions are two memos', () => {
    const p = project();
    const one = () => ({n: 1});
    const two = () => ({n: 2});
    expect([p.memo(one).n, p.memo(two).n]).toEqual([1, 2]);
  });

  it('says so when a derivation asks for its own value, and a failed one is retried', () => {
    const p = project();
    const loop = (q: Project): number => q.memo(loop) + 1;
    expect(() => p.memo(loop)).toThrow('loop asks for its own value while computing it');
    let fail = true;
    const flaky = () => {
      if (fail) throw new Error('not yet');
      return 'ok';
    };
    expect(() => p.memo(flaky)).toThrow('not yet');
    fail = false;
    expect(p.memo(flaky)).toBe('ok');
  });
});
