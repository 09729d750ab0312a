/**
 * `envoyc watch [paths…] --xds-dir DIR` (or `-o FILE`): compile again whenever an input changes,
 * write only good results, one line per update; SIGINT or SIGTERM stop it cleanly. It takes every
 * option `compile` takes (copied from that command, so the two never drift), except those that
 * make no sense in a loop.
 */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { ReviewError } from '../review/inputs';
import { runReview } from '../review/commands';
import type { WatchFlags } from './session';

/** compile options watch does not take: it has its own -o (no stdout), and never checks or dumps the IR. */
const NOT_FOR_WATCH = new Set(['--output', '--check', '--emit']);

/** True when `inner` is `outer` or inside it. */
function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
}

/** Usage problems, before anything is watched or written. */
function checkUsage(paths: string[], flags: WatchFlags, cwd: string): void {
  if (paths.length === 0) throw new ReviewError('no input paths given (files or directories)');
  if (paths.includes('-')) throw new ReviewError('watch reads files and directories, not stdin');
  if ((flags.xdsDir === undefined) === (flags.output === undefined)) {
    throw new ReviewError('watch writes to --xds-dir DIR (a running Envoy reloads it) or to -o FILE|DIR/ (read at Envoy start)');
  }
  const out = resolve(cwd, flags.xdsDir ?? flags.output!);
  // An output inside an input directory would be read back as input, and each write would start the next run.
  const inside = paths.find((p) => isWithin(out, resolve(cwd, p)));
  if (inside !== undefined) throw new ReviewError(`the output ${flags.xdsDir ?? flags.output} must be outside the inputs (${inside})`);
}

/** Starts watching; returns at once (the watchers keep the process alive until a signal stops them). */
export function startWatch(paths: string[], flags: WatchFlags, cwd: string, say: (line: string) => void): number {
  checkUsage(paths, flags, cwd);
  // Required here, when watching starts: other commands do not pay their start-up.
  const { WatchSession } = require('./session') as typeof import('./session');
  const { InputWatcher } = require('./input-watcher') as typeof import('./input-watcher');
  const session = new WatchSession(paths, flags, cwd, say);
  // Watched before the first run, so an edit made while it runs starts the next one.
  const watcher = new InputWatcher(paths, cwd, () => void session.update());
  let stopped = false;
  // Installed before the first run: a signal during it still stops cleanly.
  const stop = (signal: string) => {
    stopped = true;
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    watcher.close();
    void session.stop().then(() => say(`envoyc watch: stopped (${signal})`));
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  void session.update().then(() => {
    if (!stopped) say(`envoyc watch: watching ${paths.join(' ')} (Ctrl-C stops)`);
  });
  return 0;
}

export function registerWatchCommand(program: Command): void {
  const compile = program.commands.find((c) => c.name() === 'compile')!;
  const watch = program
    .command('watch')
    .description(
      'Compile again whenever an input changes; write only good results, to an xDS directory a running Envoy reloads (--xds-dir) or a bootstrap (-o)',
    )
    .argument('[paths...]', 'input files or directories (*.yaml, *.yml, *.json, recursively)')
    .option('-o, --output <target>', 'write the static bootstrap instead: FILE, or DIR/ (one per Gateway); Envoy reads it only at start');
  for (const o of compile.options) if (!NOT_FOR_WATCH.has(o.long ?? '')) watch.addOption(o);
  watch.action((paths: string[], flags: WatchFlags) => {
    process.exitCode = runReview(() => startWatch(paths, flags, process.cwd(), (line) => process.stdout.write(`${line}\n`)));
  });
}
