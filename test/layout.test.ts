// The layout holds: imports point one way (cli -> report -> experiment -> settings -> tfjs -> math),
// only src/tfjs touches TensorFlow.js, only src/cli prints or exits, only experiment/store.ts
// writes files, and no file in src/ outgrows what a reader holds in mind. Every file in src/ is
// parsed with the TypeScript compiler (static imports, re-exports, import(), require(), and
// type-position import('…')), and each broken rule is reported as file:line, the import and the rule.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Lines a file in src/ may have: the guide's ~300, with a little slack so a comment does not break the build. */
const MAX_LINES = 320;

type Layer = 'errors' | 'math' | 'tfjs' | 'settings' | 'experiment' | 'report' | 'cli' | 'bin';
/** What an import points at: a layer of src/, or a package. */
type Target = Layer | 'tensorflow' | 'node' | 'package';

/** Which targets each layer may import (its own layer included where listed). */
const ALLOWED: Record<Layer, Target[]> = {
  errors: [],
  math: ['math'],
  tfjs: ['tfjs', 'math', 'errors', 'tensorflow', 'node'],
  settings: ['settings', 'tfjs', 'math', 'errors', 'node', 'package'],
  experiment: ['experiment', 'settings', 'tfjs', 'math', 'errors', 'node', 'package'],
  report: ['report', 'experiment', 'settings', 'math', 'errors', 'node', 'package'],
  cli: ['cli', 'report', 'experiment', 'settings', 'tfjs', 'math', 'errors', 'node', 'package'],
  bin: ['cli'],
};

/** node:fs functions that change the disk: only experiment/store.ts may import them. */
const FS_WRITES = new Set(
  'writeFileSync writeFile appendFileSync appendFile renameSync rename rmSync rm rmdirSync rmdir mkdirSync mkdir mkdtempSync mkdtemp unlinkSync unlink copyFileSync copyFile cpSync cp createWriteStream truncateSync truncate symlinkSync symlink linkSync link chmodSync chmod utimesSync utimes openSync open'.split(' '),
);
const FS_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);
const STORE = 'src/experiment/store.ts';
/** report reads experiment's types; its values only from these pure modules (nothing that trains or writes). */
const REPORT_VALUES_FROM = ['src/experiment/plan.ts', 'src/experiment/grid.ts'];
/** process members that print or end the process: only src/cli may use them (src/bin.ts may set exitCode). */
const PROCESS_OUTPUT = new Set(['stdout', 'stderr', 'exit', 'exitCode']);

/** The layer of a file in src/ (path relative to the repository, with '/'), or null for a file no rule covers. */
export function layerOf(file: string): Layer | null {
  if (file === 'src/errors.ts') return 'errors';
  if (file === 'src/bin.ts') return 'bin';
  if (/^src\/settings(\.ts$|[-.][\w.-]*\.ts$|\/)/.test(file) || file === 'src/limits.ts') return 'settings';
  const m = /^src\/(math|tfjs|experiment|report|cli)\//.exec(file);
  return m ? (m[1] as Layer) : null;
}

function targetOf(file: string, spec: string): { target: Target | null; path: string } {
  if (spec.startsWith('.')) {
    const path = relative(ROOT, resolve(ROOT, dirname(file), spec)).split('\\').join('/').replace(/\.js$/, '.ts');
    return { target: layerOf(path), path };
  }
  if (spec.startsWith('@tensorflow/')) return { target: 'tensorflow', path: spec };
  if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) return { target: 'node', path: spec };
  return { target: 'package', path: spec };
}

interface Found {
  line: number;
  spec: string;
  /** Names imported from it, or null when the whole module is taken (namespace, default, dynamic). */
  names: string[] | null;
  /** Only types come in (`import type`, or every name marked `type`, or a type-position import('…')). */
  typeOnly: boolean;
}

function importsOf(source: ts.SourceFile): Found[] {
  const out: Found[] = [];
  const lineOf = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      let names: string[] | null = [];
      let typeOnly = false;
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        if (clause?.name) names = null;
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) names = null;
        if (bindings && ts.isNamedImports(bindings) && names) names = bindings.elements.map((e) => (e.propertyName ?? e.name).text);
        typeOnly = Boolean(clause?.isTypeOnly || (clause && !clause.name && bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly)));
      } else {
        names = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text) : null;
        typeOnly = node.isTypeOnly;
      }
      out.push({ line: lineOf(node), spec: node.moduleSpecifier.text, names, typeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) out.push({ line: lineOf(node), spec: node.arguments[0].text, names: null, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ line: lineOf(node), spec: node.argument.literal.text, names: null, typeOnly: true });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push({ line: lineOf(node), spec: node.moduleReference.expression.text, names: null, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Uses of console.* and of process.stdout/stderr/exit/exitCode. */
function outputsOf(source: ts.SourceFile): { line: number; what: string }[] {
  const out: { line: number; what: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const obj = node.expression.text;
      const prop = node.name.text;
      if (obj === 'console' || (obj === 'process' && PROCESS_OUTPUT.has(prop))) out.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, what: `${obj}.${prop}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Every broken rule in one file of src/ (path relative to the repository), one readable line each. */
export function violations(file: string, text: string): string[] {
  const problems: string[] = [];
  const layer = layerOf(file);
  if (!layer) return [`${file}: belongs to no layer; put it in src/{math,tfjs,experiment,report,cli}/ or name its layer in test/layout.test.ts`];
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) problems.push(`${file}: ${lines} lines; at most ${MAX_LINES} (split it along its seams)`);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  for (const { line, spec, names, typeOnly } of importsOf(source)) {
    const { target, path } = targetOf(file, spec);
    const where = `${file}:${line} imports '${spec}'`;
    if (target === null) problems.push(`${where} (${path}), a file no layer covers`);
    else if (!ALLOWED[layer].includes(target)) {
      const why = target === 'tensorflow' ? 'only src/tfjs/ may import @tensorflow/*, types included' : `${layer} may import only ${ALLOWED[layer].join(', ') || 'nothing'}`;
      problems.push(`${where} (${target}): ${why}`);
    }
    if (layer === 'report' && target === 'experiment' && !typeOnly && !REPORT_VALUES_FROM.includes(path)) {
      problems.push(`${where} (${path}) for values: report takes only types from experiment, and values from ${REPORT_VALUES_FROM.join(', ')} (pure: nothing that trains or writes)`);
    }
    if (FS_MODULES.has(spec) && file !== STORE) {
      if (names === null) problems.push(`${where} whole: only ${STORE} writes files; import the read functions by name`);
      else for (const n of names.filter((x) => FS_WRITES.has(x))) problems.push(`${where} { ${n} }: only ${STORE} writes files`);
    }
  }
  for (const { line, what } of outputsOf(source)) {
    if (layer === 'cli' || (layer === 'bin' && what === 'process.exitCode')) continue;
    problems.push(`${file}:${line} uses ${what}: only src/cli/ prints or ends the process${layer === 'bin' ? ' (src/bin.ts may set process.exitCode)' : ''}`);
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

describe('layout', () => {
  const files = sourceFiles('src');

  it('every file in src/ keeps the layers, the single printer, the single writer and the size limit', () => {
    expect(files.length).toBeGreaterThan(20);
    const problems = files.flatMap((f) => violations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);
  }, 30_000); // parsing ~100 files takes a second alone, several on a loaded machine

  it('catches each kind of wrong arrow (the rules can fail)', () => {
    const check = (file: string, text: string) => violations(file, text).join('\n');
    expect(check('src/math/x.ts', "import { startBackend } from '../tfjs/backend.js';")).toMatch(/src\/math\/x\.ts:1 imports '\.\.\/tfjs\/backend\.js' \(tfjs\): math may import only math/);
    expect(check('src/math/x.ts', "import { readFileSync } from 'node:fs';")).toMatch(/\(node\): math may import only math/);
    expect(check('src/errors.ts', "import { grid } from './math/targets.js';")).toMatch(/errors may import only nothing/);
    expect(check('src/report/x.ts', "type T = typeof import('@tensorflow/tfjs');")).toMatch(/only src\/tfjs\/ may import @tensorflow/);
    expect(check('src/report/x.ts', "import type { Tensor } from '@tensorflow/tfjs';")).toMatch(/only src\/tfjs\/ may import @tensorflow/);
    expect(check('src/cli/x.ts', "const tf = require('@tensorflow/tfjs');")).toMatch(/only src\/tfjs\/ may import @tensorflow/);
    expect(check('src/report/x.ts', "const m = await import('../cli/main.js');")).toMatch(/\(cli\): report may import only/);
    expect(check('src/report/x.ts', "import { cachedOptimum } from '../experiment/store.js';")).toMatch(/report takes only types from experiment/);
    expect(check('src/report/x.ts', "import { type RunRecord, gridOf } from '../experiment/run.js';")).toMatch(/report takes only types from experiment/);
    expect(check('src/report/x.ts', "import { type RunRecord } from '../experiment/run.js';\nimport type { GridData } from '../experiment/run.js';\nimport { BELOW_OPTIMUM } from '../experiment/plan.js';\nimport { gridOf } from '../experiment/grid.js';")).toBe('');
    expect(check('src/experiment/x.ts', "export { view } from '../report/views.js';")).toMatch(/\(report\): experiment may import only/);
    expect(check('src/tfjs/x.ts', "import { DEFAULTS } from '../settings.js';")).toMatch(/\(settings\): tfjs may import only/);
    expect(check('src/bin.ts', "import { grid } from './math/targets.js';")).toMatch(/bin may import only cli/);
    expect(check('src/settings.ts', "import { runId } from './experiment/plan.js';")).toMatch(/\(experiment\): settings may import only/);
    expect(check('src/experiment/run.ts', "import { writeFileSync, readFileSync } from 'node:fs';")).toMatch(/\{ writeFileSync \}: only src\/experiment\/store\.ts writes files/);
    expect(check('src/experiment/run.ts', "import * as fs from 'node:fs';")).toMatch(/whole: only src\/experiment\/store\.ts writes files/);
    expect(check('src/experiment/store.ts', "import { writeFileSync } from 'node:fs';")).toBe('');
    expect(check('src/report/x.ts', 'console.log(1);\nprocess.stdout.write("x");')).toMatch(/x\.ts:1 uses console\.log[^]*x\.ts:2 uses process\.stdout/);
    expect(check('src/experiment/x.ts', 'process.exitCode = 2;')).toMatch(/uses process\.exitCode/);
    expect(check('src/bin.ts', 'process.exitCode = 2;')).toBe('');
    expect(check('src/bin.ts', 'process.exit(2);')).toMatch(/uses process\.exit: .*may set process\.exitCode/);
    expect(check('src/cli/x.ts', "import { trainBatch } from '../tfjs/train.js';\nconsole.error('x'); process.exit(2);")).toBe('');
    expect(check('src/misc.ts', '')).toMatch(/belongs to no layer/);
    expect(check('src/math/x.ts', 'const a = 1;\n'.repeat(MAX_LINES + 1))).toMatch(/321 lines; at most 320/);
    expect(check('src/math/x.ts', 'const a = 1;\n'.repeat(MAX_LINES))).toBe('');
  });
});
