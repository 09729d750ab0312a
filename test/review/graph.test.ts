/**
 * `envoyc graph`: the examples' pictures as goldens (golden/_graph/, rewritten by UPDATE_GOLDEN=1),
 * every DOT golden rendered by Graphviz and every Mermaid golden parsed by Mermaid's own parser,
 * README's picture kept current, the same bytes for any input order, and ids that stay apart.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../compiler';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import { buildGraph } from '../../compiler/review/graph/build';
import { renderDot } from '../../compiler/review/graph/dot';
import { dotLabel, dotString, mermaidId, mermaidText } from '../../compiler/review/graph/escape';
import { renderMermaid } from '../../compiler/review/graph/mermaid';
import type { GraphModel } from '../../compiler/review/graph/model';
import { readSources, type SourceFile } from '../../compiler/source';
import { graphvizDot } from '../support/graphviz';
import { caseNames, caseOptions, GOLDEN_DIR, readCaseConfig, ROOT } from '../support/golden';
import { writeTree } from './fixture';

/** The examples, the input paths their README commands use, and the script a README runs first (it makes inputs never committed). */
const EXAMPLES: { name: string; dir: string; inputs: string[]; setup?: string }[] = [
  { name: 'quickstart', dir: 'examples/quickstart', inputs: ['config'] },
  { name: 'docker-compose', dir: 'examples/docker-compose', inputs: ['gateway', 'tls'], setup: './make-demo-secret.sh' },
];

/** An example's inputs as its README reads them: in a copy of the example, after its setup script. */
function exampleSources(ex: (typeof EXAMPLES)[number]): SourceFile[] {
  if (!ex.setup) return readSources(ex.inputs, join(ROOT, ex.dir), () => '');
  const copy = mkdtempSync(join(tmpdir(), 'envoyc-graph-example-'));
  try {
    cpSync(join(ROOT, ex.dir), copy, { recursive: true });
    execFileSync(join(copy, ex.setup), { cwd: copy, stdio: 'ignore' });
    return readSources(ex.inputs, copy, () => '');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
const GRAPH_GOLDEN = join(GOLDEN_DIR, '_graph');

function modelOf(files: SourceFile[]): GraphModel {
  const result = compile(files, DEFAULT_OPTIONS);
  assert.not.ok(result.hasErrors, result.diagnostics.map((d) => d.message).join('\n'));
  return buildGraph(result);
}

for (const ex of EXAMPLES) {
  test(`graph of ${ex.dir} (${ex.inputs.join(' ')}) is as golden/_graph/${ex.name}/ holds it`, () => {
    const model = modelOf(exampleSources(ex));
    const outputs: [string, string][] = [
      ['graph.mmd', renderMermaid(model)],
      ['graph.dot', renderDot(model)],
    ];
    const dir = join(GRAPH_GOLDEN, ex.name);
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of outputs) writeFileSync(join(dir, file), text);
      return;
    }
    for (const [file, text] of outputs)
      assert.fixture(text, readFileSync(join(dir, file), 'utf8'), `golden/_graph/${ex.name}/${file} (UPDATE_GOLDEN=1 rewrites it)`);
  });
}

/** Every graph golden of one format: the examples' and the golden cases' (`case.json` `graph: true`). */
function goldenGraphs(ext: 'mmd' | 'dot'): string[] {
  const examples = EXAMPLES.map((ex) => join(GRAPH_GOLDEN, ex.name, `graph.${ext}`));
  const cases = readdirSync(GOLDEN_DIR)
    .map((c) => join(GOLDEN_DIR, c, 'out', `graph.${ext}`))
    .filter((f) => existsSync(f));
  return [...examples, ...cases];
}

test('the golden cases that draw include the policy precedence case', () => {
  assert.ok(goldenGraphs('mmd').some((f) => f.includes('graph-policy-precedence')));
  const text = readFileSync(join(GOLDEN_DIR, 'graph-policy-precedence/out/graph.mmd'), 'utf8');
  for (const word of ['"applied"', 'overridden on', '"conflicted: ', '"merged"', '"not accepted: invalid"', 'answers 500', 'answers 503', '"overrides"'])
    assert.ok(text.includes(word), `the precedence picture says ${word}`);
});

test('Graphviz renders every DOT golden (dot -Tsvg) without an error or a warning', () => {
  const dot = graphvizDot();
  if (!dot) return;
  const files = goldenGraphs('dot');
  assert.ok(files.length >= 3);
  for (const f of files) {
    const r = spawnSync(dot, ['-Tsvg'], { input: readFileSync(f), encoding: 'utf8', timeout: 60_000 });
    assert.is(r.status, 0, `${f}: ${r.stderr}`);
    assert.is(r.stderr, '', `${f}: dot says nothing on stderr`);
    assert.match(r.stdout, '<svg');
  }
  const broken = spawnSync(dot, ['-Tsvg'], { input: 'digraph { "a -> b }', encoding: 'utf8' });
  assert.is.not(broken.status, 0, 'and dot does fail on broken input (the check can fail)');
});

/** Mermaid's parser in a process of its own (it needs a DOM: jsdom; see test/support/mermaid-check.ts). */
function mermaidCheck(files: string[]): { file: string; ok: boolean; error?: string }[] {
  const r = spawnSync(process.execPath, [join(__dirname, '..', 'support', 'mermaid-check.js'), ...files], { encoding: 'utf8', timeout: 120_000 });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

test("Mermaid's own parser accepts every Mermaid golden, and rejects a broken one", () => {
  const { dir, cleanup } = writeTree({ 'broken.mmd': 'flowchart LR\n  a["x"y"] --> b\n', 'hostile.mmd': renderMermaid(hostileModel()) });
  try {
    const results = mermaidCheck([...goldenGraphs('mmd'), join(dir, 'hostile.mmd'), join(dir, 'broken.mmd')]);
    for (const r of results.slice(0, -1)) assert.ok(r.ok, `${r.file}: ${r.error}`);
    assert.not.ok(results[results.length - 1]!.ok, 'the check can fail');
  } finally {
    cleanup();
  }
});

/** Names and text that would break out of an unescaped id or label in either grammar. */
function hostileModel(): GraphModel {
  const weird = ['end', 'a/b', 'a_2fb', 'a.b', '*.example.com', 'x"y', 'back\\slash', '#35;', 'o--x', 'ünï'];
  return {
    nodes: weird.map((id) => ({ id, kind: 'route' as const, lines: [id, `path "${id}" <b>|&`], digest: '' })),
    edges: weird.slice(1).map((id, i) => ({ from: weird[i]!, to: id, kind: 'policy' as const, label: `"${id}" | <i>`, mark: 'applied' as const })),
    notes: ['a note\nover two lines'],
  };
}

test('ids: one spelling each, none alike, off Mermaid keywords; labels stay inside their quotes', () => {
  const ids = ['a/b', 'a_b', 'a.b', 'a_2fb', 'a-b', 'a b', 'end', 'Gateway/default/*.example.com'];
  const escaped = ids.map(mermaidId);
  assert.is(new Set(escaped).size, ids.length);
  for (const e of escaped) assert.match(e, /^n_[A-Za-z0-9_]+$/);
  assert.is(mermaidId('end'), 'n_end');
  assert.is(mermaidText(['say "hi" #1 <b>|x', 'two']), '"say #quot;hi#quot; #35;1 #lt;b#gt;#124;x<br/>two"');
  assert.is(dotString('a "q" \\n'), '"a \\"q\\" \\\\n"');
  assert.is(dotLabel(['one "1"', 'two']), '"one \\"1\\"\\ntwo"');
  const dot = graphvizDot();
  if (!dot) return;
  const r = spawnSync(dot, ['-Tsvg'], { input: renderDot(hostileModel()), encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '');
});

test('every golden case, drawn: edges join drawn nodes, Graphviz renders it quietly, Mermaid parses it', () => {
  const { dir, cleanup } = writeTree({});
  try {
    const written: string[] = [];
    for (const name of caseNames('')) {
      const result = compile(
        readSources(['in'], join(GOLDEN_DIR, name), () => ''),
        caseOptions(readCaseConfig(name)),
      );
      const model = buildGraph(result);
      const ids = new Set(model.nodes.map((n) => n.id));
      for (const e of model.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${name}: ${e.from} -> ${e.to}`);
      const file = join(dir, name.replace(/\//g, '__'));
      writeFileSync(`${file}.mmd`, renderMermaid(model));
      writeFileSync(`${file}.dot`, renderDot(model));
      written.push(file);
    }
    for (const r of mermaidCheck(written.map((f) => `${f}.mmd`))) assert.ok(r.ok, `${r.file}: ${r.error}`);
    const dot = graphvizDot();
    if (!dot) return;
    for (const f of written) {
      const r = spawnSync(dot, ['-Tsvg', `${f}.dot`], { encoding: 'utf8', timeout: 60_000 });
      assert.is(r.status, 0, `${f}.dot: ${r.stderr}`);
      assert.is(r.stderr, '', `${f}.dot`);
    }
  } finally {
    cleanup();
  }
});

test('every edge joins two nodes of the model (a missing target is a node of its own, never an implicit one)', () => {
  const model = modelOf(readSources(['in'], join(GOLDEN_DIR, 'graph-policy-precedence'), () => ''));
  const ids = new Set(model.nodes.map((n) => n.id));
  assert.is(ids.size, model.nodes.length, 'ids are unique');
  for (const e of model.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${e.from} -> ${e.to}`);
  assert.ok(ids.has('Target/Gateway/default/eg.staging'));
});

test('same bytes for the same inputs, whatever the file and document order', () => {
  const files = readSources(['in'], join(GOLDEN_DIR, 'graph-policy-precedence'), () => '');
  const reversed = [...files].reverse().map((f) => ({ ...f, text: f.text.split('\n---\n').reverse().join('\n---\n') }));
  const [a, b] = [modelOf(files), modelOf(reversed)];
  assert.fixture(renderMermaid(b), renderMermaid(a));
  assert.fixture(renderDot(b), renderDot(a));
});

test("README shows the docker-compose example's graph exactly as envoyc graph draws it", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- envoyc graph examples\/docker-compose: gateway tls -->\n```mermaid\n([\s\S]*?)```\n/.exec(readme);
  assert.ok(m, 'README holds the marked Mermaid block');
  assert.fixture(m![1]!, readFileSync(join(GRAPH_GOLDEN, 'docker-compose', 'graph.mmd'), 'utf8'), 'README block = golden/_graph/docker-compose/graph.mmd');
});

test.run();
