import {describe, expect, it} from 'vitest';
import {detectEngine, exec, type Exec} from '../../src/verify/engine.js';

/** A command line where each command answers as the test says (null: not installed). */
function fakeExec(answers: Record<string, {code: number; output: string} | null>): Exec {
  return async (command, args) => {
    const key = `${command} ${args.join(' ')}`;
    const match = Object.keys(answers).find((k) => key.startsWith(k));
    const answer = match === undefined ? null : answers[match]!;
    return answer ?? {code: null, output: `${command}: not found`};
  };
}

describe('detectEngine', () => {
  it('takes Docker Compose v2 when its daemon answers', async () => {
    const found = await detectEngine({exec: fakeExec({'docker compose version': {code: 0, output: '2.29.1\n'}, 'docker info': {code: 0, output: '27.1.1\n'}})});
    expect('engine' in found && found.engine.description).toBe('docker 27.1.1 with Docker Compose 2.29.1');
  });

  it('a docker client without a daemon is no engine: podman is taken instead, or the one line says why', async () => {
    const noDaemon = {'docker compose version': {code: 0, output: '2.29.1'}, 'docker info': {code: 1, output: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n'}};
    const podman = {'podman --version': {code: 0, output: 'podman version 4.3.1\n'}, 'podman-compose version': {code: 0, output: "['podman', '--version', '']\nusing podman version: 4.3.1\npodman-composer version  1.0.3\n"}, 'podman info': {code: 0, output: 'runc\n'}};
    const both = await detectEngine({exec: fakeExec({...noDaemon, ...podman})});
    expect('engine' in both && both.engine.description).toBe('podman 4.3.1 with podman-compose 1.0.3');
    const none = await detectEngine({exec: fakeExec(noDaemon)});
    expect(none).toEqual({
      problem: "no container engine to start the stack: docker's daemon does not answer (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?); podman is not installed",
    });
  });

  it('names what is missing, and honours --engine', async () => {
    expect(await detectEngine({exec: fakeExec({'podman --version': {code: 0, output: 'podman version 4.3.1'}})})).toEqual({
      problem: 'no container engine to start the stack: docker is not installed; podman is installed but podman-compose is not',
    });
    const docker = {'docker compose version': {code: 0, output: '2.29.1'}, 'docker info': {code: 0, output: '27.1.1'}};
    expect(await detectEngine({exec: fakeExec(docker), prefer: 'podman'})).toEqual({problem: 'no container engine to start the stack: podman is not installed'});
  });
});

describe('exec', () => {
  it('collects the output, reports a missing command, and stops one that runs too long', async () => {
    expect(await exec('sh', ['-c', 'echo out; echo err >&2; exit 3'], {timeout: 10_000})).toEqual({code: 3, output: 'out\nerr\n'});
    expect(await exec('shipshape-no-such-command', [], {timeout: 10_000})).toEqual({code: null, output: 'shipshape-no-such-command: not found'});
    const slow = await exec('sh', ['-c', 'sleep 30'], {timeout: 200});
    expect(slow.code).toBeNull();
    expect(slow.output).toMatch(/stopped after 1 s/);
  });
});
