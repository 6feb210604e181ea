import {describe, expect, it} from 'vitest';
import {renderTemplate, TemplateError} from '../../src/init/template.js';
import {templateSource} from '../../src/cli/init.js';

describe('the template language', () => {
  it('fills placeholders and keeps or drops sections, taking standalone section lines with them', () => {
    const text = 'name: {{name}}\n  {{#vault}}\n  vault: on\n  {{/vault}}\n  {{^vault}}\n  vault: off\n  {{/vault}}\nend\n';
    expect(renderTemplate(text, {name: 'api', vault: true})).toBe('name: api\n  vault: on\nend\n');
    expect(renderTemplate(text, {name: 'api', vault: false})).toBe('name: api\n  vault: off\nend\n');
  });

  it('leaves what other tools write between braces alone', () => {
    const text = 'a: ${{ github.sha }}\nb: "{{ element.name }}"\nc: {{- with secret "x" -}}{{ .Data.data.k }}{{- end -}}\n';
    expect(renderTemplate(text, {})).toBe(text);
  });

  it('throws on an unknown placeholder, a section without a yes/no value, or an unbalanced section', () => {
    expect(() => renderTemplate('{{nmae}}', {name: 'x'}, 't')).toThrow(new TemplateError('t: unknown placeholder {{nmae}}'));
    expect(() => renderTemplate('{{#name}}x{{/name}}', {name: 'x'})).toThrow(/needs a yes\/no value/);
    expect(() => renderTemplate('{{#a}}x', {a: true})).toThrow(/never closed/);
    expect(() => renderTemplate('{{#a}}x{{/b}}', {a: true, b: true})).toThrow(/closes \{\{#a\}\}/);
  });

  it('every template under templates/ uses only known placeholder names and balanced sections', () => {
    const source = templateSource();
    const files = ['common', 'compose', 'k8s', 'policy', 'ci', 'node', 'python', 'go', 'java', 'static'].flatMap((d) => source.list(d));
    expect(files.length).toBeGreaterThan(20);
    const vars = new Proxy({} as Record<string, string | boolean>, {has: () => true, get: (_, key) => (String(key).match(/^(stack[A-Z]|secrets[A-Z]|healthcheck$|signing$)/) ? false : 'x')});
    for (const file of files) expect(() => renderTemplate(source.read(file), vars, file)).not.toThrow();
  });
});
