// `jsonPath` (RFC 9535) → the JSON Pointers it selects, as Envoy Gateway expands it before patching.
// Evaluated by jsonpath-rfc9535 (no dependencies; passes the JSONPath compliance test suite).
import type * as JsonPath from 'jsonpath-rfc9535';
import { formatPointer, PatchError, type Json } from './pointer';

/** jsonpath-rfc9535, loaded on the first `jsonPath` evaluated: a run without one does not pay its start-up. */
let jsonpath: typeof JsonPath | undefined;
function jsonPathLib(): typeof JsonPath {
  return (jsonpath ??= require('jsonpath-rfc9535') as typeof JsonPath);
}

/**
 * Envoy Gateway's JSONPath library (ojg) also reads expressions without the leading `$`
 * (`..virtual_hosts[...]`, as its own documentation writes them): they start at the root.
 */
function rooted(expression: string): string {
  if (expression.startsWith('$')) return expression;
  return expression.startsWith('.') || expression.startsWith('[') ? `$${expression}` : `$.${expression}`;
}

/** `pointer` + `path`, one `/` between them (Envoy Gateway appends `path` to each location found). */
function join(pointer: string, path: string): string {
  if (path === '') return pointer;
  return `${pointer.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
}

/** The pointers `jsonPath` selects in `doc`, each followed by `path`; none selected is an error, as in Envoy Gateway. */
export function jsonPathPointers(doc: Json, jsonPath: string, path = ''): string[] {
  const expression = rooted(jsonPath.trim());
  if (expression === '$') throw new PatchError('jsonPath "$" (the root alone) is not allowed: use path "" to patch the whole resource', 'jsonPath');
  const pointers: string[] = [];
  try {
    jsonPathLib().exec(doc, expression, (_value, at) => pointers.push(join(formatPointer(at), path)));
  } catch (err) {
    throw new PatchError(`jsonPath "${jsonPath}" is not a valid JSONPath (RFC 9535): ${(err as Error).message}`, 'jsonPath');
  }
  if (pointers.length === 0)
    throw new PatchError(
      `jsonPath "${jsonPath}" selects nothing in the resource; to add a property that does not exist yet, select its parent and name it in path`,
      'jsonPath',
    );
  return pointers;
}
