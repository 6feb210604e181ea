/**
 * Secrets written on a command line: `--db-password s3cr3t`, `redis-server --requirepass …`,
 * `curl -H "Authorization: token ghp_…"`, `redis://:pass@host`. Shared by D106 (RUN, CMD,
 * ENTRYPOINT, HEALTHCHECK), C211 (command, entrypoint, healthcheck) and K310 (command, args).
 * What counts is data below, each with the documentation that defines it.
 */
import {parseCommands, plainText, basename} from '../formats/dockerfile/shell.js';
import {isKnownToken, isPlaceholder, isSecretName} from './secrets.js';

/**
 * Options of particular programs that take a password, beyond the generic `--<secret name>`, and
 * (`switches`) options named for a password that take no value: the program prompts for it, so the
 * word after them is an argument (`psql --password mydb`: mydb is the database). A value written
 * onto a switch with `=` (`--password=…`) still counts: it is on the line whatever the program does.
 */
const PROGRAM_OPTIONS: ReadonlyArray<{program: RegExp; options: readonly string[]; attached?: string; switches?: readonly string[]; prefix?: string; source: string}> = [
  // redis-server takes every redis.conf directive as `--directive value`; redis-cli's -a is the password.
  {program: /^redis-(?:server|sentinel)$/, options: ['--requirepass', '--masterauth'], source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/'},
  // redis-cli --askpass reads it from standard input (a switch, as every --ask… below).
  {program: /^redis-cli$/, options: ['-a', '--pass'], source: 'https://redis.io/docs/latest/develop/tools/cli/'},
  // mysql -pSECRET or --password=SECRET (attached; -p or --password alone prompts, and a separate word after it is the database).
  {program: /^(?:mysql|mysqladmin|mysqldump|mysqlimport|mysqlshow|mysqlcheck|mysqlpump|mariadb|mariadb-admin|mariadb-dump|mariadb-import|mariadb-show|mariadb-check)$/, options: [], attached: '-p', switches: ['--password'], source: 'https://dev.mysql.com/doc/refman/8.4/en/connection-options.html#option_general_password'},
  // PostgreSQL's client programs: -W/--password only forces the password prompt (they read PGPASSWORD or ~/.pgpass otherwise).
  {
    program: /^(?:psql|pg_dump|pg_dumpall|pg_restore|pg_basebackup|pg_receivewal|pg_recvlogical|pg_amcheck|pgbench|createdb|dropdb|createuser|dropuser|vacuumdb|reindexdb|clusterdb)$/,
    options: [],
    switches: ['--password'],
    source: 'https://www.postgresql.org/docs/current/app-psql.html ("-W --password: Force psql to prompt for a password"; the same option in every client application of https://www.postgresql.org/docs/current/reference-client.html)',
  },
  // curl -u user:password
  {program: /^curl$/, options: ['-u', '--user'], source: 'https://curl.se/docs/manpage.html#-u'},
  // sshpass -p password (or -ppassword); -f file, -d fd and -e (SSHPASS) read it from elsewhere.
  {program: /^sshpass$/, options: ['-p'], attached: '-p', source: 'https://manpages.debian.org/bookworm/sshpass/sshpass.1.en.html ("-p password: The password is given on the command line")'},
  // The OpenLDAP clients' simple-bind password (-W prompts, -y reads a file).
  {program: /^ldap(?:search|modify|add|delete|modrdn|compare|whoami|passwd|exop|url)$/, options: ['-w'], source: 'https://www.openldap.org/software/man.cgi?query=ldapsearch ("-w passwd: Use passwd as the password for simple authentication")'},
  // ldappasswd's old and new passwords (in ldapsearch, -a and -s are the deref mode and the scope).
  {program: /^ldappasswd$/, options: ['-a', '-s'], source: 'https://www.openldap.org/software/man.cgi?query=ldappasswd ("-a oldPasswd", "-s newPasswd")'},
  // keytool's passwords; -storepass:env NAME and -storepass:file PATH name where to read them (other options, not matched).
  {program: /^keytool$/, options: ['-storepass', '-keypass', '-srcstorepass', '-deststorepass', '-srckeypass', '-destkeypass', '-new'], source: 'https://docs.oracle.com/en/java/javase/21/docs/specs/man/keytool.html (-storepass, -keypass, -new)'},
  // openssl's pass phrase arguments: only `pass:` holds the phrase itself (env:, file:, fd: and stdin say where to read it).
  {program: /^openssl$/, options: ['-passin', '-passout', '-pass', '-password'], prefix: 'pass:', source: 'https://docs.openssl.org/3.0/man1/openssl-passphrase-options/ ("pass:password: The actual password is password")'},
];

/**
 * Options named for a secret that take no value in any program: they make it read the secret
 * from standard input (`docker login --password-stdin`, the same in helm, podman, skopeo, oras) or
 * prompt for it (`redis-cli --askpass`, ansible's `--ask-pass`, `--ask-become-pass`, `--ask-vault-pass`),
 * and negations (`--no-password`).
 */
const SECRET_SWITCHES: ReadonlyArray<{option: RegExp; source: string}> = [
  {option: /^--[\w-]+-stdin$/, source: 'https://docs.docker.com/reference/cli/docker/login/#password-stdin'},
  {option: /^--ask-?[\w-]*$/, source: 'https://docs.ansible.com/ansible/latest/cli/ansible-playbook.html; https://redis.io/docs/latest/develop/tools/cli/'},
  // The negation of an option (`psql --no-password`: never prompt) takes no value either.
  {option: /^--no-[\w-]+$/, source: 'https://www.postgresql.org/docs/current/app-psql.html (-w --no-password)'},
];

/** HTTP headers that carry a credential (`-H`/`--header` of curl and wget's `--header`). */
const SECRET_HEADERS: ReadonlyArray<{header: RegExp; source: string}> = [
  // GitHub accepts `token` and `Bearer`; RFC 6750 defines Bearer; RFC 7617 Basic.
  {header: /^authorization:\s*(?:token|bearer|basic)\s+(\S+)\s*$/i, source: 'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api; RFC 6750 §2.1; RFC 7617'},
  {header: /^private-token:\s*(\S+)\s*$/i, source: 'https://docs.gitlab.com/api/rest/authentication/'},
  {header: /^x-api-key:\s*(\S+)\s*$/i, source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html'},
];

const HEADER_OPTIONS = new Set(['-H', '--header']);

export interface ArgSecret {
  /** The index of the word that holds the secret. */
  index: number;
  value: string;
  /** What gave it away, for the message (`--requirepass`, `an Authorization header`). */
  why: string;
}

/** A value written out, not taken from the environment or a file at run time. */
function literal(value: string): boolean {
  return value.length >= 6 && !value.includes('$') && !value.startsWith('-') && !isPlaceholder(value);
}

/** The secrets in the words of one command (the program first); dynamic words (`$VAR`) never count. */
export function secretsInArgs(words: readonly string[]): ArgSecret[] {
  const out: ArgSecret[] = [];
  const program = basename(words[0] ?? '');
  const rules = PROGRAM_OPTIONS.filter((p) => p.program.test(program));
  const takesValue = (option: string) => rules.some((r) => r.options.includes(option)) || (option.startsWith('--') && isSecretName(option.slice(2)));
  // A switch takes no value: the word after it is the program's next argument.
  const isSwitch = (option: string) => rules.some((r) => r.switches?.includes(option)) || SECRET_SWITCHES.some((s) => s.option.test(option));
  // `openssl -passin pass:…`: the option's value holds the secret only behind its prefix.
  const valueOf = (option: string, value: string): string | null => {
    const prefix = rules.find((r) => r.prefix !== undefined && r.options.includes(option))?.prefix;
    if (prefix === undefined) return value;
    return value.startsWith(prefix) ? value.slice(prefix.length) : null;
  };
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    const eq = /^(--[A-Za-z][\w-]*)=(.*)$/s.exec(word);
    const given = next === undefined ? null : valueOf(word, next);
    // `mysql -psecret`, `sshpass -psecret`: the value written onto the option.
    const attached = rules.find((r) => r.attached && word.startsWith(r.attached) && word.length > r.attached.length && literal(word.slice(r.attached.length)))?.attached;
    if (eq && takesValue(eq[1]!) && literal(eq[2]!)) out.push({index: i, value: eq[2]!, why: eq[1]!});
    else if (!eq && takesValue(word) && !isSwitch(word) && given !== null && literal(given) && (rules.some((r) => r.options.includes(word)) || !/^[\w.-]{1,5}$/.test(given))) {
      out.push({index: i + 1, value: userPassword(program, word, given), why: word});
      i++;
    } else if (HEADER_OPTIONS.has(word) && next !== undefined) {
      const header = headerSecret(next);
      if (header) out.push({index: i + 1, value: header.value, why: header.why});
      i++;
    } else if (attached !== undefined) {
      out.push({index: i, value: word.slice(attached.length), why: attached});
    } else {
      const header = /^--header=(.*)$/s.exec(word);
      const inHeader = header ? headerSecret(header[1]!) : null;
      if (inHeader) out.push({index: i, value: inHeader.value, why: inHeader.why});
      else {
        const inWord = secretInWord(word);
        if (inWord) out.push({index: i, ...inWord});
      }
    }
  }
  return out;
}

/** `curl -u user:password`: the password part. */
function userPassword(program: string, option: string, value: string): string {
  if (program === 'curl' && (option === '-u' || option === '--user')) return value.slice(value.indexOf(':') + 1);
  return value;
}

function headerSecret(header: string): {value: string; why: string} | null {
  for (const h of SECRET_HEADERS) {
    const m = h.header.exec(header);
    if (m && literal(m[1]!)) return {value: m[1]!, why: `the ${header.slice(0, header.indexOf(':')).trim()} header`};
  }
  return null;
}

/** A URL with a password (`redis://:pass@host`) or a known token anywhere in one word. */
export function secretInWord(word: string): {value: string; why: string} | null {
  const url = /[a-z][a-z0-9+.-]*:\/\/[^:/\s@]*:([^@/\s]+)@/i.exec(word);
  if (url && literal(url[1]!)) return {value: url[1]!, why: 'a URL with a password'};
  // Only known token formats: a long random-looking word in a command is as often a checksum or a URL.
  for (const part of word.split(/[\s=:,;"'@/]+/)) if (isKnownToken(part)) return {value: part, why: 'a token'};
  return null;
}

/** The secrets of a shell command line (`redis-server --requirepass x && …`), with their offsets in `script`. */
export function secretsInShell(script: string): Array<ArgSecret & {start: number; end: number}> {
  const out: Array<ArgSecret & {start: number; end: number}> = [];
  for (const cmd of parseCommands(plainText(script, 0, script.length))) {
    const words = cmd.words;
    for (const s of secretsInArgs(words.map((w) => w.value))) out.push({...s, start: words[s.index]!.start, end: words[s.index]!.end});
  }
  return out;
}

const SHELLS = /^(?:sh|bash|ash|dash|zsh|ksh)$/;

/**
 * The secrets of an exec-form command (`["redis-server", "--requirepass", "…"]`, a container's
 * command + args), the script of `sh -c "…"` included.
 */
export function secretsInExec(words: readonly string[]): ArgSecret[] {
  const c = words.indexOf('-c');
  const script = words[c + 1];
  if (c <= 0 || script === undefined || !SHELLS.test(basename(words[0] ?? ''))) return secretsInArgs(words);
  // The script is read as a shell reads it, not as one word.
  return [...secretsInArgs(words).filter((s) => s.index !== c + 1), ...secretsInShell(script).map((s) => ({index: c + 1, value: s.value, why: s.why}))];
}

/** What the rules that read command lines for secrets say about it in their docs (Markdown): `Secrets in … are reported too …`. */
export function secretArgsDocs(secretsIn: string): string {
  return `${secretsIn} are reported too (without a fix: only the program knows where else it
can read them): an option named for a secret (\`--db-password …\`, \`--token=…\`), \`redis-server
--requirepass\`, \`redis-cli -a\`, \`mysql -p…\`, \`curl -u user:…\`, \`sshpass -p\`, \`ldapsearch -w\`,
\`keytool -storepass\`, \`openssl -passin pass:…\`, an \`Authorization\`/\`PRIVATE-TOKEN\` header,
a URL with a password (\`redis://:…@redis\`) and known token formats (knowledge/secret-args.ts names
the documentation of each). An option that only makes the program prompt for it or read standard
input (\`psql --password\`, \`mysql --password\` without \`=\`, \`--password-stdin\`, \`--ask-pass\`) takes no
value: the word after it is not a secret.`;
}
