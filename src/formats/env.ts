/**
 * Reading a `.env` file as Compose reads it for `${VAR}` interpolation: `NAME=value`,
 * `export NAME=value`, `#` comments, quoted values taken verbatim, an unquoted value's trailing
 * ` # comment` dropped. Source: https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax
 */
export function parseDotEnv(text: string | null): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of (text ?? '').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) continue;
    let value = m[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted ? quoted[2]! : value.replace(/\s+#.*$/, '');
    vars.set(m[1]!, value);
  }
  return vars;
}
