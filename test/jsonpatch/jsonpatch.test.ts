/** JSON Patch (RFC 6902) as Envoy Gateway applies it, and jsonPath expansion (RFC 9535). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPatch, formatPointer, parsePointer, type Json, type PatchOperation } from '../../compiler/jsonpatch';

type Row = [name: string, doc: Json, op: PatchOperation, want: Json | { error: RegExp }];

const ROWS: Row[] = [
  // RFC 6902 §4 and its examples (Appendix A), with documents of our own
  ['add: an object member', { a: 1 }, { op: 'add', path: '/b', value: 2 }, { a: 1, b: 2 }],
  ['add: replaces an existing member', { a: 1 }, { op: 'add', path: '/a', value: [1] }, { a: [1] }],
  ['add: inserts into an array, shifting the rest', { l: ['x', 'z'] }, { op: 'add', path: '/l/1', value: 'y' }, { l: ['x', 'y', 'z'] }],
  ['add: "-" appends', { l: [1] }, { op: 'add', path: '/l/-', value: 2 }, { l: [1, 2] }],
  ['add: index = length appends', { l: [1] }, { op: 'add', path: '/l/1', value: 2 }, { l: [1, 2] }],
  ['add: index past the end fails', { l: [1] }, { op: 'add', path: '/l/3', value: 2 }, { error: /out of range/ }],
  ['add: empty path replaces the document', { a: 1 }, { op: 'add', path: '', value: { b: 2 } }, { b: 2 }],
  ['add: a value that is an object is copied whole', {}, { op: 'add', path: '/o', value: { x: [1, { y: 2 }] } }, { o: { x: [1, { y: 2 }] } }],
  ['remove: an object member', { a: 1, b: 2 }, { op: 'remove', path: '/a' }, { b: 2 }],
  ['remove: an array element, shifting the rest', { l: [1, 2, 3] }, { op: 'remove', path: '/l/0' }, { l: [2, 3] }],
  ['remove: a missing member fails', { a: 1 }, { op: 'remove', path: '/b' }, { error: /has no "\/b"/ }],
  ['replace: a member, keeping key order', { a: 1, b: 2 }, { op: 'replace', path: '/a', value: 9 }, { a: 9, b: 2 }],
  ['replace: a missing member fails', { a: 1 }, { op: 'replace', path: '/b', value: 9 }, { error: /has no "\/b"/ }],
  ['move: a member to another place', { a: { b: 1 }, c: {} }, { op: 'move', from: '/a/b', path: '/c/d' }, { a: {}, c: { d: 1 } }],
  ['move: an array element', { l: [1, 2, 3, 4] }, { op: 'move', from: '/l/1', path: '/l/3' }, { l: [1, 3, 4, 2] }],
  ['move: into its own child fails', { a: { b: 1 } }, { op: 'move', from: '/a', path: '/a/b/c' }, { error: /into itself/ }],
  ['copy: duplicates a value', { a: { b: 1 } }, { op: 'copy', from: '/a', path: '/c' }, { a: { b: 1 }, c: { b: 1 } }],
  [
    'test: equal values pass, key order ignored',
    { a: { x: 1, y: [1, 2] } },
    { op: 'test', path: '/a', value: { y: [1, 2], x: 1 } },
    { a: { x: 1, y: [1, 2] } },
  ],
  ['test: a different value fails', { a: 1 }, { op: 'test', path: '/a', value: '1' }, { error: /test failed/ }],
  ['escapes: ~1 is / and ~0 is ~', { 'a/b': 1, 'c~d': 2 }, { op: 'remove', path: '/a~1b' }, { 'c~d': 2 }],
  ['escapes: ~0 in a name', { 'c~d': 2 }, { op: 'replace', path: '/c~0d', value: 3 }, { 'c~d': 3 }],
  ['a path without a leading / fails', { a: 1 }, { op: 'remove', path: 'a' }, { error: /not a JSON Pointer/ }],
  ['an index that is not a number fails', { l: [1] }, { op: 'remove', path: '/l/x' }, { error: /not an array index/ }],
  ['a path through a scalar fails', { a: 1 }, { op: 'add', path: '/a/b/c', value: 1 }, { error: /has no/ }],
  // Envoy Gateway's library options
  ['add creates the missing objects on its path', { a: {} }, { op: 'add', path: '/a/b/c', value: 1 }, { a: { b: { c: 1 } } }],
  ['add creates an array when the next token is an index', {}, { op: 'add', path: '/l/0', value: 'x' }, { l: ['x'] }],
  ['add creates an array for "-"', {}, { op: 'add', path: '/l/-', value: 'x' }, { l: ['x'] }],
  ['negative indices count from the end', { l: [1, 2, 3] }, { op: 'remove', path: '/l/-1' }, { l: [1, 2] }],
  ['replace at a negative index', { l: [1, 2, 3] }, { op: 'replace', path: '/l/-3', value: 0 }, { l: [0, 2, 3] }],
  // Envoy Gateway's operation checks
  ['add without a value fails', {}, { op: 'add', path: '/a' }, { error: /requires a value/ }],
  ['remove with a value fails', { a: 1 }, { op: 'remove', path: '/a', value: 1 }, { error: /can't be specified/ }],
  ['copy without from fails', { a: 1 }, { op: 'copy', path: '/b' }, { error: /requires a valid from/ }],
  ['neither path nor jsonPath fails', { a: 1 }, { op: 'remove' }, { error: /path or jsonPath/ }],
  // jsonPath
  [
    'jsonPath: every match, with path appended',
    {
      vh: [
        { name: 'a', r: [] },
        { name: 'b', r: [] },
      ],
    },
    { op: 'add', jsonPath: '$.vh[*]', path: '/x', value: 1 },
    {
      vh: [
        { name: 'a', r: [], x: 1 },
        { name: 'b', r: [], x: 1 },
      ],
    },
  ],
  [
    'jsonPath: a filter with match(), written without $ as Envoy Gateway documents it',
    { l: { vh: [{ name: 'gw/www_example_com' }, { name: 'gw/other' }] } },
    { op: 'add', jsonPath: "..vh[?match(@.name, '.*www_example_com')]", path: '/hit', value: true },
    { l: { vh: [{ name: 'gw/www_example_com', hit: true }, { name: 'gw/other' }] } },
  ],
  ['jsonPath: a filter by equality', { vh: [{ n: 'a' }, { n: 'b' }] }, { op: 'remove', jsonPath: "$.vh[?(@.n == 'b')]" }, { vh: [{ n: 'a' }] }],
  ['jsonPath: selecting nothing fails', { a: 1 }, { op: 'replace', jsonPath: '$.b', value: 2 }, { error: /selects nothing/ }],
  ['jsonPath: the root alone is refused', { a: 1 }, { op: 'replace', jsonPath: '$', value: 2 }, { error: /root alone/ }],
  ['jsonPath: a syntax error names the expression', { a: 1 }, { op: 'replace', jsonPath: '$.a[?(', value: 2 }, { error: /not a valid JSONPath/ }],
  [
    'jsonPath: one failing location leaves the document unchanged',
    { l: [{ a: 1 }, {}] },
    { op: 'replace', jsonPath: '$.l[*]', path: '/a', value: 2 },
    { error: /has no/ },
  ],
];

for (const [name, doc, op, want] of ROWS) {
  test(name, () => {
    const before = structuredClone(doc);
    const r = applyPatch(doc, op);
    if (want !== null && typeof want === 'object' && 'error' in want && want.error instanceof RegExp) {
      assert.ok(r.errors.length > 0, 'an error');
      assert.match(r.errors.map((e) => e.message).join('\n'), want.error);
      assert.equal(r.doc, before, 'the document is unchanged');
    } else {
      assert.equal(
        r.errors.map((e) => e.message),
        [],
      );
      assert.equal(r.doc, want);
      assert.equal(doc, before, 'the input is not changed in place');
    }
  });
}

test('pointers: parse and format are inverse, escapes included', () => {
  for (const tokens of [[], ['a'], ['a/b', 'c~d', '0'], ['']]) assert.equal(parsePointer(formatPointer(tokens)), tokens);
});

test.run();
