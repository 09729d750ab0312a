/** One file a run writes. */
export interface PlannedFile {
  /** As the user named it (messages show it); relative to the working directory; `-` is stdout. */
  path: string;
  content: string | Uint8Array;
  /** Holds a private key or another secret: created 0600; a file that exists keeps its mode if stricter. */
  secret?: boolean;
  /** What it is, for `--check` messages: a bootstrap gets a semantic summary, a secret never shows its content. */
  role?: 'bootstrap' | 'ir' | 'status' | 'ratelimit' | 'secret' | 'manifest';
}

/** Everything one run writes, committed at once: nothing is in place until every file is ready. */
export interface OutputPlan {
  files: PlannedFile[];
  /** Files envoyc wrote before that no run produces any more: removed once every file is in place. */
  remove: string[];
}

/** A file that cannot be written, or an output that must not be (an input, a directory): one line, exit 2. */
export class OutputError extends Error {}
