#!/usr/bin/env node
/**
 * The steps of action.yml (the GitHub Action), runnable anywhere with Node.js:
 *
 *   node action/run.mjs install   build shipshape in this checkout (npm ci; its prepare builds dist/)
 *   node action/run.mjs check     check the workspace: SARIF to a file, a GitHub annotation per
 *                                 finding, step outputs; exits as `shipshape check` does (0, 1, 2)
 *
 * The inputs come as environment variables, which action.yml sets from the action's inputs:
 *   SHIPSHAPE_PATHS       files or folders, one per line or separated by spaces (default .)
 *   SHIPSHAPE_FAIL_ON     info|low|medium|high|critical (default: the config's failOn, else low)
 *   SHIPSHAPE_CONFIG      a .shipshape.yaml to use instead of the one in the folder checked
 *   SHIPSHAPE_SARIF_FILE  where the SARIF report goes (default shipshape.sarif)
 * and GITHUB_OUTPUT, when set, receives the outputs sarif-file, findings and exit-code.
 */
import {spawnSync} from 'node:child_process';
import {appendFileSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';

const ACTION_ROOT = resolve(import.meta.dirname, '..');
const env = process.env;

function install() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {cwd: ACTION_ROOT, stdio: 'inherit', shell: process.platform === 'win32'});
  if (result.status !== 0) {
    console.error('shipshape action: npm ci failed in the action folder');
    process.exit(result.status ?? 2);
  }
}

/** One path per line when the input has line breaks (paths with spaces), else separated by spaces. */
function splitPaths(input = '') {
  const text = input.trim();
  if (!text) return ['.'];
  return (text.includes('\n') ? text.split(/\r?\n/) : text.split(/\s+/)).map((p) => p.trim()).filter(Boolean);
}

/** The argument list of `shipshape check` for the action's inputs. */
function checkArgs(inputs) {
  const args = ['check', '--format', 'sarif'];
  if (inputs.failOn) args.push('--fail-on', inputs.failOn);
  if (inputs.config) args.push('--config', inputs.config);
  return [...args, '--', ...splitPaths(inputs.paths)];
}

const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** A GitHub workflow command that puts a finding beside its line in the pull request. */
function annotation(result, rules) {
  const level = result.level === 'error' ? 'error' : result.level === 'warning' ? 'warning' : 'notice';
  const location = result.locations?.[0]?.physicalLocation;
  const file = location ? location.artifactLocation.uri.split('/').map(decodeURIComponent).join('/') : '';
  const region = location?.region ?? {};
  const properties = [
    ...(file ? [`file=${escapeProperty(file)}`] : []),
    ...(region.startLine ? [`line=${region.startLine}`, `endLine=${region.endLine ?? region.startLine}`] : []),
    ...(region.startColumn && region.startLine === region.endLine ? [`col=${region.startColumn}`, `endColumn=${region.endColumn ?? region.startColumn}`] : []),
    `title=${escapeProperty(`${result.ruleId} ${rules.get(result.ruleId) ?? ''}`.trim())}`,
  ];
  return `::${level} ${properties.join(',')}::${escapeData(result.message.text)}`;
}

function check() {
  const sarifFile = env.SHIPSHAPE_SARIF_FILE || 'shipshape.sarif';
  const args = checkArgs({paths: env.SHIPSHAPE_PATHS, failOn: env.SHIPSHAPE_FAIL_ON, config: env.SHIPSHAPE_CONFIG});
  console.log(`shipshape ${args.join(' ')}`);
  const run = spawnSync(process.execPath, [join(ACTION_ROOT, 'bin/shipshape.js'), ...args], {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: {...env, NO_COLOR: '1'}});
  if (run.stderr) process.stderr.write(run.stderr);
  const code = run.status ?? 2;
  const outputs = {'exit-code': String(code)};
  if (code === 0 || code === 1) {
    const sarif = JSON.parse(run.stdout);
    writeFileSync(sarifFile, run.stdout);
    const tool = sarif.runs[0].tool.driver;
    const rules = new Map(tool.rules.map((r) => [r.id, r.name]));
    const results = sarif.runs[0].results;
    for (const result of results) console.log(annotation(result, rules));
    const levels = ['error', 'warning', 'note'].map((l) => [l, results.filter((r) => r.level === l).length]).filter(([, n]) => n > 0);
    console.log(`shipshape: ${results.length} finding(s)${levels.length ? ` (${levels.map(([l, n]) => `${n} ${l}`).join(', ')})` : ''}; SARIF report in ${sarifFile}`);
    outputs['sarif-file'] = sarifFile;
    outputs.findings = String(results.length);
  }
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
  process.exit(code);
}

const command = process.argv[2];
if (command === 'install') install();
else if (command === 'check') check();
else {
  console.error('usage: node action/run.mjs install|check');
  process.exit(2);
}
