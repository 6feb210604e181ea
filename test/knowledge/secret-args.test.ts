/**
 * Secrets on a command line (knowledge/secret-args.ts): an option that takes a password and is
 * given one is a secret; an option named for a password that only makes the program prompt (or
 * read standard input) takes no value, so the word after it is an argument, never a secret.
 */
import {describe, expect, it} from 'vitest';
import {secretsInExec, secretsInShell} from '../../src/knowledge/secret-args.js';

const found = (script: string) => secretsInShell(script).map((s) => `${s.value} (${s.why})`);

describe('options that only prompt for a password (no value)', () => {
  it.each([
    'psql --password dbname',
    'psql -h db -U app --password appdatabase',
    'pg_dump --password mydatabase > dump.sql',
    'createdb --password newdatabase',
    'psql --no-password mydatabase',
    'mysql --password dbname',
    'mysqldump --password production > dump.sql',
    'mysql -p dbname',
    'mariadb -u root -p appdatabase',
    'redis-cli --askpass monitor',
    'echo "$TOKEN" | docker login -u bot --password-stdin ghcr.io',
    'echo "$TOKEN" | helm registry login --password-stdin registry.example.com',
    'ansible-playbook --ask-vault-pass site.yml',
    'ansible-playbook --ask-become-pass playbook.yml',
    'psql --password',
    'mysql --password',
  ])('%s: no secret', (script) => {
    expect(found(script)).toEqual([]);
  });

  it('an exec-form command and a sh -c script read the same way', () => {
    expect(secretsInExec(['psql', '--password', 'dbname'])).toEqual([]);
    expect(secretsInExec(['sh', '-c', 'pg_isready && psql --password appdatabase'])).toEqual([]);
  });
});

describe('passwords written out stay secrets', () => {
  it.each([
    ['mysql -psecret1 db', 'secret1 (-p)'],
    ['mysql --password=secret1 db', 'secret1 (--password)'],
    ['mariadb-dump -uroot -phunter22 app', 'hunter22 (-p)'],
    ['psql --password=hunter22 mydb', 'hunter22 (--password)'],
    ['mongosh --password hunter22', 'hunter22 (--password)'],
    ['myapp --db-password hunter22', 'hunter22 (--db-password)'],
    ['redis-cli -a hunter22 ping', 'hunter22 (-a)'],
    ['redis-cli --pass hunter22 ping', 'hunter22 (--pass)'],
    ['redis-server --requirepass hunter22', 'hunter22 (--requirepass)'],
    ['curl -u bot:hunter22 https://example.com', 'hunter22 (-u)'],
  ])('%s', (script, expected) => {
    expect(found(script)).toEqual([expected]);
  });

  it('an exec-form psql with the password in a URL', () => {
    expect(secretsInExec(['psql', '--password', 'postgres://app:hunter22@db/app']).map((s) => s.value)).toEqual(['hunter22']);
  });
});
