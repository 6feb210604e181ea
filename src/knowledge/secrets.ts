import {MASK} from '../core/mask.js';

/**
 * Recognising secrets by name and by value, shared by D106, C211 and K310.
 * A false positive costs trust (users disable the rule), so names are matched as whole words and
 * values must look like real credentials, not placeholders or references.
 */

const SECRET_WORDS = [
  'PASSWORD', 'PASSWD', 'PASS', 'PWD', 'SECRET', 'TOKEN', 'API_KEY', 'APIKEY', 'ACCESS_KEY', 'SECRET_KEY',
  'PRIVATE_KEY', 'CLIENT_SECRET', 'AUTH_TOKEN', 'CREDENTIALS', 'CREDENTIAL', 'ENCRYPTION_KEY', 'SIGNING_KEY',
  'MASTER_KEY', 'DB_PASS', 'SESSION_KEY', 'JWT_SECRET', 'WEBHOOK_SECRET', 'CONNECTION_STRING', 'DSN',
];

/**
 * Names that contain a secret word but are not secrets (paths, modes, public parts, sockets, the
 * address of a token endpoint: `TOKEN_URL`). A URL that carries credentials is still caught by value.
 */
const NOT_SECRET = /(_FILE|_PATH|_DIR|_URL_FILE|_MODE|_TYPE|_METHOD|_LENGTH|_LEN|_MIN|_MAX|_EXPIRY|_EXPIRES|_TTL|_TIMEOUT|_HEADER|_NAME|_ID|_USER|_USERNAME|_ENABLED|_REQUIRED|_POLICY|_SOCK|_LOCATION|_ALGORITHM|_VERSION|_PUBLIC_KEY|PUBLIC_KEY|_HOST|_PORT|_FORMAT|_PROVIDER|_COMMAND|_CMD|_URL|_URLS|_URI|_ENDPOINT|_ISSUER)$|^(PWD|OLDPWD|PASSWORD_STORE_DIR|SSH_AUTH_SOCK|GPG_TTY|TOKENIZERS_PARALLELISM|AUTH_MODE|KEYCLOAK_URL)$/;

/** Names ending in `_ID` that are credentials all the same. */
const CREDENTIAL_IDS = /(^|_)(ACCESS_KEY_ID|SECRET_ID|SECRET_KEY_ID)$/;

/** True when an environment/ARG name says it holds a secret (`DB_PASSWORD`, `GITHUB_TOKEN`, `API_KEY`). */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase().replace(/[-.]/g, '_');
  // Cloud access key ids are half of a credential pair and scanned for as such (AWS_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_ID).
  if (CREDENTIAL_IDS.test(upper)) return true;
  if (NOT_SECRET.test(upper)) return false;
  const words = upper.split('_').filter(Boolean);
  const joined = `_${words.join('_')}_`;
  return SECRET_WORDS.some((word) => joined.includes(`_${word}_`)) || /(?:PASSWORD|PASSWD|SECRET|TOKEN)$/.test(upper.replace(/_/g, ''));
}

const KNOWN_PREFIXES: RegExp[] = [
  /^gh[pousr]_[A-Za-z0-9]{30,}$/, // GitHub tokens
  /^github_pat_[A-Za-z0-9_]{40,}$/,
  /^(?:AKIA|ASIA)[A-Z0-9]{16}$/, // AWS access key ids
  /^xox[abposr]-[A-Za-z0-9-]{10,}$/, // Slack
  /^glpat-[A-Za-z0-9_-]{20,}$/, // GitLab
  /^sk-(?:proj-|live_|test_)?[A-Za-z0-9_-]{20,}$/, // OpenAI / Stripe-like
  /^(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}$/, // Stripe
  /^AIza[0-9A-Za-z_-]{35}$/, // Google API key
  /^npm_[A-Za-z0-9]{36}$/,
  /^SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$/, // SendGrid
  /^eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$/, // JWT
];

/** True when a value is a token of a known format (GitHub, GitLab, AWS key id, Slack, Stripe, …). */
export function isKnownToken(value: string): boolean {
  return KNOWN_PREFIXES.some((re) => re.test(value));
}

/** True when a value looks like a real credential: a known token format, a PEM block, or a long high-entropy string. */
export function looksLikeSecretValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 8) return false;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v)) return true;
  if (KNOWN_PREFIXES.some((re) => re.test(v))) return true;
  // `redis://:pass@host` has no user name, only a password.
  if (/^[a-z][a-z0-9+.-]*:\/\/[^:/\s]*:([^@/\s]{6,})@/i.test(v)) return !isPlaceholder(/:\/\/[^:/\s]*:([^@/\s]+)@/.exec(v)![1]!);
  if (v.length >= 24 && /^[A-Za-z0-9+/=_-]+$/.test(v) && shannonEntropy(v) >= 4.2 && /\d/.test(v) && /[A-Za-z]/.test(v)) return true;
  return false;
}

/** A value that is a reference or a placeholder rather than a secret (`${DB_PASSWORD}`, `changeme`, empty). */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*(?::?[-?][^}]*)?\}?$/.test(v)) return true; // ${VAR}, $VAR, ${VAR:-x}
  if (/^\/run\/secrets\//.test(v) || /^\/(?:etc|var|run|tmp)\//.test(v)) return true;
  if (/^(?:<[^>]*>|\*+|x+|\.\.\.|null|none|undefined|true|false|yes|no)$/i.test(v)) return true;
  // A token a setup script replaces (`GOOGLE_API_KEY_VAL`, `YOUR_TOKEN_HERE`, `REPLACE_ME`).
  if (/^[A-Z][A-Z0-9_]*_(?:VAL|VALUE|HERE|PLACEHOLDER)$|^(?:REPLACE|CHANGE)_?ME$/.test(v)) return true;
  // The word itself where a value goes (`value: SECRET` in a docs example).
  if (/^(?:secret|password|changeme|change[-_]me)$/i.test(v)) return true;
  return false;
}

/** True when a name/value pair carries a literal secret worth reporting. */
export function isLiteralSecret(name: string, value: string | null | undefined): boolean {
  if (value === null || value === undefined || isPlaceholder(value)) return false;
  return isSecretName(name) || looksLikeSecretValue(value);
}

export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * Free text that is no file line (a message, a container's log): every occurrence of a secret value
 * masked. File lines (diffs) are masked where the secret stands instead: core/mask.ts.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(MASK);
  }
  return out;
}
