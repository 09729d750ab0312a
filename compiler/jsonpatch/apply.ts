// JSON Patch (RFC 6902) operations on a JSON document, with the two options Envoy Gateway sets on
// its library (evanphx/json-patch v5): `add` creates the missing objects and arrays on its path
// (EnsurePathExistsOnAdd), and negative array indices count from the end (SupportNegativeIndices).
// Standard libraries do neither, which is why envoyc has its own (test/jsonpatch/ covers RFC 6902's
// examples and these two options).
import { arrayIndex, clone, isObject, jsonEqual, parsePointer, PatchError, type Json } from './pointer';

type Container = Json[] | { [key: string]: Json };

/** The container holding the last token of `tokens`, or a PatchError naming the missing part. */
function parentOf(doc: Json, tokens: string[], pointer: string): Container {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(cur) ? cur[arrayIndex(t, cur.length, false)] : isObject(cur) ? cur[t] : undefined;
    if (next === undefined || next === null || typeof next !== 'object')
      throw new PatchError(`the document has no "${pointer}": "${t}" is missing or not an object or array`);
    cur = next;
  }
  if (typeof cur !== 'object' || cur === null) throw new PatchError(`the document has no "${pointer}"`);
  return cur;
}

function get(c: Container, token: string, pointer: string): Json {
  const v = Array.isArray(c) ? c[arrayIndex(token, c.length, false)] : Object.hasOwn(c, token) ? c[token] : undefined;
  if (v === undefined) throw new PatchError(`the document has no "${pointer}"`);
  return v;
}

/** Creates the objects and arrays `add` needs on its way (an array when the next token is an index or `-`). */
function ensurePath(doc: Json, tokens: string[]): void {
  let cur: Json = doc;
  tokens.slice(0, -1).forEach((t, i) => {
    const nextIsIndex = /^(-?[0-9]+|-)$/.test(tokens[i + 1]!);
    if (Array.isArray(cur)) {
      if (!/^[0-9]+$/.test(t)) return;
      while (cur.length < Number(t)) cur.push(null);
      if (cur[Number(t)] === undefined || cur[Number(t)] === null) cur[Number(t)] = nextIsIndex ? [] : {};
      cur = cur[Number(t)]!;
    } else if (isObject(cur)) {
      if (cur[t] === undefined) cur[t] = nextIsIndex ? [] : {};
      cur = cur[t]!;
    }
  });
}

function add(doc: Json, tokens: string[], value: Json, pointer: string): Json {
  if (tokens.length === 0) return value;
  const c = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1]!;
  if (!Array.isArray(c)) c[last] = value;
  else if (last === '-') c.push(value);
  else c.splice(arrayIndex(last, c.length, true), 0, value);
  return doc;
}

function remove(doc: Json, tokens: string[], pointer: string): Json {
  if (tokens.length === 0) throw new PatchError('remove cannot remove the whole document');
  const c = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1]!;
  get(c, last, pointer);
  if (Array.isArray(c)) c.splice(arrayIndex(last, c.length, false), 1);
  else delete c[last];
  return doc;
}

function read(doc: Json, tokens: string[], pointer: string): Json {
  return tokens.length === 0 ? doc : get(parentOf(doc, tokens, pointer), tokens[tokens.length - 1]!, pointer);
}

/** One operation at one pointer (jsonPath already expanded). */
export interface PointerOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
}

/**
 * Applies one operation to `doc`, changing it in place, and returns the document (a new one when
 * the whole document is replaced). Throws PatchError when the operation does not apply.
 */
export function applyOperation(doc: Json, o: PointerOperation): Json {
  const tokens = parsePointer(o.path);
  switch (o.op) {
    case 'add':
      ensurePath(doc, tokens);
      return add(doc, tokens, clone(o.value ?? null), o.path);
    case 'remove':
      return remove(doc, tokens, o.path);
    case 'replace': {
      if (tokens.length === 0) return clone(o.value ?? null);
      const c = parentOf(doc, tokens, o.path);
      const last = tokens[tokens.length - 1]!;
      get(c, last, o.path);
      // In place, so an object keeps its key order.
      if (Array.isArray(c)) c[arrayIndex(last, c.length, false)] = clone(o.value ?? null);
      else c[last] = clone(o.value ?? null);
      return doc;
    }
    case 'test': {
      const actual = read(doc, tokens, o.path);
      if (!jsonEqual(actual, o.value ?? null))
        throw new PatchError(`test failed: "${o.path}" is ${JSON.stringify(actual)}, not ${JSON.stringify(o.value ?? null)}`, 'value');
      return doc;
    }
    case 'copy':
    case 'move': {
      const from = parsePointer(o.from ?? '', 'from');
      if (o.op === 'move' && from.length === 0) throw new PatchError('move cannot move the whole document', 'from');
      if (o.op === 'move' && o.path.startsWith(`${o.from}/`)) throw new PatchError(`move cannot move "${o.from}" into itself`, 'from');
      const value = clone(read(doc, from, o.from ?? ''));
      const rest = o.op === 'move' ? remove(doc, from, o.from ?? '') : doc;
      return add(rest, tokens, value, o.path);
    }
  }
}
