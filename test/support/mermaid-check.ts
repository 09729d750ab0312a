/**
 * Parses Mermaid files with Mermaid's own parser (`mermaid.parse`, the grammar GitHub and GitLab
 * render with), and prints one JSON line: `[{ file, ok, error? }]`.
 *
 *   node dist/test/support/mermaid-check.js FILE...
 *
 * Mermaid runs its labels through DOMPurify, which needs a DOM: jsdom provides one, no browser.
 * It runs in a process of its own so the `window` it sets never leaks into other tests.
 * (`@mermaid-js/parser` would need no DOM, but covers only newer diagram types, not flowcharts.)
 */
import { readFileSync } from 'node:fs';

interface Result {
  file: string;
  ok: boolean;
  error?: string;
}

async function main(files: string[]): Promise<void> {
  const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: { document: object } } };
  const { window } = new JSDOM('');
  Object.assign(globalThis, { window, document: window.document });
  const mermaid = (await import('mermaid')).default;
  const results: Result[] = [];
  for (const file of files) {
    try {
      const parsed = await mermaid.parse(readFileSync(file, 'utf8'));
      results.push(
        parsed && parsed.diagramType.startsWith('flowchart') ? { file, ok: true } : { file, ok: false, error: `not a flowchart: ${JSON.stringify(parsed)}` },
      );
    } catch (err) {
      results.push({ file, ok: false, error: (err as Error).message.split('\n').slice(0, 4).join('\n') });
    }
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`mermaid-check: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(2);
});
