import type { Diagnostic } from './diagnostic';

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.span?.file ?? '';
  const fb = b.span?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const sa = a.span?.start ?? -1;
  const sb = b.span?.start ?? -1;
  if (sa !== sb) return sa - sb;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * The sink every phase writes to. Phases record and carry on; the CLI decides the exit code.
 * With `strict`, non-canonical warnings become errors as they are added.
 */
export class Diagnostics {
  private readonly items: Diagnostic[] = [];
  private errors = 0;

  constructor(private readonly strict = false) {}

  add(d: Diagnostic): void {
    const final: Diagnostic = this.strict && d.nonCanonical && d.severity === 'warning' ? { ...d, severity: 'error' } : d;
    if (final.severity === 'error') this.errors++;
    this.items.push(final);
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }

  /** Sorted by file, offset, code and message; identical findings reported once. */
  sorted(): Diagnostic[] {
    const out: Diagnostic[] = [];
    let prev: Diagnostic | undefined;
    for (const d of [...this.items].sort(compareDiagnostics)) {
      if (prev && compareDiagnostics(prev, d) === 0 && prev.severity === d.severity) continue;
      out.push(d);
      prev = d;
    }
    return out;
  }
}
