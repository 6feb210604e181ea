import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildProject, type InputFile} from '../../src/core/project.js';
import {findingsOf} from '../helpers/battery.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/rules');

/** A fixture case's files (project-relative paths under its folder). */
function caseFiles(rule: string, name: string, files: Record<string, InputFile['kind']>): InputFile[] {
  return Object.entries(files).map(([path, kind]) => ({path, kind, text: readFileSync(join(FIXTURES, rule, name, path), 'utf8')}));
}

/** Where shipshape cannot know what a service needs, the finding says so and how to check, and the fix waits for a person (issue 10). */
describe('C203/C206: what a local build or a root image needs is not guessed', () => {
  it('C203 on a python build that runs its own command as root: not known, with how to check, and the caps are asked', () => {
    const project = buildProject(['.'], caseFiles('C203', 'bad-built-language-base', {'compose.yaml': 'compose', 'app/Dockerfile': 'dockerfile'}));
    const [finding] = findingsOf(project, 'C203');
    expect(finding?.certainty).toBe('not-known');
    expect(finding?.message).toMatch(/runs its own command as root on Python/);
    expect(finding?.advice).toContain('docker compose run --rm --cap-drop ALL SERVICE');
    expect(finding?.fix?.needsInput).toEqual(['keepCaps']);
  });

  it('C203 on a build that replaces the base entrypoint: not known', () => {
    const project = buildProject(['.'], caseFiles('C203', 'bad-built-own-entrypoint', {'compose.yaml': 'compose', 'db/Dockerfile': 'dockerfile'}));
    const [finding] = findingsOf(project, 'C203');
    expect(finding?.certainty).toBe('not-known');
    expect(finding?.message).toMatch(/replaces the base's entrypoint/);
  });

  it('C203 on a build with a non-root USER: dropping ALL needs no question', () => {
    const project = buildProject(['.'], caseFiles('C203', 'bad-built-nonroot-user', {'compose.yaml': 'compose', 'app/Dockerfile': 'dockerfile'}));
    const [finding] = findingsOf(project, 'C203');
    expect(finding?.fix?.needsInput ?? []).toEqual([]);
  });

  it('C206 on a node build whose base lists no paths: a guess (tmpfs /tmp) the person confirms, certainty inferred', () => {
    const project = buildProject(['.'], caseFiles('C206', 'bad-built-language-base', {'compose.yaml': 'compose', 'web/Dockerfile': 'dockerfile'}));
    const [finding] = findingsOf(project, 'C206');
    expect(finding?.certainty).toBe('inferred');
    expect(finding?.advice).toMatch(/guesses a tmpfs on \/tmp and nothing else/);
    expect(finding?.fix?.needsInput).toEqual(['writablePaths']);
    expect(finding?.fix?.params.find((p) => p.name === 'writablePaths')?.default).toBe('/tmp');
  });
});
