/**
 * A parse-only floor, in a process of its own: `node dist/bench/floor.js yaml|js-yaml FILE...`
 * parses every file to plain objects and prints {cpuMs, maxRssMb, docs} as JSON. CPU is the whole
 * process's (GC threads included, as for the CLI) during the parse alone; reading files is excluded.
 *   yaml     the `yaml` package, as envoyc calls it: parseAllDocuments, then toJS per document
 *   js-yaml  js-yaml's loadAll
 */
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';

const PARSERS: Record<string, (text: string) => number> = {
  yaml: (text) => {
    let n = 0;
    for (const d of parseAllDocuments(text)) (d.toJS(), n++);
    return n;
  },
  'js-yaml': (text) => loadAll(text).length,
};

function main(): void {
  const [name, ...files] = process.argv.slice(2);
  const parse = PARSERS[name!];
  if (!parse) throw new Error(`floor: unknown parser ${name}`);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const before = process.cpuUsage();
  let docs = 0;
  for (const t of texts) docs += parse(t);
  const cpu = process.cpuUsage(before);
  console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, docs }));
}

main();
