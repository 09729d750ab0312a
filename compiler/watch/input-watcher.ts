/**
 * Watches input paths for `envoyc watch` and calls back once things settle. Directories are
 * watched, never single files: editors that save by writing a new file and renaming it over the
 * old one (vim, many IDEs) replace the inode a file watch would hold, while the directory sees
 * the rename. Subdirectories are watched one by one (recursive fs.watch is not portable) and the
 * set is refreshed after every change, so a new folder of routes is picked up.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const INPUT_EXTENSIONS = /\.(?:ya?ml|json)$/;

/** Quiet time before a change is acted on: an editor's save or a `git checkout` is many events. */
export const DEBOUNCE_MS = 150;

/** What matters in a watched folder: any input file or folder (a directory input), or these file names (file inputs). */
type Scope = 'all' | Set<string>;

interface Watched {
  watcher: FSWatcher;
  scope: Scope;
}

function sameScope(a: Scope, b: Scope): boolean {
  return a === 'all' || b === 'all' ? a === b : a.size === b.size && [...a].every((n) => b.has(n));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `dir` and every folder under it. */
function folders(dir: string): string[] {
  const out = [dir];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) if (e.isDirectory()) out.push(...folders(join(dir, e.name)));
  return out;
}

export class InputWatcher {
  private readonly watched = new Map<string, Watched>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly paths: string[],
    private readonly cwd: string,
    private readonly onSettled: () => void,
  ) {
    this.refresh();
  }

  /** The folders to watch now: each directory input with its subfolders; for a file (or a path not there yet), its folder. */
  private targets(): Map<string, Scope> {
    const out = new Map<string, Scope>();
    for (const p of this.paths) {
      const full = resolve(this.cwd, p);
      if (isDirectory(full)) for (const d of folders(full)) out.set(d, 'all');
    }
    for (const p of this.paths) {
      const full = resolve(this.cwd, p);
      if (isDirectory(full)) continue;
      const scope = out.get(dirname(full)) ?? new Set<string>();
      if (scope !== 'all') out.set(dirname(full), scope.add(basename(full)));
    }
    return out;
  }

  /** Watches new folders and forgets vanished ones. */
  refresh(): void {
    if (this.closed) return;
    const targets = this.targets();
    for (const [dir, w] of this.watched) {
      if (!targets.has(dir) || !sameScope(targets.get(dir)!, w.scope)) {
        w.watcher.close();
        this.watched.delete(dir);
      }
    }
    for (const [dir, scope] of targets) {
      if (this.watched.has(dir) || !isDirectory(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: true }, (_event, name) => this.onEvent(dir, name === null ? undefined : String(name)));
        // A folder that goes away ends its watch; the next refresh notices.
        watcher.on('error', () => {
          watcher.close();
          this.watched.delete(dir);
          this.changed();
        });
        this.watched.set(dir, { watcher, scope });
      } catch {
        // Unreadable or gone between the listing and the watch: retried at the next refresh.
      }
    }
  }

  private onEvent(dir: string, name: string | undefined): void {
    const w = this.watched.get(dir);
    if (w && this.relevant(dir, name, w.scope)) this.changed();
  }

  /** Whether a change to `name` in `dir` can change what compile reads (editors' swap and backup files cannot). */
  private relevant(dir: string, name: string | undefined, scope: Scope): boolean {
    // Some platforms do not say which entry changed: assume it matters.
    if (name === undefined) return true;
    if (scope !== 'all') return scope.has(name);
    // A folder: created (to watch), or removed (we watched it).
    return INPUT_EXTENSIONS.test(name) || this.watched.has(join(dir, name)) || isDirectory(join(dir, name));
  }

  private changed(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
      this.onSettled();
    }, DEBOUNCE_MS);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.watched.values()) w.watcher.close();
    this.watched.clear();
  }
}
