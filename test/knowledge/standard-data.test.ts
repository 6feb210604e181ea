import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {STANDARD_IDS, STANDARDS, standardOf} from '../../src/knowledge/standards/controls.js';

const DATA = join(import.meta.dirname, '../../src/knowledge/standards/data');
const read = (name: string) => JSON.parse(readFileSync(join(DATA, name), 'utf8'));

describe('control list data files', () => {
  it('one file per standard, each in STANDARDS', () => {
    expect(readdirSync(DATA).sort()).toEqual(STANDARD_IDS.map((id) => `${id}.json`).sort());
    expect(STANDARDS.map((s) => s.id)).toEqual([...STANDARD_IDS]);
  });

  it('every data file passes the checks, and STANDARDS holds what they let through', () => {
    expect([...STANDARDS]).toStrictEqual(STANDARD_IDS.map((id) => standardOf(`data/${id}.json`, read(`${id}.json`))));
  });

  it.each([
    ['a scope outside its list', (d: any) => (d.standard.controls[0].scope = 'inside'), 'nsa.controls[0].scope must be one of config, out, not "inside"'],
    ['a misspelt field', (d: any) => (d.standard.controls[1].reason = 'x'), 'nsa.controls[1].reason is not a field'],
    ['a missing title', (d: any) => delete d.standard.controls[2].title, 'nsa.controls[2].title must be a string'],
    ['an unknown standard', (d: any) => (d.standard.id = 'cis'), 'cis.id must be one of pss, cis-docker, nsa, cis-k8s'],
  ])('%s is a TypeError naming the file and field', (_what, edit, message) => {
    const data = read('nsa.json');
    edit(data);
    expect(() => standardOf('data/nsa.json', data)).toThrow(TypeError);
    expect(() => standardOf('data/nsa.json', data)).toThrow(`standard data/nsa.json: ${message}`);
  });
});
