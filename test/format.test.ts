// The one formatter (prettier, configured in .prettierrc.json) is a check of the suite, so CI fails on unformatted code.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';

const root = join(__dirname, '..', '..');

test('every TypeScript source is formatted as `npm run format` writes it', () => {
  const prettier = join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  try {
    execFileSync(process.execPath, [prettier, '--check', '--no-error-on-unmatched-pattern', ...FORMATTED], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
  } catch (err) {
    const out = err as { stdout?: string; stderr?: string };
    throw new Error(`unformatted files (run npm run format):\n${out.stdout ?? ''}${out.stderr ?? ''}`);
  }
});

/** What `npm run format` and this check cover (package.json lists the same globs). */
const FORMATTED = ['cli.ts', 'compiler/**/*.ts', 'proto/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'];

test.run();
