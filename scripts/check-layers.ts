// `npm run check:layers`: the folder layering of src/ and graphs/, checked by dependency-cruiser
// against the rules in .dependency-cruiser.cjs.
//
// dependency-cruiser parses TypeScript only through the TypeScript 5 compiler API, and this project
// pins TypeScript 7 (the native compiler, no such API). So the sources are first turned into
// JavaScript by the project's own `tsc` with `verbatimModuleSyntax` (every import kept as written)
// after making type-only imports plain ones: a type-only import is an edge like any other, and the
// rules allow none to cross the layers. The JavaScript keeps the folder layout, and the rules
// match paths, so the report names the same files as the sources.
//
//   tsx scripts/check-layers.ts [--root <dir>] [--config <file>]
//
// --root is the project to check (default: the current folder; the test points it at a fixture
// with a cycle to prove the check fails); --config defaults to <this project>/.dependency-cruiser.cjs.
// Exit status: 0 when no rule is broken, 1 when one is, 2 on a usage or tool error.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FOLDERS = ['src', 'graphs'] as const;
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  root: string;
  config: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { root: process.cwd(), config: join(projectRoot, '.dependency-cruiser.cjs') };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--root' || flag === '--config') && value !== undefined) {
      args[flag === '--root' ? 'root' : 'config'] = resolve(value);
      i += 1;
    } else {
      throw new Error(`unknown argument ${JSON.stringify(flag)} (expected --root <dir> or --config <file>)`);
    }
  }
  return args;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** Type-only imports and re-exports become plain ones, so the emitted JavaScript keeps them. */
export function plainImports(source: string): string {
  return source
    .replace(/^(\s*(?:import|export))\s+type\s+(?=[{*\w])/gm, '$1 ')
    .replace(/([{,]\s*)type\s+(?=[A-Za-z_$][\w$]*\s*(?:[,}]|\sas\s))/g, '$1');
}

function stage(root: string, work: string): number {
  let count = 0;
  for (const folder of FOLDERS) {
    const from = join(root, folder);
    if (!statSync(from, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const file of walk(from)) {
      const rel = relative(root, file);
      const dest = join(work, 'in', rel);
      mkdirSync(dirname(dest), { recursive: true });
      if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
        writeFileSync(dest, plainImports(readFileSync(file, 'utf8')));
        count += 1;
      } else {
        // Plain JavaScript and data files are part of the graph as they are.
        cpSync(file, join(work, 'out', rel));
      }
    }
  }
  return count;
}

function emit(work: string): void {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      verbatimModuleSyntax: true,
      noCheck: true,
      noEmitOnError: false,
      skipLibCheck: true,
      allowJs: false,
      resolveJsonModule: true,
      types: [],
      rootDir: 'in',
      outDir: 'out',
    },
    include: ['in/**/*.ts'],
  };
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(tsconfig));
  const require = createRequire(import.meta.url);
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  // With noCheck, tsc reports only what stops it from emitting; the type check is `npm run typecheck`.
  const run = spawnSync(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], { encoding: 'utf8' });
  if (run.error) throw run.error;
}

function cruise(work: string, config: string): number {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('dependency-cruiser/package.json');
  const bin = join(dirname(pkg), 'bin', 'dependency-cruise.mjs');
  const folders = FOLDERS.filter((f) => statSync(join(work, 'out', f), { throwIfNoEntry: false })?.isDirectory());
  const run = spawnSync(process.execPath, [bin, '--config', config, '--output-type', 'err', ...folders], {
    cwd: join(work, 'out'),
    stdio: 'inherit',
  });
  if (run.error) throw run.error;
  return run.status ?? 2;
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'peerlab-layers-'));
  try {
    const files = stage(args.root, work);
    if (files === 0) throw new Error(`no TypeScript under ${FOLDERS.join(' or ')} in ${args.root}`);
    emit(work);
    return cruise(work, args.config);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (error) {
    process.stderr.write(`check:layers: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
