/** README's "Diagnostic codes" table names every code in the catalogue (compiler/diagnostics/codes/). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = join(__dirname, '..', '..', '..');

test('every diagnostic code is documented in README', () => {
  const dir = join(ROOT, 'compiler', 'diagnostics', 'codes');
  const codes = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/(?:(?:error|warning|make)\(\s*|code:\s*)'([a-z0-9]+(?:_[a-z0-9]+)+)'/g)) codes.add(m[1]!);
  }
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Diagnostic codes'));
  const missing = [...codes].filter((c) => !section.includes(`\`${c}\``)).sort();
  assert.ok(codes.size > 30, `found ${codes.size} codes`);
  assert.equal(missing, [], `undocumented: ${missing.join(', ')}`);
});

test.run();
