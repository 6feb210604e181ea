import {describe, expect, it} from 'vitest';
import {isScalar, type YAMLMap} from 'yaml';
import {parseYaml, YamlSyntaxError} from '../../src/formats/yaml/parse.js';

// microservices-demo/microservices-demo deploy/kubernetes/manifests-monitoring/23-grafana-import-dash-batch.yaml
const job = [
  'apiVersion: batch/v1',
  'kind: Job',
  'spec:',
  '  template:',
  '    metadata:',
  '      annotations:',
  "        pod.beta.kubernetes.io/init-containers: '[",
  '          {',
  '            "name": "wait-for-endpoints",',
  "            \"command\": [\"fish\", \"-c\", \"echo ''waiting''\"]",
  '          }',
  "        ]'",
  '        other: "a',
  '      b"',
  '    spec:',
  '      containers:',
  '      - name: import',
  '        image: giantswarm/tiny-tools',
  '',
].join('\n');

describe('parseYaml: quoted scalars indented as go-yaml accepts them', () => {
  it('reads a multi-line quoted scalar whose closing line is no deeper than its key, with its value and offsets', () => {
    for (const text of [job, job.replace(/\n/g, '\r\n')]) {
      const [doc] = parseYaml(text, '1.1');
      const annotations = doc!.getIn(['spec', 'template', 'metadata', 'annotations'], true) as YAMLMap;
      const value = annotations.get('pod.beta.kubernetes.io/init-containers', true);
      expect(isScalar(value)).toBe(true);
      expect(JSON.parse(String(isScalar(value) && value.value))).toEqual([{name: 'wait-for-endpoints', command: ['fish', '-c', "echo 'waiting'"]}]);
      expect(annotations.get('other')).toBe('a b');
      // Offsets are those of the file: the image scalar is where the text has it.
      const image = doc!.getIn(['spec', 'template', 'spec', 'containers', 0, 'image'], true);
      expect(isScalar(image) && text.slice(image.range![0], image.range![1])).toBe('giantswarm/tiny-tools');
    }
  });

  it('still refuses a quote that is never closed, or one a document marker ends', () => {
    expect(() => parseYaml("a: 'open\nb: 1\n", '1.1')).toThrow(YamlSyntaxError);
    expect(() => parseYaml("a: 'one\n---\nb: 'two'\n", '1.1')).toThrow(YamlSyntaxError);
  });
});
