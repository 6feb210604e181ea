/**
 * One Dockerfile reading layer: exec-form (JSON) arguments are read by execFormArgs as BuildKit
 * reads them, and the users a RUN creates are read with parseRun's shell reading.
 */
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {isParseFailure, parseSource, type DockerfileSource} from '../../src/core/source.js';
import {execFormArgs} from '../../src/formats/dockerfile/shell.js';
import {createdAccounts, dockerfileUser} from '../../src/knowledge/dockerfile-user.js';

function df(text: string): DockerfileSource {
  const s = parseSource('Dockerfile', 'dockerfile', text);
  if (isParseFailure(s) || s.kind !== 'dockerfile') throw new Error('fixture does not parse');
  return s;
}

const args = (text: string) => {
  const source = df(text);
  return source.dockerfile.stages[0]!.instructions.map((i) => execFormArgs(source, i));
};

describe('execFormArgs', () => {
  it('reads JSON arguments, after flags and across continuation and comment lines', () => {
    expect(args('FROM x\nCMD ["node", "server.js"]\nCOPY --chown=1:1 ["a b", "/app/"]\nSHELL ["bash", "-o", "pipefail", "-c"]\n')).toEqual([
      ['node', 'server.js'],
      ['a b', '/app/'],
      ['bash', '-o', 'pipefail', '-c'],
    ]);
    expect(args('FROM x\nENTRYPOINT ["tini", \\\n  # the init\n  "--", "app"]\n')).toEqual([['tini', '--', 'app']]);
    expect(args('FROM x\r\nCMD ["a\\"b", \\\r\n  "c"]\r\n')).toEqual([['a"b', 'c']]);
  });

  it('is null for shell form, and for JSON that is not an array of strings (BuildKit runs that as shell form)', () => {
    expect(args('FROM x\nCMD node server.js\nCMD ["node", 1]\nCMD {"a": 1}\nCMD [node]\nRUN <<EOF\n["x"]\nEOF\n')).toEqual([null, null, null, null, null]);
  });
});

describe('the users a RUN creates', () => {
  it('are read in exec-form RUNs and after RUN flags', () => {
    const source = df('FROM debian:bookworm-slim\nRUN ["groupadd", "-g", "2001", "web"]\nRUN --mount=type=cache,target=/var/cache useradd --uid 2000 --gid web web\nUSER web\n');
    const accounts = createdAccounts(source.dockerfile.stages[0]!.instructions);
    expect(accounts.groups).toMatchObject([{name: 'web', id: 2001}]);
    expect(accounts.users).toMatchObject([{name: 'web', id: 2000, group: 'web'}]);
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: source.text}]);
    expect(dockerfileUser(project, 'Dockerfile')).toMatchObject({kind: 'non-root', uid: 2000, gid: 2001});
  });

  it('substitute ARG values in the words, and read `bash <<EOF` heredoc scripts', () => {
    const text = 'FROM alpine:3.20\nARG UID=3000\nRUN bash -e <<EOF\naddgroup -S -g "${UID}" svc\nadduser -S -D -u "${UID}" -G svc svc\nEOF\nUSER svc\n';
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]);
    expect(dockerfileUser(project, 'Dockerfile')).toMatchObject({kind: 'non-root', name: 'svc', uid: 3000, gid: 3000});
  });
});
