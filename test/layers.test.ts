/**
 * The layers of src/ stay visible: each top folder imports only the folders below it
 *
 *   cli, ui  →  verify  →  rules, report, io, init  →  knowledge  →  formats  →  core
 *
 * (cli also starts the ui; core imports only the two parsers it wraps), the pure part touches
 * neither the disk nor the terminal, and no module imports itself through others. Type-only
 * imports count: a layer that needs another's types depends on it all the same.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import ts from 'typescript';
import {describe, expect, it} from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** Lowest first; a folder may import its own files and those of the layers below. */
const LAYERS: readonly (readonly string[])[] = [['core'], ['formats'], ['knowledge'], ['rules', 'report', 'io', 'init'], ['verify'], ['cli', 'ui']];
/** Imports across one layer that the architecture wants: the wizard command starts the ui. */
const SIDEWAYS = new Set(['cli -> ui']);
/** The parsers core wraps (core/source.ts): their modules and their packages. */
const CORE_MAY_IMPORT = new Set(['src/formats/dockerfile/parse.ts', 'src/formats/yaml/parse.ts', 'pkg:yaml', 'pkg:dockerfile-ast']);
/** The pure part (DESIGN §2): no disk, no terminal UI. */
const PURE = new Set(['core', 'formats', 'knowledge', 'rules', 'report']);
const IMPURE_PACKAGE = /^pkg:(node:)?(fs|fs\/promises|child_process|process|readline|tty|net|http|https)$|^pkg:(react|ink|ink-.*)$/;

interface Edge {
  from: string;
  to: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : /\.tsx?$/.test(entry) ? [full] : [];
  });
}

const files = walk(SRC).map((f) => relative(ROOT, f).split('\\').join('/'));

/** Every import of src/ (static, re-export, dynamic, type-only) as file → file or file → pkg:name. */
function importsOf(file: string): Edge[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map(({fileName}) => {
    if (!fileName.startsWith('.')) return {from: file, to: `pkg:${fileName}`};
    const path = join(dirname(file), fileName).split('\\').join('/');
    const base = path.replace(/\.js$/, '');
    // A data file (`import … with {type: 'json'}`) is imported by its own name.
    const candidates = path.endsWith('.json') ? [path] : [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
    const to = candidates.find((f) => existsSync(join(ROOT, f)));
    if (!to) throw new Error(`${file}: cannot resolve ${fileName}`);
    return {from: file, to};
  });
}

const edges = files.flatMap(importsOf);

function folderOf(file: string): string {
  return file === 'src/cli.ts' ? 'cli' : file.split('/')[1]!;
}

function layerOf(folder: string): number {
  const layer = LAYERS.findIndex((l) => l.includes(folder));
  if (layer < 0) throw new Error(`src/${folder}/ is in no layer: add it to LAYERS (and to the README's Layout)`);
  return layer;
}

describe('layers', () => {
  it('every folder of src/ has a layer', () => {
    for (const file of files) expect(() => layerOf(folderOf(file)), file).not.toThrow();
  });

  it('imports point down the layers', () => {
    const wrong = edges
      .filter((e) => !e.to.startsWith('pkg:'))
      .filter((e) => {
        const [from, to] = [folderOf(e.from), folderOf(e.to)];
        if (from === to || SIDEWAYS.has(`${from} -> ${to}`) || (from === 'core' && CORE_MAY_IMPORT.has(e.to))) return false;
        return layerOf(to) >= layerOf(from);
      })
      .map((e) => `${e.from} imports ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('core imports nothing outside it but the parsers it wraps', () => {
    const wrong = edges
      .filter((e) => folderOf(e.from) === 'core' && !e.to.startsWith('pkg:node:'))
      .filter((e) => (e.to.startsWith('pkg:') || folderOf(e.to) !== 'core') && !CORE_MAY_IMPORT.has(e.to))
      .map((e) => `${e.from} imports ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('the pure part touches neither the disk nor the terminal', () => {
    const wrong = edges.filter((e) => PURE.has(folderOf(e.from)) && IMPURE_PACKAGE.test(e.to)).map((e) => `${e.from} imports ${e.to.slice(4)}`);
    expect(wrong).toEqual([]);
  });

  it('no module imports itself through others', () => {
    const next = new Map<string, string[]>(files.map((f) => [f, []]));
    for (const e of edges) if (next.has(e.to)) next.get(e.from)!.push(e.to);
    // Tarjan's strongly connected components: any component of two or more modules is a cycle.
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const cycles: string[][] = [];
    const visit = (v: string): void => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      for (const w of next.get(v)!) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (stack.includes(w)) {
          low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
      }
      if (low.get(v) !== index.get(v)) return;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next.get(v)!.includes(v)) cycles.push(component.sort());
    };
    for (const f of files) if (!index.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('sees the imports it checks (the test is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges).toContainEqual({from: 'src/core/source.ts', to: 'src/formats/yaml/parse.ts'});
    expect(edges).toContainEqual({from: 'src/cli/wizard.ts', to: 'src/ui/run.tsx'});
    expect(edges.filter((e) => e.from === 'src/report/registry.ts' && e.to === 'src/report/sarif.ts')).toHaveLength(1);
  });
});
