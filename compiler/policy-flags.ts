// `--no-policies [KIND,…]` and `--no-policies-in NS,…` as CompileOptions, for compile and the
// review commands alike. Kind names are checked against the kinds 3-merge translates.
import { PATCH_POLICY_KIND } from './3-merge/patch-policies';
import { POLICY_KINDS } from './3-merge/registry';
import { didYouMean } from './diagnostics/suggest';
import type { CompileOptions } from './options';

/** A flag value that cannot be used; the CLI reports it as a usage error. */
export class PolicyFlagError extends Error {}

/** The two flags as commander parses them: `policies` true (default), false (`--no-policies`), or the list given. */
export interface PolicyFlags {
  policies: boolean | string;
  policiesIn: string[];
}

/** `a,b` and repeated flags → one list, empty items dropped. */
export function collectList(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim())].filter(Boolean);
}

const KIND_LIST = /^[A-Z][A-Za-z0-9]*(,[A-Z][A-Za-z0-9]*)*$/;

/**
 * Commander reads the word after `--no-policies` as its optional kind list, so
 * `envoyc compile --no-policies config/` would lose its input. A bare `--no-policies` followed by
 * a word that is not a kind list (a path: it exists, or does not look like `Kind,Kind`) is moved
 * to the end of the options, where it takes no value; the positional order is kept.
 */
export function placePolicyFlag(argv: string[], exists: (path: string) => boolean): string[] {
  const i = argv.indexOf('--no-policies');
  const next = argv[i + 1];
  if (i < 0 || next === undefined || next.startsWith('-') || (KIND_LIST.test(next) && !exists(next))) return argv;
  const rest = [...argv.slice(0, i), ...argv.slice(i + 1)];
  const end = rest.indexOf('--');
  return end < 0 ? [...rest, '--no-policies'] : [...rest.slice(0, end), '--no-policies', ...rest.slice(end)];
}

/** The options the flags ask for; a kind envoyc does not translate is a usage error. */
export function policyOptions(flags: PolicyFlags): Pick<CompileOptions, 'noPolicies' | 'noPoliciesIn'> {
  const noPoliciesIn = flags.policiesIn;
  if (typeof flags.policies === 'boolean') return { noPolicies: !flags.policies, noPoliciesIn };
  const names = collectList(flags.policies, []);
  const known = [...POLICY_KINDS.map((k) => k.kind), PATCH_POLICY_KIND];
  const bad = names.find((n) => !known.includes(n));
  if (bad === undefined && names.length) return { noPolicies: names, noPoliciesIn };
  const shown = bad ?? flags.policies;
  throw new PolicyFlagError(
    `--no-policies: ${shown} is not a policy kind envoyc translates${didYouMean(shown, known)}; the kinds are ${known.join(', ')} (comma-separated; --no-policies alone ignores them all)`,
  );
}

export const NO_POLICIES_HELP = `ignore policies of every kind, or of the kinds listed (KIND,…: ${[...POLICY_KINDS.map((k) => k.kind), PATCH_POLICY_KIND].join(', ')}), as if absent`;
export const NO_POLICIES_IN_HELP = 'ignore the policies in these namespaces, as if absent (NS,…; repeatable)';
