/**
 * `envoyc watch` as a child process for end-to-end tests: its output as it comes, bounded waits
 * for a line, a stop by signal (by PID), and file edits the way editors make them.
 *
 *   const w = await startWatch(['in', '--xds-dir', 'xds'], dir);
 *   await w.waitFor(/#1 applied/);
 *   editFile(join(dir, 'in', 'routes.yaml'), text, 'rename');
 *   await w.stop('SIGTERM');   // resolves with the exit code
 */
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, waitFor } from './harness';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface WatchProcess {
  pid: number;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  /** Resolves with the first match of `re` in the output after `from` (an offset into output()); bounded. */
  waitFor(re: RegExp, from?: number, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves with the exit code once the process is gone (SIGKILL after 5 s). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `envoyc watch ARGS` in `cwd`; stopped at the suite's cleanup if still running. */
export function startWatch(args: string[], cwd: string): WatchProcess {
  const child = spawn(process.execPath, [CLI, 'watch', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve((exitCode = code))));
  const stop = async (signal: NodeJS.Signals) => {
    if (exitCode !== undefined) return exitCode;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  onCleanup(() => stop('SIGKILL').then(() => undefined));
  return {
    pid: child.pid ?? -1,
    output: () => output,
    stop,
    async waitFor(re, from = 0, timeoutMs = 15_000) {
      try {
        return await waitFor(
          `envoyc watch to print ${re}`,
          () => {
            if (exitCode !== undefined) throw new Error(`envoyc watch exited (${exitCode})`);
            return output.slice(from).match(re) ?? undefined;
          },
          { timeoutMs, intervalMs: 20 },
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- envoyc watch output ---\n${output.slice(from)}`);
      }
    },
  };
}

/** Writes `text` to `path` as an editor does: in place (truncate and write), or into a new file renamed over the old one. */
export function editFile(path: string, text: string, style: 'inplace' | 'rename'): void {
  if (style === 'inplace') return writeFileSync(path, text);
  const tmp = `${path}.swp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
