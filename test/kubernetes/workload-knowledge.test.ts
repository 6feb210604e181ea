/**
 * What the Kubernetes findings say about the workload (issue 10): how sure they are, what they
 * leave for a person to confirm (needsInput with a suggestion), and what they keep.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {findingsOf} from '../helpers/battery.js';

const fixture = (p: string) => readFileSync(join(import.meta.dirname, '../../fixtures/rules', p), 'utf8');
const project = (text: string) => buildProject(['.'], [{path: 'k8s.yaml', kind: 'kubernetes', text}]);
const one = (rule: string, text: string) => {
  const found = findingsOf(project(text), rule);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('K301 and the image profiles', () => {
  it('an image with a user of its own is not called root, and runs as that uid without asking', () => {
    const f = one('K301', fixture('K301/bad-grafana-own-user.yaml'));
    expect(f.message).toMatch(/grafana runs as its own user grafana \(472\)/);
    expect(f.message).not.toMatch(/may run as root/);
    expect(f.certainty).toBe('known');
    expect(f.fix!.needsInput ?? []).toEqual([]);
    expect(f.fix!.params.find((p) => p.name === 'uid')!.default).toBe('472');
  });

  it('an image nobody knows: "not known", how to check, and the uid is a suggestion a person confirms', () => {
    const f = one('K301', fixture('K301/bad-unknown-image-asks.yaml'));
    expect(f.certainty).toBe('not-known');
    expect(f.message).toMatch(/not known/);
    expect(f.advice).toMatch(/docker image inspect --format '\{\{\.Config\.User\}\}' registry\.example\.com\/acme\/billing:4\.2\.0/);
    expect(f.fix!.needsInput).toEqual(['uid', 'gid']);
    expect(f.fix!.params.find((p) => p.name === 'uid')!.default).toBe('10001');
  });

  it('an image that must start as root, and a chown in an init container, get advice instead of a runAsUser', () => {
    for (const name of ['K301/bad-linuxserver-advice.yaml', 'K301/bad-init-chown-advice.yaml', 'K301/bad-httpd-guidance.yaml']) {
      const f = one('K301', fixture(name));
      expect(f.fix, name).toBeNull();
      expect(f.advice, name).toBeTruthy();
    }
  });

  it('official nginx runs as 101 with the unprivileged-port sysctl at its lowest port', () => {
    const f = one('K301', fixture('K301/bad-nginx-port-80.yaml'));
    expect(f.fix!.title).toMatch(/nginx as its own uid 101/);
    expect(fixture('K301/bad-nginx-port-80.fixed.yaml')).toMatch(/name: net\.ipv4\.ip_unprivileged_port_start\n\s+value: "80"/);
  });

  it('a command that clones or installs into the image at start makes the uid a question (kubernetes/examples nodesjs-mongodb)', () => {
    const f = one('K301', fixture('K301/bad-clone-at-start-asks.yaml'));
    expect(f.fix!.needsInput).toEqual(['uid', 'gid']);
    expect(f.message).toMatch(/runs git clone at start/);
    expect(f.certainty).toBe('not-known');
  });

  it('a container writing to an NFS volume (fsGroup does not apply) makes the uid a question', () => {
    const f = one('K301', fixture('K301/bad-nfs-writer-asks.yaml'));
    expect(f.fix!.needsInput).toEqual(['uid', 'gid']);
    expect(f.message).toMatch(/writes to the nfs volume at \/mnt/);
  });

  it('nginx on the node\'s network keeps root with advice: the API server refuses net.* sysctls on a hostNetwork pod', () => {
    const f = one('K301', fixture('K301/bad-nginx-host-network-advice.yaml'));
    expect(f.fix).toBeNull();
    expect(f.message).toMatch(/port 80 on the node's network \(hostNetwork\)/);
    expect(f.advice).toMatch(/Drop hostNetwork/);
  });

  it('an explicit runAsUser: 0 is changed only once a person confirms', () => {
    const f = one('K301', fixture('K301/bad-runasuser-zero.yaml'));
    expect(f.fix!.needsInput).toEqual(['uid', 'gid']);
  });
});

describe('what is set on purpose waits for a person', () => {
  it('K303: privileged outside a node agent is a choice the person makes (false suggested)', () => {
    const f = one('K303', fixture('K303/bad-privileged.yaml'));
    expect(f.certainty).toBe('not-known');
    expect(f.fix!.needsInput).toEqual(['privileged']);
    expect(f.fix!.edits({privileged: 'true'})).toEqual([]);
    expect(f.fix!.edits({privileged: 'false'})).toHaveLength(1);
  });

  it('K304: a capability added on purpose is kept unless the person says otherwise', () => {
    const f = one('K304', fixture('K304/bad-adds-sys-admin.yaml'));
    expect(f.fix!.needsInput).toEqual(['keepCapabilities']);
    const keepText = (params: Record<string, string>) => f.fix!.edits(params).map((e) => e.text).join('');
    expect(keepText({keepCapabilities: 'SYS_ADMIN'})).toMatch(/SYS_ADMIN/);
    expect(keepText({keepCapabilities: 'none'})).not.toMatch(/SYS_ADMIN/);
  });

  it('node agents keep their host access: advice, no fix (K303, K308, K309)', () => {
    for (const [rule, name] of [['K303', 'K303/bad-node-agent-advice.yaml'], ['K308', 'K308/bad-node-exporter-advice.yaml'], ['K309', 'K309/bad-log-shipper-agent.yaml']] as const) {
      const f = one(rule, fixture(name));
      expect(f.fix, name).toBeNull();
      expect(f.message, name).toMatch(/node agent/);
    }
  });

  it('K308 names a container once, with all its host ports', () => {
    const f = one('K308', fixture('K308/bad-host-ports-one-container.yaml'));
    expect(f.message).toMatch(/uses hostPorts 80, 443 on controller: the node's ports 80, 443 lead to it\./);
    expect(f.message.match(/controller/g)).toHaveLength(1);
  });

  it('K308 says what each setting gives the pod, once', () => {
    const f = one('K308', fixture('K308/bad-host-network.yaml'));
    expect(f.message).toMatch(/uses hostNetwork: true, hostPID: true: the pod shares the node's network and the node's processes\./);
    expect(f.message).not.toMatch(/memory/);
    const pid = one('K308', fixture('K308/bad-cronjob-host-pid.yaml'));
    expect(pid.message).toMatch(/the pod shares the node's processes\./);
  });

  it('K308 asks before removing the host ports clients may use (kind maps the node\'s 80/443 to them), naming a Service in front', () => {
    const alone = one('K308', fixture('K308/bad-host-ports-one-container.yaml'));
    expect(alone.fix!.needsInput).toEqual(['removeHostAccess']);
    expect(alone.fix!.edits({removeHostAccess: 'no'})).toEqual([]);
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: ingress\nspec:\n  selector: {app: ingress}\n  ports: [{port: 80}]\n---\n';
    const fronted = one('K308', service + fixture('K308/bad-host-ports-one-container.yaml'));
    expect(fronted.message).toMatch(/Service ingress selects it/);
    expect(fronted.fix!.needsInput).toEqual(['removeHostAccess']);
    const pid = one('K308', fixture('K308/bad-cronjob-host-pid.yaml'));
    expect(pid.fix!.needsInput ?? []).toEqual([]);
  });

  it('K302 asks before turning off an allowPrivilegeEscalation: true written on purpose', () => {
    const f = one('K302', fixture('K302/bad-explicit-true.yaml'));
    expect(f.fix!.needsInput).toEqual(['allowPrivilegeEscalation']);
    expect(f.fix!.edits({allowPrivilegeEscalation: 'true'})).toEqual([]);
  });
});

describe('Windows pods', () => {
  it('get no Linux-only finding (K302, K304, K305, K306)', () => {
    const text = fixture('K304/ok-windows-pod.yaml');
    for (const rule of ['K302', 'K304', 'K305', 'K306']) expect(findingsOf(project(text), rule), rule).toEqual([]);
  });
});

describe('K314 and objects an operator turns into pods', () => {
  it('asks a person to confirm the quota and defaults where a custom resource may run pods the repository does not show', () => {
    const f = one('K314', fixture('K314/bad-operator-objects/monitoring.yaml'));
    expect(f.certainty).toBe('not-known');
    expect(f.message).toMatch(/Prometheus object in it may have an operator create pods/);
    expect(f.fix!.needsInput).toEqual(['quotaCpu', 'quotaMemory', 'quotaPods', 'k8sMemoryLimit']);
  });
});
