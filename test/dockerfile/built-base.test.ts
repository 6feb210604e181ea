/**
 * D101 reads the Dockerfile alone, but the repository may build it FROM another image than its ARG
 * default (Compose build.args, --build-arg): then the user and tools of the default are not those
 * of the image built, and D101 asks instead of creating a user with the default's tools.
 */
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {runRules} from '../../src/core/engine.js';
import {RULES} from '../../src/rules/registry.js';

const dockerfile = 'ARG BASE=alpine:3.20\nFROM ${BASE}\nCOPY app /app\nCMD ["/app/run"]\n';
const compose = (args: string) => `services:\n  cache:\n    build:\n      context: ./cache\n${args}`;

function d101(composeText: string | null) {
  const inputs = [{path: 'cache/Dockerfile', kind: 'dockerfile' as const, text: dockerfile}, ...(composeText === null ? [] : [{path: 'compose.yaml', kind: 'compose' as const, text: composeText}])];
  return runRules(buildProject(['.'], inputs), {rules: RULES, only: new Set(['D101'])}).findings[0]!;
}

describe('D101 and the base the repository builds', () => {
  it('builds FROM the ARG default: a user created with its tools, no question', () => {
    for (const finding of [d101(null), d101(compose(''))]) {
      expect(finding.fix?.title).toMatch(/create the user/);
      expect(finding.fix?.needsInput ?? []).toEqual([]);
    }
  });

  it('built FROM another image by Compose build.args: not known, a USER to confirm', () => {
    const finding = d101(compose('      args:\n        BASE: redis:7.2\n'));
    expect(finding.message).toContain('compose.yaml (services.cache.build.args) builds it FROM redis:7.2, not the ARG default alpine:3.20');
    expect(finding.certainty).toBe('not-known');
    expect(finding.fix?.needsInput?.length).toBeGreaterThan(0);
  });

  it('built FROM a value shipshape cannot resolve: not known either', () => {
    const finding = d101(compose('      args:\n        BASE: ${CACHE_IMAGE}\n'));
    expect(finding.message).toContain('builds it FROM ${CACHE_IMAGE}');
    expect(finding.fix?.needsInput?.length).toBeGreaterThan(0);
  });

  it('an argument the FROM does not use changes nothing', () => {
    expect(d101(compose('      args:\n        VERSION: "2"\n')).fix?.needsInput ?? []).toEqual([]);
  });
});
