/**
 * The template language of templates/: Mustache's small core, strict.
 *
 *   {{name}}                 the value of `name` (a string)
 *   {{#vault}} … {{/vault}}  kept when `vault` is true
 *   {{^vault}} … {{/vault}}  kept when `vault` is false
 *
 * A placeholder is `{{` + a bare identifier + `}}`, without spaces, so what other tools write
 * between braces passes through untouched: GitHub Actions' `${{ github.sha }}`, Kyverno's
 * `{{ request.object.metadata.name }}`, Vault Agent's `{{- with secret "…" -}}`. A section tag alone
 * on its line takes the whole line with it. An unknown name or an unclosed section throws: a
 * template bug is found by the tests, never written to a user's file.
 */

export type TemplateVars = Readonly<Record<string, string | boolean>>;

const TAG = /(?<!\$)\{\{([#^/]?)([A-Za-z][A-Za-z0-9]*)\}\}/g;
const STANDALONE = /^[ \t]*\{\{[#^/][A-Za-z][A-Za-z0-9]*\}\}[ \t]*\r?\n/gm;

export class TemplateError extends Error {}

export function renderTemplate(text: string, vars: TemplateVars, file = 'template'): string {
  // Standalone section lines become bare tags, so the line break goes with them.
  const body = text.replace(STANDALONE, (line) => line.trim());
  let out = '';
  let last = 0;
  /** Open sections, and whether the text inside them is kept. */
  const open: Array<{name: string; keep: boolean}> = [];
  const keeping = () => open.every((s) => s.keep);
  for (const match of body.matchAll(TAG)) {
    const [tag, sigil, name] = match as unknown as [string, string, string];
    if (keeping()) out += body.slice(last, match.index);
    last = match.index + tag.length;
    if (!(name in vars)) throw new TemplateError(`${file}: unknown placeholder ${tag}`);
    const value = vars[name]!;
    if (sigil === '#' || sigil === '^') {
      if (typeof value !== 'boolean') throw new TemplateError(`${file}: ${tag} needs a yes/no value, ${name} is text`);
      open.push({name, keep: sigil === '#' ? value : !value});
    } else if (sigil === '/') {
      const closed = open.pop();
      if (closed?.name !== name) throw new TemplateError(`${file}: ${tag} closes ${closed ? `{{#${closed.name}}}` : 'no open section'}`);
    } else {
      if (typeof value !== 'string') throw new TemplateError(`${file}: ${tag} is a yes/no value; use it as a section`);
      if (keeping()) out += value;
    }
  }
  if (open.length > 0) throw new TemplateError(`${file}: {{#${open.at(-1)!.name}}} is never closed`);
  return out + body.slice(last);
}
