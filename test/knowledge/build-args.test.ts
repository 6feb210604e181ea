import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {parseDockerfile} from '../../src/formats/dockerfile/parse.js';
import {requiredBuildArgs} from '../../src/formats/dockerfile/stages.js';
import {buildArgsOf, buildCommands} from '../../src/knowledge/build-args.js';

describe('requiredBuildArgs', () => {
  const required = (text: string) => requiredBuildArgs(parseDockerfile(text));

  it('names ARGs without a value that a FROM, COPY, ADD, EXPOSE, WORKDIR or USER of a built stage uses', () => {
    expect(required('ARG ARCH\nFROM golang:1.26 AS build\nRUN make\nFROM gcr.io/distroless/static:latest-$ARCH\nCOPY --from=build /x /\n')).toEqual(['ARCH']);
    expect(required('FROM eclipse-temurin:17 AS builder\nARG ARTIFACT_NAME\nCOPY ${ARTIFACT_NAME}.jar app.jar\nFROM eclipse-temurin:17\nARG EXPOSED_PORT\nEXPOSE ${EXPOSED_PORT}\nCOPY --from=builder /app.jar /\n')).toEqual(['ARTIFACT_NAME', 'EXPOSED_PORT']);
  });

  it('leaves out ARGs with a default (own, global or ${X:-d}), set by ENV, only used by RUN, BuildKit platform ARGs, and stages the build does not run', () => {
    expect(required('ARG TAG=3.12\nFROM python:$TAG\nARG TAG\nWORKDIR /srv/$TAG\n')).toEqual([]);
    expect(required('FROM alpine:3.20\nARG DIR\nENV DIR=/app\nWORKDIR $DIR\nARG V\nCOPY ${V:-x}.txt /\nARG GIT_TAG\nRUN echo $GIT_TAG\n')).toEqual([]);
    expect(required('FROM --platform=$BUILDPLATFORM golang:1.26 AS b\nARG TARGETARCH\nCOPY bin-$TARGETARCH /\nFROM alpine:3.20 AS unused\nARG X\nCOPY $X /\nFROM b\n')).toEqual([]);
  });
});

describe('buildCommands', () => {
  it('reads docker, podman, buildx and $(CONTAINER_CLI) builds with their -f, context and --build-arg', () => {
    expect(buildCommands('${CONTAINER_CLI} build -t r/x:$(TAG) --build-arg ARCH=$(ARCH) --build-arg=GIT_TAG=v1 .')).toEqual([{file: null, context: '.', args: new Map([['ARCH', '$(ARCH)'], ['GIT_TAG', 'v1']])}]);
    expect(buildCommands('cd app && docker buildx build --platform linux/amd64 -f docker/Dockerfile \\\n  --build-arg "NODE=22" --build-arg TOKEN --push .')).toEqual([{file: 'docker/Dockerfile', context: '.', args: new Map([['NODE', '22'], ['TOKEN', null]])}]);
    expect(buildCommands('echo build it; podman build svc/api')).toEqual([{file: null, context: 'svc/api', args: new Map()}]);
    expect(buildCommands('docker compose build\ndocker run --rm x build')).toEqual([]);
  });
});

describe('buildArgsOf', () => {
  it('takes values from Compose build.args, workflows and Makefiles, resolving Make variables, never a secret or an unknown value', () => {
    const dockerfile = 'ARG NODE\nFROM node:${NODE}-slim\nARG APP\nARG ARCH\nARG NPM_TOKEN\nARG GIT_COMMIT\nCOPY $APP/ /app\n';
    const project = buildProject(
      ['.'],
      [
        {path: 'svc/Dockerfile', kind: 'dockerfile', text: dockerfile},
        {path: 'compose.yaml', kind: 'compose', text: 'services:\n  api:\n    build:\n      context: .\n      dockerfile: svc/Dockerfile\n      args: ["NODE=22", "NPM_TOKEN=npm_4f9aQ2wX7rT1yU8iO3pL6kJ5hG0fD9sA"]\n'},
        {path: '.github/workflows/ci.yml', kind: 'ci', text: 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build --build-arg NODE=20 --build-arg GIT_COMMIT=${{ github.sha }} -f svc/Dockerfile .\n'},
      ],
      {aux: new Map([['Makefile', 'ARCH ?= arm64\nAPP := services/$(NAME)\nNAME = api\nimage:\n\tdocker build --build-arg ARCH=$(ARCH) --build-arg APP=$(APP) -f svc/Dockerfile .\n']])},
    );
    const found = buildArgsOf(project, 'svc/Dockerfile');
    expect(found.required).toEqual(['APP', 'NODE']);
    expect(Object.fromEntries([...found.given].map(([k, v]) => [k, [v.value, v.from]]))).toEqual({
      NODE: ['22', 'compose.yaml (services.api.build.args)'],
      ARCH: ['arm64', 'Makefile'],
      APP: ['services/api', 'Makefile'],
    });
    expect(found.missing).toEqual([]);
    expect(found.context).toBe('.');
  });
});
