// JSON Pointer (RFC 6901): `/a/b~1c/0` → ['a', 'b/c', '0'], and back.

/** A JSON value as proto3 JSON and YAML inputs hold them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON Patch operation that cannot be applied; `field` is the operation field to blame. */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly field: 'op' | 'path' | 'jsonPath' | 'from' | 'value' = 'path',
  ) {
    super(message);
  }
}

/** The reference tokens of a pointer; `''` is the whole document. */
export function parsePointer(pointer: string, field: 'path' | 'from' = 'path'): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`${field} "${pointer}" is not a JSON Pointer: it must be empty or start with "/"`, field);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** A pointer from reference tokens (`~` and `/` escaped). */
export function formatPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An array index as Envoy Gateway's JSON Patch library reads it: a decimal integer, negative
 * counting from the end (`-1` is the last element, as its SupportNegativeIndices option allows).
 */
export function arrayIndex(token: string, length: number, forAdd: boolean): number {
  if (!/^-?[0-9]+$/.test(token)) throw new PatchError(`"${token}" is not an array index`);
  let i = Number(token);
  const size = forAdd ? length + 1 : length;
  if (i < 0) i += size;
  if (i < 0 || i >= size) throw new PatchError(`array index ${token} is out of range (the array has ${length} element${length === 1 ? '' : 's'})`);
  return i;
}

/** Deep equality of JSON values (object key order ignored), as the `test` operation compares. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

export function clone<T extends Json>(v: T): T {
  return structuredClone(v);
}
