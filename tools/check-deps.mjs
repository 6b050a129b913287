// Checks the package dependency graph (DESIGN.md, STYLE.md section 2): each
// package imports only the workspace packages it may depend on and declares,
// never reaches into another package by path, and core packages use no
// Node-only API. Exits 1 listing every violation.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The one allowed graph: package -> the workspace packages it may import. */
export const allowed = {
  ir: [],
  decoder: ['ir'],
  encoder: ['ir'],
  // The validator reads function bodies straight from their bytes with the
  // decoder's instruction reader (LEB128 reading lives in the decoder).
  validator: ['ir', 'decoder'],
  // watToWasm (parse + encode) is the text package's convenience entry point.
  text: ['ir', 'encoder'],
  engine: ['ir', 'decoder', 'validator'],
  wasi: [],
  wast: ['ir', 'text', 'encoder'],
  cli: [
    'ir',
    'decoder',
    'encoder',
    'validator',
    'text',
    'engine',
    'wasi',
    'wast',
  ],
};

/** Test-only files: they may use Node and their package's devDependencies. */
function isTestFile(file) {
  return /\.test(-d|[.-]util)?\.ts$/.test(file);
}

/** Where `node:` imports and `Buffer` are allowed. */
function mayUseNode(pkg, file) {
  return (
    pkg === 'cli' ||
    (pkg === 'wasi' && file.startsWith('src/node/')) ||
    isTestFile(file)
  );
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs)$/.test(entry) && !/\.d\.ts$/.test(entry))
      yield path;
  }
}

const importPattern =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

const problems = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const may = allowed[pkg];
  if (may === undefined) {
    problems.push(
      `packages/${pkg}: not in the dependency graph (tools/check-deps.mjs)`,
    );
    continue;
  }
  const declared = Object.keys(manifest.dependencies ?? {})
    .filter((name) => name.startsWith('@tswasm/'))
    .map((name) => name.slice('@tswasm/'.length));
  for (const dep of declared) {
    if (!may.includes(dep))
      problems.push(
        `packages/${pkg}/package.json: must not depend on @tswasm/${dep}`,
      );
  }
  const devDeclared = Object.keys(manifest.devDependencies ?? {})
    .filter((name) => name.startsWith('@tswasm/'))
    .map((name) => name.slice('@tswasm/'.length));
  for (const path of sourceFiles(join(dir, 'src'))) {
    const file = relative(dir, path);
    const test = isTestFile(file);
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const spec = match[1] ?? match[2] ?? match[3];
      const where = `packages/${pkg}/${file}`;
      if (spec.startsWith('@tswasm/')) {
        const dep = spec.slice('@tswasm/'.length).split('/')[0];
        if (dep === pkg)
          problems.push(`${where}: imports its own package by name`);
        else if (test && devDeclared.includes(dep)) continue;
        else if (!may.includes(dep))
          problems.push(
            `${where}: @tswasm/${pkg} must not import @tswasm/${dep}`,
          );
        else if (!declared.includes(dep))
          problems.push(
            `${where}: imports @tswasm/${dep} without declaring it`,
          );
      } else if (spec.startsWith('.')) {
        const target = relative(dir, join(path, '..', spec));
        if (target.startsWith('..'))
          problems.push(`${where}: reaches outside its package (${spec})`);
      } else if (
        spec.startsWith('node:') ||
        ['fs', 'path', 'os', 'child_process', 'url', 'crypto'].includes(spec)
      ) {
        if (!mayUseNode(pkg, file))
          problems.push(`${where}: Node API ${spec} in a core package`);
      }
    }
    if (
      !mayUseNode(pkg, file) &&
      /\bBuffer\.(from|alloc|concat|isBuffer)\b/.test(text)
    ) {
      problems.push(`packages/${pkg}/${file}: Buffer in a core package`);
    }
  }
}

if (problems.length > 0) {
  console.error(`dependency graph: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log('dependency graph: ok');
