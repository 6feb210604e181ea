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

describe('a password read from a file, the environment or a prompt is not on the line', () => {
  it.each([
    'sshpass -f /run/secrets/ssh ssh deploy@host',
    'sshpass -e ssh deploy@host',
    'ldapsearch -x -W -b dc=example,dc=org -s children -a always',
    'keytool -list -keystore app.jks -storepass:env STOREPASS',
    'keytool -list -keystore app.jks -storepass:file /run/secrets/storepass',
    'openssl rsa -in key.pem -passin env:KEY_PASS -out plain.pem',
    'openssl pkcs12 -export -in cert.pem -out cert.p12 -passout file:/run/secrets/p12pass',
    'openssl enc -d -aes256 -pass stdin -in data.enc',
  ])('%s: no secret', (script) => {
    expect(found(script)).toEqual([]);
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
    ['sshpass -p hunter22 ssh deploy@host', 'hunter22 (-p)'],
    ['sshpass -phunter22 scp app.tar deploy@host:/srv', 'hunter22 (-p)'],
    ['ldapsearch -x -D cn=admin,dc=example,dc=org -w hunter22 -b dc=example,dc=org', 'hunter22 (-w)'],
    ['ldappasswd -x -D cn=admin -w hunter22 -s n3wsecret uid=bob', 'hunter22 (-w)|n3wsecret (-s)'],
    ['keytool -importcert -alias ca -file ca.crt -keystore truststore.jks -storepass hunter22 -noprompt', 'hunter22 (-storepass)'],
    ['openssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.p12 -passout pass:hunter22', 'hunter22 (-passout)'],
    ['openssl rsa -in key.pem -passin pass:hunter22 -out plain.pem', 'hunter22 (-passin)'],
  ])('%s', (script, expected) => {
    expect(found(script)).toEqual(expected.split('|'));
  });

  it('an exec-form psql with the password in a URL', () => {
    expect(secretsInExec(['psql', '--password', 'postgres://app:hunter22@db/app']).map((s) => s.value)).toEqual(['hunter22']);
  });
});
