/**
 * Envoy's regexes, judged and matched as Envoy 1.40's RE2 does: Latin-1 (each byte of the pattern
 * and of the input is one character), RE2's syntax, and Envoy's program-size limit. A faithful port
 * of RE2's parser, simplifier, compiler and `Flatten` (for the size) plus a linear-time matcher.
 * RE2's BSD license applies to the ported parts: see LICENSE-RE2 in this folder.
 */
import { node, type Re } from './ast';
import { compileProg, ProgramTooLarge, type Prog } from './compile';
import { Re2SyntaxError } from './errors';
import { concatOrAlternate } from './factor';
import { ENVOY_FLAGS } from './flags';
import { programSize } from './flatten';
import { fullMatch } from './match';
import { parse } from './parse';

/** Envoy's default `re2.max_program_size.error_level`: a larger program is rejected. */
export const ENVOY_MAX_PROGRAM_SIZE = 100;

export type RegexVerdict = { ok: true; programSize: number } | { ok: false; reason: string };

export interface CompiledRegex {
  /** Whether the whole value matches, as Envoy's `safe_regex` matches (RE2 `FullMatch`). */
  fullMatch(value: string, stats?: { steps: number }): boolean;
}

/** `RequiredPrefix`: `^literal…` is matched by a string compare, and only the rest is compiled. */
function sizeRegexp(re: Re): Re {
  if (re.op !== 'concat') return re;
  let i = 0;
  while (i < re.subs.length && re.subs[i]!.op === 'bot') i++;
  if (i === 0 || i >= re.subs.length) return re;
  const lit = re.subs[i]!;
  if (lit.op !== 'lit' && lit.op !== 'str') return re;
  const rest = re.subs.slice(i + 1);
  return rest.length ? concatOrAlternate('concat', rest, re.flags, false) : node('empty', re.flags);
}

const bytes = (s: string) => [...Buffer.from(s, 'utf8')];

interface Entry {
  verdict: RegexVerdict;
  /** The parsed regex when Envoy accepts it; its matching program is built on first use. */
  parsed?: Re;
  prog?: Prog;
}

const cache = new Map<string, Entry>();

function analyse(pattern: string): Entry {
  if (pattern.length === 0) return { verdict: { ok: false, reason: 'the regex is empty (Envoy requires at least one character)' } };
  try {
    const parsed = parse(bytes(pattern), ENVOY_FLAGS);
    // RE2 sizes the program of what follows a `^literal` prefix; matching runs the whole regex.
    const size = programSize(compileProg(sizeRegexp(parsed)));
    if (size > ENVOY_MAX_PROGRAM_SIZE) {
      return {
        verdict: {
          ok: false,
          reason: `its RE2 program size is ${size}, over Envoy's limit of ${ENVOY_MAX_PROGRAM_SIZE} (runtime key re2.max_program_size.error_level); simplify it or split it`,
        },
      };
    }
    return { verdict: { ok: true, programSize: size }, parsed };
  } catch (err) {
    if (err instanceof Re2SyntaxError) return { verdict: { ok: false, reason: `RE2 syntax error: ${err.message}` } };
    if (err instanceof ProgramTooLarge)
      return { verdict: { ok: false, reason: `its RE2 program is far over Envoy's size limit of ${ENVOY_MAX_PROGRAM_SIZE}` } };
    throw err;
  }
}

function entry(pattern: string): Entry {
  let e = cache.get(pattern);
  if (!e) {
    e = analyse(pattern);
    cache.set(pattern, e);
  }
  return e;
}

/** Envoy's verdict on a regex: accepted with its program size, or the reason it refuses it, worded for users. */
/** Go's `regexp.QuoteMeta`: every RE2 metacharacter escaped (Envoy Gateway builds its regexes with it). */
export const quoteMeta = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

export function checkRegex(pattern: string): RegexVerdict {
  return entry(pattern).verdict;
}

/** A matcher with Envoy's full-match semantics, or undefined when Envoy would refuse the regex. */
export function compileRegex(pattern: string): CompiledRegex | undefined {
  const e = entry(pattern);
  if (!e.parsed) return undefined;
  const prog = (e.prog ??= compileProg(e.parsed));
  return { fullMatch: (value, stats) => fullMatch(prog, Buffer.from(value, 'utf8'), stats) };
}
