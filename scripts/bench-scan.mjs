#!/usr/bin/env node
/**
 * Scaling benchmark of the scan and the fix plan: a synthetic repository of N services (each a
 * Dockerfile, a Compose service built from it and a Kubernetes Deployment running it), at N and
 * 4N services, in the same process. Reports the ratio time(4N) / time(N): about 4 means linear,
 * about 16 quadratic (cross-file lookups such as "which Dockerfile builds this image" must stay
 * per-project indexes). Exits 1 when a ratio is over 8.
 *
 *   npm run bench:scan            (builds first)
 *   node scripts/bench-scan.mjs [N]
 */
import {existsSync} from 'node:fs';
import {join, resolve} from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
if (!existsSync(join(ROOT, 'dist/cli.js'))) {
  console.error('bench-scan: dist/ is missing; run `npm run build` first (npm run bench:scan does).');
  process.exit(2);
}
const {buildProject} = await import(join(ROOT, 'dist/core/project.js'));
const {Session} = await import(join(ROOT, 'dist/core/session.js'));
const {RULES} = await import(join(ROOT, 'dist/rules/registry.js'));

function repo(n) {
  const inputs = [];
  let compose = 'services:\n';
  for (let i = 0; i < n; i++) {
    inputs.push({path: `svc${i}/Dockerfile`, kind: 'dockerfile', text: `FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "-m", "svc${i}"]\n`});
    compose += `  svc${i}:\n    build: ./svc${i}\n    image: acme/svc${i}:1.0\n    environment:\n      LOG_LEVEL: info\n    ports:\n      - "${8000 + i}:8000"\n`;
    inputs.push({path: `k8s/svc${i}.yaml`, kind: 'kubernetes', text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc${i}\nspec:\n  selector:\n    matchLabels: {app: svc${i}}\n  template:\n    metadata:\n      labels: {app: svc${i}}\n    spec:\n      containers:\n        - name: svc${i}\n          image: acme/svc${i}:1.0\n          ports:\n            - containerPort: 8000\n`});
  }
  inputs.push({path: 'compose.yaml', kind: 'compose', text: compose});
  return inputs;
}

function time(fn, runs = 3) {
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const n = Number(process.argv[2] ?? 20);
const results = {};
for (const size of [n, 4 * n]) {
  const inputs = repo(size);
  const scan = time(() => new Session(buildProject(['.'], inputs), RULES).findings.length);
  const session = new Session(buildProject(['.'], inputs), RULES);
  const fix = time(() => session.fixWhere((f) => (f.fix && !f.fix.needsInput?.length ? {} : null)), 1);
  results[size] = {scan, fix};
  console.log(`${String(size).padStart(4)} services: scan ${scan.toFixed(0)} ms, fix --unsafe plan ${fix.toFixed(0)} ms`);
}
const scanRatio = results[4 * n].scan / results[n].scan;
const fixRatio = results[4 * n].fix / results[n].fix;
console.log(`ratio at 4x the services: scan ${scanRatio.toFixed(1)}x, fix ${fixRatio.toFixed(1)}x (linear is ~4x, quadratic ~16x)`);
if (scanRatio > 8 || fixRatio > 8) {
  console.log('FAIL: worse than linear');
  process.exit(1);
}
console.log('OK: scales about linearly');
