import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {PROFILES} from '../../src/knowledge/profiles/catalog.js';
import {profilesOf} from '../../src/knowledge/profiles/validate.js';

const DATA = join(import.meta.dirname, '../../src/knowledge/profiles/data');
const read = (name: string) => JSON.parse(readFileSync(join(DATA, name), 'utf8'));

/** databases.json with one change made by `edit` to the profile `id`. */
function withEdit(id: string, edit: (profile: any) => void): unknown {
  const data = read('databases.json');
  edit(data.profiles.find((p: {id: string}) => p.id === id));
  return data;
}

describe('image profile data files', () => {
  it('every data file is in the catalog', () => {
    const files = readdirSync(DATA).filter((f) => f.endsWith('.json'));
    const fromFiles = files.flatMap((f) => profilesOf(f, read(f)).map((p) => p.id));
    expect(fromFiles.sort()).toEqual(PROFILES.map((p) => p.id).sort());
  });

  it.each([
    ['a field of the wrong type', (p: any) => (p.runAs.user.uid = '999'), 'postgres.runAs.user.uid must be a whole number, not "999"'],
    ['a misspelt field', (p: any) => (p.runas = p.runAs), 'postgres.runas is not a field'],
    ['a value outside its list', (p: any) => (p.category = 'databse'), 'postgres.category must be one of database, cache'],
    ['a missing source', (p: any) => delete p.ports.source, 'postgres.ports.source must be a string'],
    ['an unknown runAs mode', (p: any) => (p.runAs.mode = 'nonroot'), 'postgres.runAs.mode must be one of non-root, steps-down, root'],
    ['a null fact outside a variant', (p: any) => (p.caveat = null), 'postgres.caveat must be a string, not null'],
    ['a wrong field in a variant', (p: any) => (p.variants[1].set.writes.complete = 'yes'), 'postgres.variants[1].set.writes.complete must be a boolean'],
  ])('%s is a TypeError naming the file, profile and field', (_what, edit, message) => {
    const data = withEdit('postgres', edit);
    expect(() => profilesOf('data/databases.json', data)).toThrow(TypeError);
    expect(() => profilesOf('data/databases.json', data)).toThrow(`image profiles data/databases.json: ${message}`);
  });

  it('a note must name a profile of its file', () => {
    const data = read('databases.json');
    data.notes['no-such-image'] = 'a note';
    expect(() => profilesOf('data/databases.json', data)).toThrow('notes.no-such-image names no profile of the file');
  });

  it("null in a variant's set clears the fact for that variant", () => {
    const influx = profilesOf('data/databases.json', read('databases.json')).find((p) => p.id === 'influxdb')!;
    const set = influx.variants!.find((v) => v.name === '1.x')!.set;
    expect('runAs' in set).toBe(true);
    expect(set.runAs).toBeUndefined();
  });
});
