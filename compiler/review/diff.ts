/** `envoyc diff OLD NEW` and `envoyc diff --git REV1..REV2 PATH`: load both sides, pair their Envoys, diff, render. */
import type { CompileOptions } from '../options';
import type { ReadOptions } from '../source';
import type { Json } from './bootstrap-view';
import { diffPictureMarkdown } from './graph/diff';
import { gitSide, loadSide, ReviewError, type Side } from './inputs';
import { renderDiff, type DiffFormat } from './render-diff';
import { diffBootstraps, type DiffEntry } from './semantic-diff';

export interface DiffCommand {
  /** OLD and NEW: bootstrap files or input paths (a directory or a file each). */
  paths: string[];
  /** `REV1..REV2`: compare `paths[0]` at two git revisions. */
  git?: string;
  format: DiffFormat;
  cwd: string;
  opts: CompileOptions;
  /** How inputs are read (`--max-input-size`). */
  read?: ReadOptions;
}

/** Pairs Envoys by name; a lone Envoy on each side pairs whatever its name. */
function pairs(a: Side, b: Side): [string, Json | undefined, Json | undefined][] {
  if (a.bootstraps.size === 1 && b.bootstraps.size === 1) return [[[...b.bootstraps.keys()][0]!, [...a.bootstraps.values()][0], [...b.bootstraps.values()][0]]];
  const names = [...new Set([...a.bootstraps.keys(), ...b.bootstraps.keys()])].sort();
  return names.map((n) => [n, a.bootstraps.get(n), b.bootstraps.get(n)]);
}

/** Runs the diff; returns the text to print and the exit code (0 same, 1 different). */
export function runDiff(cmd: DiffCommand): { text: string; exitCode: number } {
  let before: Side;
  let after: Side;
  if (cmd.git !== undefined) {
    const m = /^(.+?)\.\.(.+)$/.exec(cmd.git);
    if (!m) throw new ReviewError(`--git expects REV1..REV2, got ${cmd.git}`);
    if (cmd.paths.length !== 1) throw new ReviewError('--git REV1..REV2 takes exactly one input PATH');
    before = gitSide(m[1]!, cmd.paths[0]!, cmd.cwd, cmd.opts, cmd.read);
    after = gitSide(m[2]!, cmd.paths[0]!, cmd.cwd, cmd.opts, cmd.read);
  } else {
    if (cmd.paths.length !== 2) throw new ReviewError('diff takes OLD and NEW (bootstrap files or input paths), or --git REV1..REV2 PATH');
    before = loadSide([cmd.paths[0]!], cmd.cwd, cmd.opts, cmd.read);
    after = loadSide([cmd.paths[1]!], cmd.cwd, cmd.opts, cmd.read);
  }
  const several = before.bootstraps.size > 1 || after.bootstraps.size > 1;
  const parts: string[] = [];
  let different = false;
  for (const [name, b, a] of pairs(before, after)) {
    const entries: DiffEntry[] = !b
      ? [{ kind: 'bootstrap', name, op: 'added', changes: [] }]
      : !a
        ? [{ kind: 'bootstrap', name, op: 'removed', changes: [] }]
        : diffBootstraps(b, a, { before: before.attributor, after: after.attributor }).entries;
    if (entries.length) different = true;
    if (several && !entries.length) continue;
    const head = several ? (cmd.format === 'markdown' ? `### Envoy ${name}\n\n` : `== Envoy ${name}\n`) : '';
    parts.push(head + renderDiff({ entries }, cmd.format));
  }
  if (!parts.length) parts.push(renderDiff({ entries: [] }, cmd.format));
  // Under the table, the picture of what changed in the attachment graph (from compiled inputs only).
  const picture = cmd.format === 'markdown' ? diffPictureMarkdown(before.compiled?.result, after.compiled?.result, different) : '';
  if (picture) parts.push(picture);
  return { text: parts.join('\n'), exitCode: different ? 1 : 0 };
}
