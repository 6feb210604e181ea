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

describe('classify: Prometheus rules are manifests, Helm actions are templates', () => {
  const rule = [
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'spec:',
    '  groups:',
    '  - name: alertmanager.rules',
    '    rules:',
    '    - alert: AlertmanagerFailedReload',
    '      annotations:',
    '        description: Configuration has failed to load for {{ $labels.namespace }}/{{ $labels.pod}}.',
    '        summary: Alertmanager {{$labels.job}} found {{ $value | humanizePercentage }} members.',
    '',
  ].join('\n');

  it('reads a PrometheusRule whose alert text holds {{ $labels.instance }} in plain scalars', () => {
    expect(classify('manifests/alertmanager-prometheusRule.yaml', rule)).toEqual({kind: 'kubernetes'});
  });

  it('skips a file whose {{ }} uses a Helm object or function, even inside a plain scalar or a string', () => {
    expect(classify('deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app-{{ .Release.Name }}\n')).toEqual({skip: expect.stringMatching(/Helm template/)});
    expect(classify('deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    chart: "{{ include \\"x.chart\\" . }}"\n')).toEqual({skip: expect.stringMatching(/Helm template/)});
    expect(classify('deploy.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - {{ toYaml .x }}\n')).toEqual({skip: expect.stringMatching(/Helm template/)});
  });

  it('still skips {{ where a value or a line starts', () => {
    expect(classify('deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ $name }}\n')).toEqual({skip: expect.stringMatching(/Helm template/)});
    expect(classify('deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {a: {{ $x }}}\n')).toEqual({skip: expect.stringMatching(/Helm template/)});
  });
});

describe('classify: JSON manifests saved as .yaml', () => {
  it('reads them as Kubernetes (JSON is YAML), and a JSON document without apiVersion/kind as nothing', () => {
    expect(classify('pod.yaml', '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "a"}\n}\n')).toEqual({kind: 'kubernetes'});
    expect(classify('list.yml', '[{"apiVersion": "v1", "kind": "Pod"}]')).toEqual({kind: 'kubernetes'});
    expect(classify('settings.yaml', '{"name": "x"}')).toBeNull();
  });
});
