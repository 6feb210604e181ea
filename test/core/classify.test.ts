import {describe, expect, it} from 'vitest';
import {classify} from '../../src/core/classify.js';

describe('classify: Helm templates and manifests with braces of their own', () => {
  it('skips a manifest with {{ }} in its YAML structure', () => {
    expect(classify('deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n')).toEqual({skip: expect.stringMatching(/Helm template/)});
    expect(classify('deploy.yaml', 'apiVersion: v1\nkind: Pod\n{{- if .Values.x }}\nmetadata:\n  name: a\n{{- end }}\n')).toEqual({skip: expect.stringMatching(/Helm template/)});
  });

  it('reads one whose {{ }} are inside quoted strings or block scalars (Kyverno variables, Vault Agent templates)', () => {
    const kyverno = 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nspec:\n  value: "{{ element.securityContext }}"\n';
    const vault = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    metadata:\n      annotations:\n        t: |\n          {{- with secret "x" -}}{{ .Data }}{{- end -}}\n        u: plain\n';
    expect(classify('policy.yaml', kyverno)).toEqual({kind: 'kubernetes'});
    expect(classify('deployment.yaml', vault)).toEqual({kind: 'kubernetes'});
    // In a chart's templates/ folder any {{ }} still means Helm.
    expect(classify('chart/templates/policy.yaml', kyverno)).toEqual({skip: expect.stringMatching(/Helm template/)});
  });
});
