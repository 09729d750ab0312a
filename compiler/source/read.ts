import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { SourceFile } from './source-file';

const INPUT_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A path as diagnostics show it: relative to `cwd`, with `/` separators. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path) || path;
  return rel.split(sep).join('/');
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (INPUT_EXTENSIONS.some((e) => entry.name.endsWith(e))) out.push(full);
  }
  return out;
}

/**
 * Reads input paths: files as they are, directories recursively (`*.yaml`, `*.yml`, `*.json`),
 * `-` as stdin. Throws a readable Error for a path that does not exist.
 */
export function readSources(paths: string[], cwd: string, stdin: () => string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const p of paths) {
    if (p === '-') {
      files.push({ path: '<stdin>', text: stdin() });
      continue;
    }
    const full = resolve(cwd, p);
    let isDir: boolean;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      throw new Error(`${p}: no such file or directory`);
    }
    for (const f of isDir ? walk(full) : [full]) files.push({ path: displayPath(f, cwd), text: readFileSync(f, 'utf8') });
  }
  return files;
}
