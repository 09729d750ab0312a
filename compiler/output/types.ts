/**
 * Text handed to `sink` piece by piece as it is produced, so a very large bootstrap is never one
 * string in memory; the pieces joined are the file's text, and each ends at a line end.
 */
export interface StreamedText {
  write(sink: (piece: string) => void): void;
}

export function isStreamed(content: PlannedFile['content']): content is StreamedText {
  return typeof content === 'object' && !(content instanceof Uint8Array);
}

/** The whole text of a file (a streamed one joined); undefined for bytes. */
export function textOf(content: PlannedFile['content']): string | undefined {
  if (typeof content === 'string') return content;
  if (!isStreamed(content)) return undefined;
  let text = '';
  content.write((piece) => (text += piece));
  return text;
}

/** The bytes of a file, all at once (comparisons, stdout and devices). */
export function bytesOf(content: PlannedFile['content']): Uint8Array {
  return content instanceof Uint8Array ? content : Buffer.from(textOf(content)!, 'utf8');
}

/** One file a run writes. */
export interface PlannedFile {
  /** As the user named it (messages show it); relative to the working directory; `-` is stdout. */
  path: string;
  content: string | Uint8Array | StreamedText;
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
