// The TypeScript type of a value of a schema written by hand in the CRD form (core kinds, envoyc
// extension fields), so each of those is declared once: the schema, and its type inferred from it.
// As for the generated types, a field with a default is present after loading.
import type { ObjectMeta } from './meta';

type Required<S> = S extends { required: readonly (infer R)[] } ? R : never;
type Present<P, K extends keyof P, R> = K extends R ? true : P[K] extends { default: unknown } ? true : false;
type Flat<T> = { [K in keyof T]: T[K] } & {};

type ObjectOf<P, R> = Flat<
  { -readonly [K in keyof P as Present<P, K, R> extends true ? K : never]: FromSchema<P[K]> } & {
    -readonly [K in keyof P as Present<P, K, R> extends true ? never : K]?: FromSchema<P[K]>;
  }
>;

export type FromSchema<S> = S extends { 'x-kubernetes-int-or-string': true }
  ? number | string
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { type: 'string' }
      ? string
      : S extends { type: 'integer' | 'number' }
        ? number
        : S extends { type: 'boolean' }
          ? boolean
          : S extends { type: 'array'; items: infer I }
            ? FromSchema<I>[]
            : S extends { type: 'object'; properties: infer P }
              ? ObjectOf<P, Required<S>>
              : S extends { type: 'object'; additionalProperties: infer A extends object }
                ? Record<string, FromSchema<A>>
                : S extends { type: 'object'; 'x-kubernetes-preserve-unknown-fields': true }
                  ? Record<string, unknown>
                  : S extends { type: 'object' }
                    ? Record<string, never>
                    : unknown;

/** A core kind's object: its schema's fields with `metadata` as ObjectMeta. */
export type CoreObject<K extends string, S> = Flat<
  { apiVersion: string; kind: K; metadata: ObjectMeta } & Omit<FromSchema<S>, 'apiVersion' | 'kind' | 'metadata'>
>;
