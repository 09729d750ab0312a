import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkFile } from '../../compiler/6-validate/command';
import { lineCol, type SourceFile } from '../../compiler/source';
import { CORPORA } from './corpora';
import { applyEdits } from './mutations';

// Each mutation of a realistic bootstrap yields its expected finding at its line and column,
// and no errors beyond the ones the row allows.
for (const corpus of CORPORA) {
  for (const m of corpus.mutations) {
    test(`${corpus.file}: ${m.name}`, () => {
      const file: SourceFile = { path: corpus.file, text: applyEdits(corpus.base, m.edits) };
      const diags = checkFile(file, m.strict ? 'strict' : 'envoy');
      const shown = diags.map((d) => {
        const { line, col } = d.span ? lineCol(file, d.span.start) : { line: 0, col: 0 };
        return { code: d.code, severity: d.severity, line, col, message: d.message };
      });
      const listing = shown.map((d) => `${d.line},${d.col} ${d.severity} ${d.code}: ${d.message}`).join('\n');
      if (m.expect === null) return assert.equal(listing, '', 'expected no findings');
      const e = m.expect;
      const hit = shown.find((d) => d.code === e.code && d.severity === e.severity && d.line === e.line && d.col === e.col);
      assert.ok(hit, `expected ${e.severity} ${e.code} at ${e.line},${e.col}; got:\n${listing}`);
      const allowed = new Set([e.code, ...(m.also ?? [])]);
      const extra = shown.filter((d) => d.severity === 'error' && !allowed.has(d.code));
      assert.equal(extra, [], `unexpected errors:\n${listing}`);
    });
  }
}

test.run();
