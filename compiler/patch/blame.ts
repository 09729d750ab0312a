// Which patch a validation finding in a patched bootstrap comes from. The bootstrap as envoyc wrote
// it is checked first: a finding it already had is envoyc's own (6-validate reports it as a bug).
// Only when the patched bootstrap has new findings are the patches replayed one by one on a copy,
// checking after each, so each finding is blamed on the patch that brought it in (a cluster renamed
// by one patch and still named by a route is that patch's doing, wherever the finding points).
import * as d from '../diagnostics/codes';
import type { Diagnostic } from '../diagnostics';
import { formatPath } from '../../proto';
import { validateBootstrap, type Finding } from '../6-validate';
import type { IrJsonPatch } from '../ir';

export interface AppliedPatch {
  policy: string;
  patch: IrJsonPatch;
}

/** Forms Envoy tolerates (strict output checks call them errors; a user's patch gets a warning, as Envoy gives). */
const TOLERATED = new Set(['envoy_non_canonical', 'envoy_duplicate_key', 'envoy_precision_loss']);

const signature = (f: Finding) => `${f.code}|${formatPath(f.path)}|${f.message}`;

export class Blamer {
  private readonly before: object;
  private readonly baseline: Set<string>;
  private readonly applied: AppliedPatch[] = [];
  private culprits: Map<string, AppliedPatch> | undefined;

  /**
   * `before`: the bootstrap as envoyc wrote it (copied now: patches change it in place);
   * `replay` applies one patch to a copy, as the patch step did.
   */
  constructor(
    before: object,
    private readonly replay: (bootstrap: object, p: AppliedPatch) => void,
  ) {
    this.before = structuredClone(before);
    this.baseline = new Set(validateBootstrap(before, 'strict').map(signature));
  }

  /** Records a patch that applied, in order. */
  record(p: AppliedPatch): void {
    this.applied.push(p);
  }

  /** Replays the patches on a copy, checking after each: the first patch after which a finding appears brought it. */
  private findCulprits(): Map<string, AppliedPatch> {
    const out = new Map<string, AppliedPatch>();
    const seen = new Set(this.baseline);
    const doc = structuredClone(this.before);
    for (const p of this.applied) {
      this.replay(doc, p);
      for (const f of validateBootstrap(doc, 'strict')) {
        const s = signature(f);
        if (!seen.has(s)) out.set(s, p);
        seen.add(s);
      }
    }
    return out;
  }

  /** The diagnostic for a finding of the patched bootstrap, or undefined when envoyc's own output has it too. */
  blame(f: Finding): Diagnostic | undefined {
    const s = signature(f);
    if (this.baseline.has(s) || !this.applied.length) return undefined;
    this.culprits ??= this.findCulprits();
    const culprit = this.culprits.get(s) ?? this.applied[this.applied.length - 1]!;
    const severity = TOLERATED.has(f.code) ? 'warning' : f.severity;
    return d.patchResultInvalid(severity, culprit.patch.at.patch, culprit.policy, `${formatPath(f.path)}: ${f.message}`);
  }
}
