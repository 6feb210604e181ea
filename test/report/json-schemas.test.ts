/**
 * The JSON Schemas shipped in schemas/: the config schema is what configSchema() makes of the
 * registry (else `npm run schemas`), it agrees with what parseConfig accepts and refuses, and
 * every JSON output of check (the demo, every fixture folder, stdin, parse errors, skipped files)
 * and of rules validates against its schema.
 */
import {readFileSync} from 'node:fs';
import {mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Ajv, type ValidateFunction} from 'ajv';
import {parse} from 'yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {configSchema} from '../../src/core/config-schema.js';
import {parseConfig} from '../../src/core/config.js';
import {DEFAULT_PARAMS} from '../../src/core/params.js';
import {RULES} from '../../src/rules/registry.js';
import {runMain} from '../helpers/main.js';

const ROOT = join(import.meta.dirname, '../..');
const schema = (name: string) => JSON.parse(readFileSync(join(ROOT, 'schemas', name), 'utf8')) as object;

function validator(name: string): ValidateFunction {
  // strict: a misspelt keyword in our own schemas is an error, not silently ignored.
  return new Ajv({allErrors: true, allowUnionTypes: true}).compile(schema(name));
}

function expectValid(validate: ValidateFunction, data: unknown, what: string): void {
  const ok = validate(data);
  expect(ok, `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
}

const cli = (args: string[], cwd = ROOT, stdin?: string) => runMain(args, cwd, {stdin});

describe('schemas/config.schema.json', () => {
  const validate = validator('config.schema.json');

  it('is what the registry and the parameters make (run `npm run schemas` after adding a rule or parameter)', () => {
    expect(schema('config.schema.json')).toEqual(JSON.parse(JSON.stringify(configSchema(RULES))));
  });

  it('accepts the README example, a $schema key, and every rule and parameter; parseConfig agrees', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /`\.shipshape\.yaml`[^\n]*\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example, 'the README shows a .shipshape.yaml').toBeDefined();
    const texts = [
      example!,
      '$schema: ./node_modules/shipshape/schemas/config.schema.json\nignore: ["k8s/*.{yaml,yml}", "!k8s/keep.yaml"]\n',
      `rules:\n${RULES.map((r, i) => `  ${r.id}: ${['off', 'low', 'critical', 'false'][i % 4]}`).join('\n')}\n`,
      `defaults:\n${Object.entries(DEFAULT_PARAMS).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}\n`,
      'defaults: {uid: 2000, gid: 2000, writablePaths: [/tmp, /var/cache]}\n',
      'failOn: high\n',
    ];
    for (const text of texts) {
      expectValid(validate, parse(text), text);
      expect(() => parseConfig(text)).not.toThrow();
    }
  });

  it('refuses what parseConfig refuses', () => {
    for (const text of ['colour: red\n', 'rules: {D101: loud}\n', 'defaults: {shell: bash}\n', 'failOn: never\n', 'ignore: legacy\n', 'rules: {X999: off}\n', '$schema: 1\n']) {
      expect(validate(parse(text)), text).toBe(false);
    }
    for (const text of ['colour: red\n', 'rules: {D101: loud}\n', 'defaults: {shell: bash}\n', 'failOn: never\n', 'ignore: legacy\n', '$schema: 1\n']) {
      expect(() => parseConfig(text), text).toThrow();
    }
  });
});

describe('schemas/report.schema.json and rules.schema.json', () => {
  const report = validator('report.schema.json');
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'shipshape-schemas-'));
    await writeFile(join(work, 'broken.Dockerfile'), 'FROM alpine\nRUN <<EOF\nnever closed\n');
    await writeFile(join(work, 'compose.yaml'), 'services: [\n');
    await writeFile(join(work, 'Dockerfile'), Buffer.from([0x46, 0x00, 0x00]));
  });
  afterAll(async () => {
    await rm(work, {recursive: true, force: true});
  });

  it('check --format json of the demo, of each fixture folder, of stdin and of broken and skipped files validates', async () => {
    const folders = ['fixtures/demo', ...(await readdir(join(ROOT, 'fixtures'))).filter((f) => f !== 'demo').map((f) => `fixtures/${f}`)];
    let findings = 0;
    for (const folder of folders) {
      const r = await cli(['check', '--format', 'json', folder]);
      const data = JSON.parse(r.stdout) as {findings: unknown[]};
      findings += data.findings.length;
      expectValid(report, data, folder);
    }
    expect(findings).toBeGreaterThan(100);
    const broken = JSON.parse((await cli(['check', '--format', 'json', '.'], work)).stdout) as {findings: Array<{rule: string}>; skipped: unknown[]};
    // The binary Dockerfile is skipped, and reported as E001 too (a gate must not pass on it).
    expect(broken.findings.filter((f) => f.rule === 'E001')).toHaveLength(3);
    expect(broken.skipped).toHaveLength(1);
    expectValid(report, broken, 'broken and skipped files');
    const stdin = JSON.parse((await cli(['check', '--format', 'json', '--kind', 'dockerfile', '-'], work, 'FROM node\nENV API_TOKEN=abc123def456ghi789\n')).stdout);
    expectValid(report, stdin, 'stdin');
    // Not a rubber stamp: a finding without a message, or an unknown field, is refused.
    const bad = structuredClone(stdin);
    delete bad.findings[0].message;
    expect(report(bad)).toBe(false);
    expect(report({...stdin, extra: true})).toBe(false);
  });

  it('rules --format json validates', async () => {
    const rules = validator('rules.schema.json');
    const data = JSON.parse((await cli(['rules', '--format', 'json'])).stdout) as unknown[];
    expect(data.length).toBe(RULES.length);
    expectValid(rules, data, 'rules');
  });
});
