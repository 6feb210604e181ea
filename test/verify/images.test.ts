import {describe, expect, it} from 'vitest';
import {imageProblem} from '../../src/verify/images.js';

// Outputs as the engines print them (podman 4.3 and Docker 27 with BuildKit and Compose v2).
describe('imageProblem: which image the engine could not get, and why', () => {
  it('podman: a build whose FROM cannot be pulled, a short name without a search registry, a registry that refuses the connection', () => {
    const build = [
      'STEP 1/8: FROM node:20-bookworm-slim',
      'Resolved "node" as an alias (/etc/containers/registries.conf.d/shortnames.conf)',
      'Trying to pull docker.io/library/node:20-bookworm-slim...',
      'Error: creating build container: initializing source docker://node:20-bookworm-slim: pinging container registry registry-1.docker.io: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host',
    ].join('\n');
    expect(imageProblem(build)).toEqual({image: 'node:20-bookworm-slim', reason: 'the registry registry-1.docker.io cannot be reached (no such host)'});
    expect(imageProblem('short-name "postgres:16" did not resolve to an alias and no unqualified-search registries are defined in "/etc/containers/registries.conf"', 'postgres:16')).toEqual({
      image: 'postgres:16',
      reason: 'podman has no registry for short names (add unqualified-search-registries = ["docker.io"] to /etc/containers/registries.conf)',
    });
    const refused =
      'time="2026-12-06T04:45:30Z" level=warning msg="Failed, retrying in 1s ... (2/3). Error: initializing source docker://localhost/x:1: pinging container registry localhost: …"\n' +
      'Error: initializing source docker://localhost/shipshape-missing:1: pinging container registry localhost: Get "https://localhost/v2/": dial tcp 127.0.0.1:443: connect: connection refused';
    expect(imageProblem(refused)).toEqual({image: 'localhost/shipshape-missing:1', reason: 'the registry localhost cannot be reached (connection refused)'});
    expect(imageProblem('Error: initializing source docker://docker.io/library/redis:99: reading manifest 99 in docker.io/library/redis: manifest unknown')).toEqual({
      image: 'docker.io/library/redis:99',
      reason: 'the registry has no such tag',
    });
  });

  it('Docker: BuildKit, the daemon, Compose naming only the service (the image then comes from the Compose file)', () => {
    expect(
      imageProblem(
        'ERROR: failed to solve: node:20-bookworm-slim: failed to resolve source metadata for docker.io/library/node:20-bookworm-slim: failed to do request: Head "https://registry-1.docker.io/v2/library/node/manifests/20-bookworm-slim": dial tcp: lookup registry-1.docker.io: no such host',
      ),
    ).toEqual({image: 'docker.io/library/node:20-bookworm-slim', reason: 'the registry registry-1.docker.io cannot be reached (no such host)'});
    expect(imageProblem("Error response from daemon: pull access denied for acme/private, repository does not exist or may require 'docker login': denied: requested access to the resource is denied")).toEqual({
      image: 'acme/private',
      reason: 'the registry refused it (it does not exist, or needs a login first)',
    });
    expect(imageProblem(' ✘ db Error Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: i/o timeout', 'postgres:16')).toEqual({
      image: 'postgres:16',
      reason: 'the registry registry-1.docker.io cannot be reached (i/o timeout)',
    });
  });

  it('a build that fails at a step of its own, or a container that fails, is no image problem', () => {
    expect(imageProblem('STEP 3/5: RUN make\nmake: *** No rule to make target\nError: building at STEP "RUN make"')).toBeNull();
    expect(imageProblem('Error: runc: runc create failed: unable to start container process: error setting rlimits', 'web:1')).toBeNull();
  });
});
