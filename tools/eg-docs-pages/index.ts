/**
 * Lists what test/eg-docs.test.ts must account for, from an Envoy Gateway checkout at v1.9.0: every
 * task page under site/content/en/v1.9/tasks/traffic/ (`_index.md` aside) and every YAML file under
 * examples/kubernetes/, as paths relative to the site version or the repository. Writes
 * test/eg-docs-pages.json.
 *
 *   npm run build && node dist/tools/eg-docs-pages/index.js <envoyproxy/gateway checkout at v1.9.0>
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const checkout = process.argv[2];
if (!checkout) {
  console.error('usage: node dist/tools/eg-docs-pages/index.js <envoyproxy/gateway checkout at v1.9.0>');
  process.exit(2);
}
const site = join(checkout, 'site', 'content', 'en', 'v1.9');
const posix = (p: string) => p.split(sep).join('/');
const pages = walk(join(site, 'tasks', 'traffic'))
  .filter((p) => p.endsWith('.md') && !p.endsWith('_index.md'))
  .map((p) => posix(relative(site, p)));
const examples = walk(join(checkout, 'examples', 'kubernetes'))
  .filter((p) => /\.ya?ml$/.test(p))
  .map((p) => posix(relative(checkout, p)));
const out = join(__dirname, '..', '..', '..', 'test', 'eg-docs-pages.json');
writeFileSync(out, `${JSON.stringify([...pages, ...examples].sort(), null, 2)}\n`);
console.log(`${out}: ${pages.length} traffic task pages, ${examples.length} example files`);
