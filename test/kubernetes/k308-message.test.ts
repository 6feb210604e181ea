/** K308 names each container once, with its host ports (ingress-nginx: "a hostPort on controller, a hostPort on controller"). */
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {runRules} from '../../src/core/engine.js';
import {RULES} from '../../src/rules/registry.js';

function k308Messages(spec: string): string[] {
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ingress\nspec:\n${spec}`;
  const project = buildProject(['.'], [{path: 'pod.yaml', kind: 'kubernetes', text}]);
  return runRules(project, {rules: RULES.filter((r) => r.id === 'K308')}).findings.map((f) => f.message);
}

describe('K308 message', () => {
  it('lists the host ports of a container once, by number', () => {
    const [message] = k308Messages(
      ['  containers:', '    - name: controller', '      image: registry.k8s.io/ingress-nginx/controller:v1.12.0', '      ports:', '        - containerPort: 80', '          hostPort: 80', '        - containerPort: 443', '          hostPort: 443', ''].join('\n'),
    );
    expect(message).toBe('Pod/ingress uses hostPorts 80, 443 on controller; it binds a port of the node itself, so two replicas cannot run on one node. Remove it');
  });

  it('gives each reason once when host namespaces and a host port are both used', () => {
    const [message] = k308Messages(
      ['  hostNetwork: true', '  containers:', '    - name: agent', '      image: ghcr.io/acme/agent:1.0.0', '      ports:', '        - containerPort: 9100', '          hostPort: 9100', '    - name: sidecar', '      image: ghcr.io/acme/sidecar:1.0.0', ''].join('\n'),
    );
    expect(message).toBe("Pod/ingress uses hostNetwork: true, hostPort 9100 on agent; it shares the node's network, processes or memory with the pod; a hostPort binds a port of the node itself, so two replicas cannot run on one node. Remove it");
  });
});
