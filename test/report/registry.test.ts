/** The reporter registry: every format loads a reporter of the one signature, and the CLI's --format and help derive from it. */
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {HELP, parseArgs} from '../../src/cli/args.js';
import {buildProject} from '../../src/core/project.js';
import {runRules} from '../../src/core/engine.js';
import {buildReport, wholeText} from '../../src/report/model.js';
import {FORMATS, REPORT_FORMATS, reporterFor} from '../../src/report/registry.js';
import {RULES} from '../../src/rules/registry.js';

const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: 'FROM python\nCMD python app.py\n'}]);
const report = buildReport(project, runRules(project, {rules: RULES}).findings);

describe('report formats', () => {
  it.each(REPORT_FORMATS.map((f) => f.name))('%s renders a report with only the report given, and with every option', async (name) => {
    const reporter = await reporterFor(name);
    const bare = wholeText(reporter(report));
    expect(bare).toMatch(/D103/);
    expect(wholeText(reporter(report, {rules: RULES, version: '9.9.9', quiet: true}))).toMatch(/D103/);
    expect(bare.endsWith('\n')).toBe(true);
  });

  it('--format accepts exactly the registered formats, and the help lists each', () => {
    for (const name of FORMATS) {
      expect(parseArgs(['check', '--format', name]).format).toBe(name);
      expect(HELP).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    expect(() => parseArgs(['check', '--format', 'xml'])).toThrow(`--format must be one of ${FORMATS.join(', ')}`);
  });

  it('each format is one file of src/report', () => {
    const files = readdirSync(join(import.meta.dirname, '../../src/report'));
    for (const name of FORMATS) expect(files).toContain(`${name}.ts`);
  });
});
