import { isSecretData, type IrSecretData } from '../ir/secret';

/**
 * Every `IrSecretData` under `value`, in document order. IR origins are skipped: they only point into
 * the inputs, and reading an origin's span can cost a parse of its file (spanLater).
 */
export function collectSecretData(value: unknown, out: IrSecretData[] = []): IrSecretData[] {
  if (typeof value === 'object' && value !== null) collectUnder(value, out);
  return out;
}

/** The walk itself, called on objects only: most of the IR's values are strings and numbers (a call each cost 50 ms at 10,000 routes). */
function collectUnder(value: object, out: IrSecretData[]): void {
  if (Array.isArray(value)) {
    for (const v of value) if (typeof v === 'object' && v !== null) collectUnder(v, out);
  } else if (isSecretData(value)) out.push(value);
  else
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (k !== 'origin' && typeof v === 'object' && v !== null) collectUnder(v, out);
    }
}

/** True when `value` (an IR config) holds sensitive material inline: the file it becomes must be 0600. */
export function holdsInlineSecret(value: unknown): boolean {
  return collectSecretData(value).some((d) => d.sensitive && !d.file);
}

/** The files `--secrets-dir` gets: one per secret value that has one, by relative path (the same value once). */
export function secretFiles(value: unknown): { relative: string; bytes: Buffer }[] {
  const byPath = new Map<string, Buffer>();
  for (const d of collectSecretData(value)) if (d.file) byPath.set(d.file.relative, Buffer.from(d.base64, 'base64'));
  return [...byPath].sort(([a], [b]) => (a < b ? -1 : 1)).map(([relative, bytes]) => ({ relative, bytes }));
}
