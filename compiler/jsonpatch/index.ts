// A JSON Patch operation as Envoy Gateway's EnvoyPatchPolicy (and EnvoyProxy's bootstrap JSONPatch)
// writes it: `path` and/or `jsonPath`, RFC 6902 semantics with Envoy Gateway's library options.
import { applyOperation } from './apply';
import { jsonPathPointers } from './jsonpath';
import { clone, PatchError, type Json } from './pointer';

export { PatchError, formatPointer, parsePointer, jsonEqual, type Json } from './pointer';
export { applyOperation, type PointerOperation } from './apply';
export { jsonPathPointers } from './jsonpath';

/** One operation as written: `op`, `path`, `jsonPath`, `from`, `value`. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path?: string;
  jsonPath?: string;
  from?: string;
  value?: unknown;
}

/** Envoy Gateway's check of an operation's fields (RFC 6902: which of value and from each op takes). */
export function operationProblem(o: PatchOperation): PatchError | undefined {
  if (o.path === undefined && o.jsonPath === undefined) return new PatchError('a patch operation must specify a path or jsonPath', 'op');
  switch (o.op) {
    case 'add':
    case 'replace':
    case 'test':
      if (o.value === undefined) return new PatchError(`the ${o.op} operation requires a value`, 'op');
      if (o.from !== undefined) return new PatchError(`the ${o.op} operation doesn't support a from attribute`, 'from');
      return undefined;
    case 'remove':
      if (o.from !== undefined || o.value !== undefined)
        return new PatchError("value and from can't be specified with the remove operation", o.from !== undefined ? 'from' : 'value');
      return undefined;
    case 'move':
    case 'copy':
      if (o.from === undefined) return new PatchError(`the ${o.op} operation requires a valid from attribute`, 'op');
      if (o.value !== undefined) return new PatchError(`the ${o.op} operation doesn't support a value attribute`, 'value');
      return undefined;
  }
}

/**
 * Applies one operation to a copy of `doc`: at `path`, or at every location `jsonPath` selects
 * (with `path` appended to each). All or nothing: any location that fails leaves `doc` as it was
 * (Envoy Gateway then keeps the resource unpatched), and the errors are returned.
 */
export function applyPatch(doc: Json, o: PatchOperation): { doc: Json; errors: PatchError[] } {
  const problem = operationProblem(o);
  if (problem) return { doc, errors: [problem] };
  let pointers: string[];
  try {
    pointers = o.jsonPath !== undefined ? jsonPathPointers(doc, o.jsonPath, o.path ?? '') : [o.path!];
  } catch (err) {
    if (err instanceof PatchError) return { doc, errors: [err] };
    throw err;
  }
  let out = clone(doc);
  const errors: PatchError[] = [];
  for (const path of pointers) {
    try {
      out = applyOperation(out, {
        op: o.op,
        path,
        ...(o.from !== undefined ? { from: o.from } : {}),
        ...(o.value !== undefined ? { value: o.value as Json } : {}),
      });
    } catch (err) {
      if (!(err instanceof PatchError)) throw err;
      errors.push(new PatchError(`${o.op} at "${path}": ${err.message}`, err.field));
    }
  }
  return errors.length ? { doc, errors } : { doc: out, errors };
}
