/**
 * The deterministic inputs of `npm run bench` (issue 11): a synthetic monorepo, a Compose file of
 * many services on one anchor, a long Dockerfile, a Compose file of very many services.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';

const write = (root, path, text) => {
  const file = join(root, path);
  mkdirSync(dirname(file), {recursive: true});
  writeFileSync(file, text);
};

const DOCKERFILES = [
  (i) => `FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl build-essential\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nENV API_KEY=sk_live_${String(i).padStart(8, '0')}abcdefabcdef\nEXPOSE 8000\nCMD ["python", "-m", "svc${i}"]\n`,
  (i) => `FROM node:20 AS build\nWORKDIR /src\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nRUN npm run build\n\nFROM node:20-alpine\nWORKDIR /app\nCOPY --from=build /src/dist ./dist\nUSER root\nEXPOSE 3000\nCMD node dist/server${i}.js\n`,
  (i) => `FROM nginx:latest\nRUN apt-get update && apt-get install -y wget\nADD https://example.com/site${i}.tar.gz /tmp/\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY public /usr/share/nginx/html\n`,
  (i) => `FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app${i} ./cmd/app\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app${i} /app\nENTRYPOINT ["/app"]\n`,
];

const compose = (i) => `x-defaults: &defaults
  restart: unless-stopped
  environment:
    LOG_LEVEL: info
services:
  web:
    <<: *defaults
    build: ./web
    image: acme/web${i}:1.0
    ports:
      - "${8000 + (i % 1000)}:8000"
    environment:
      DATABASE_URL: postgres://app:hunter2@db:5432/app
  worker:
    <<: *defaults
    build:
      context: ./worker
    privileged: true
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: example
    volumes:
      - db-data:/var/lib/postgresql/data
volumes:
  db-data: {}
`;

/** A workload of `kind` named `name` in `ns` whose pod spec is `pod` (indented under `spec:`). */
const workload = (kind, name, ns, extra, pod) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${extra}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${pod}`;

const deployment = (i, ns) =>
  workload('Deployment', `web${i}`, ns, '  replicas: 2\n', `      containers:
        - name: web
          image: acme/web${i}:1.0
          ports:
            - containerPort: 8000
          env:
            - name: DB_PASSWORD
              value: hunter2
          readinessProbe:
            httpGet: {path: /healthz, port: 8000}
`);

const multiDoc = (i, ns) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: v1
kind: Service
metadata:
  name: web${i}
  namespace: ${ns}
spec:
  selector: {app: web${i}}
  ports:
    - port: 80
      targetPort: 8000
---
${workload('StatefulSet', `cache${i}`, ns, `  serviceName: cache${i}\n`, `      hostNetwork: true
      containers:
        - name: redis
          image: redis:7
          securityContext:
            privileged: true
`)}`;

const workflow = (i) => `name: ci${i}
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t acme/web${i}:latest ./web
      - run: docker push acme/web${i}:latest
`;

const source = (i, j) => `export function handler${i}_${j}(input: string): string {\n  return input.split('').reverse().join('') + '${i}-${j}';\n}\n`;

/**
 * One copy of a varied project at `prefix`: Dockerfiles of four shapes, a Compose file on an
 * anchor, Kubernetes manifests (one multi-document with a Namespace), a CI workflow, and source
 * files no rule reads. Twenty-two files, eleven of them container files.
 */
function writeCopy(root, prefix, i, extraSources) {
  const ns = `team${i}`;
  write(root, `${prefix}/web/Dockerfile`, DOCKERFILES[i % 4](i));
  write(root, `${prefix}/worker/Dockerfile`, DOCKERFILES[(i + 1) % 4](i));
  write(root, `${prefix}/tools/Dockerfile.migrate`, DOCKERFILES[(i + 2) % 4](i));
  write(root, `${prefix}/docker-compose.yml`, compose(i));
  write(root, `${prefix}/deploy/deployment.yaml`, deployment(i, ns));
  write(root, `${prefix}/deploy/install.yaml`, multiDoc(i, ns));
  write(root, `${prefix}/.github/workflows/ci.yml`, workflow(i));
  write(root, `${prefix}/web/.dockerignore`, 'node_modules\n.git\n');
  for (let j = 0; j < extraSources; j++) write(root, `${prefix}/src/mod${j % 7}/file${j}.ts`, source(i, j));
  write(root, `${prefix}/README.md`, `# service ${i}\n`);
}

/** A large binary (deterministic bytes) no rule reads: discovery must not read it whole into a parser. */
function writeBinary(root, path, bytes) {
  const buf = Buffer.alloc(bytes);
  let x = 12345;
  for (let k = 0; k < bytes; k++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    buf[k] = x >> 16;
  }
  write(root, path, buf);
}

/**
 * A synthetic monorepo of `copies` projects in nested folders, plus gitignored and always-skipped
 * trees (node_modules, dist, vendor) holding more container files that must not be read, and a
 * large binary. `extraSources` unrelated files per copy, and `ignoredFiles` files in the ignored
 * trees, let the same shape reach a given file count. Returns the number of files written.
 */
export function writeMonorepo(root, {copies, extraSources = 10, ignoredFiles = 60}) {
  write(root, '.gitignore', 'dist/\n*.log\n');
  let files = 1;
  for (let i = 0; i < copies; i++) {
    writeCopy(root, `services/group${i % 8}/svc${i}`, i, extraSources);
    files += 9 + extraSources;
  }
  for (let k = 0; k < ignoredFiles; k++) {
    const tree = ['node_modules/pkg', 'dist/out', 'vendor/lib'][k % 3];
    write(root, `${tree}${k % 50}/m${k}/${k % 2 ? 'Dockerfile' : 'docker-compose.yml'}`, k % 2 ? DOCKERFILES[k % 4](k) : compose(k));
    files++;
  }
  writeBinary(root, 'assets/blob.bin', 8 * 1024 * 1024);
  return files + 1;
}

/** A Compose file of `n` services that all merge one `<<: *defaults` anchor. */
export function anchoredCompose(n) {
  let text = 'x-defaults: &defaults\n  image: acme/app:1.0\n  restart: unless-stopped\n  environment:\n    LOG_LEVEL: info\n  volumes:\n    - ./data:/data\nservices:\n';
  for (let i = 0; i < n; i++) text += `  svc${i}:\n    <<: *defaults\n    command: ["run", "svc${i}"]\n    ports:\n      - "${8000 + i}:8000"\n`;
  return text;
}

/** A Compose file of `n` small services (the crash case of issue 11 at 15,000). */
export function manyServices(n) {
  let text = 'services:\n';
  for (let i = 0; i < n; i++) text += `  s${i}:\n    image: nginx:1.25\n`;
  return text;
}

/** A Dockerfile of about `lines` lines, most of them RUN instructions (apt-get among them). */
export function longDockerfile(lines) {
  let text = 'FROM debian:12\n';
  for (let i = 1; i < lines - 1; i++) {
    text += i % 10 === 0 ? `RUN apt-get update && apt-get install -y pkg${i}\n` : i % 10 === 5 ? `ENV STEP_${i}=${i}\n` : `RUN echo step ${i} > /tmp/step${i}\n`;
  }
  return text + 'CMD ["bash"]\n';
}

export {write};
