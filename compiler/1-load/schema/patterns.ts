// CRD `pattern`s, compiled once each. The API server checks them with Go's RE2, and so does envoyc:
// re2js runs in linear time. JavaScript's RegExp backtracks, and many CRD patterns nest quantifiers
// (`^[!-~]+([\t ]?[!-~]+)*$` on a header value): a few dozen hostile characters would hang the load.
import { RE2JS } from 're2js';

export interface Pattern {
  source: string;
  test(s: string): boolean;
}

/** Verdicts remembered per pattern: hostnames, names and header values repeat across thousands of objects. */
const MEMO_LIMIT = 4096;

const compiled = new Map<string, Pattern>();

export function patternFor(source: string): Pattern {
  let p = compiled.get(source);
  if (!p) {
    p = re2(source);
    compiled.set(source, p);
  }
  return p;
}

function re2(source: string): Pattern {
  const re = RE2JS.compile(source);
  const memo = new Map<string, boolean>();
  return {
    source,
    test: (s) => {
      let v = memo.get(s);
      if (v === undefined) {
        v = re.test(s);
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(s, v);
      }
      return v;
    },
  };
}
