/**
 * A YAML bootstrap is written as it is serialized, in pieces of whole lines, never as one string:
 * the pieces joined are serialize()'s bytes, and a committed file holds exactly them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serialize, writeYamlTo } from '../../compiler/5-emit/serialize';
import { bytesOf, commit, textOf, type StreamedText } from '../../compiler/output';

/** Some 60,000 lines: more than one piece, with strings the writer quotes and multi-byte characters. */
const big = {
  static_resources: {
    clusters: Array.from({ length: 6000 }, (_, i) => ({
      name: `cluster-${i}`,
      type: 'STRICT_DNS',
      tags: ['yes', 'on', '', `α-${i}: ü`],
      nested: { empty: {}, list: [], n: i, ok: i % 2 === 0, nothing: null, emoji: '🚀' },
    })),
  },
};

const streamed = (value: unknown): StreamedText => ({ write: (sink) => writeYamlTo(value, sink) });

test('the pieces end at line ends and join to serialize()', () => {
  const pieces: string[] = [];
  writeYamlTo(big, (p) => pieces.push(p));
  assert.ok(pieces.length > 1, `${pieces.length} piece(s)`);
  for (const p of pieces) assert.ok(p.endsWith('\n'));
  assert.ok(pieces.join('') === serialize(big, 'yaml'));
});

test('a scalar or an empty value is one piece', () => {
  for (const v of [{}, [], 'text', 3, null]) {
    const pieces: string[] = [];
    writeYamlTo(v, (p) => pieces.push(p));
    assert.equal(pieces, [serialize(v, 'yaml')]);
  }
});

test('a committed streamed file holds the joined text; textOf and bytesOf give it too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-streamed-'));
  try {
    await commit({ files: [{ path: 'envoy.yaml', content: streamed(big) }], remove: [] }, { cwd: dir, inputs: { identities: [], directories: [] } });
    const text = serialize(big, 'yaml');
    assert.ok(readFileSync(join(dir, 'envoy.yaml'), 'utf8') === text);
    assert.ok(textOf(streamed(big)) === text);
    assert.ok(Buffer.from(bytesOf(streamed(big))).equals(Buffer.from(text, 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
