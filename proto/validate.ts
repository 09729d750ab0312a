import { didYouMean } from '../compiler/diagnostics/suggest';
import { checkDefaultEnum, checkFieldAnnotations, checkMessageAnnotations } from './annotations';
import { checkAny } from './any';
import type { ProtoIssue } from './issues';
import { checkAbsent, checkMap, checkRepeated, checkRules, setEnumLookup } from './pgv';
import { checkBool, checkBytes, checkEnum, checkFloat, checkInt, checkString } from './scalars';
import { BOOTSTRAP_TYPE } from './schema';
import { typeInfo, type EnumInfo, type FieldInfo, type MessageInfo } from './type-info';
import { describe, INVALID, isPlainObject, PRESENT, Walk, type Mode, type Normalized } from './walker';
import { checkWellKnown, WELL_KNOWN_TYPES } from './well-known';

export interface ValidateOptions {
  /** `envoy` (default): Envoy's lenient parser, leniencies as warnings. `strict`: canonical proto3 JSON. */
  mode?: Mode;
}

/**
 * Validates a proto3-JSON value (snake_case or lowerCamel keys) against an Envoy message type,
 * the bootstrap by default. Reports every problem with its JSON path; never throws on bad input.
 */
export function validateMessage(value: unknown, typeName: string = BOOTSTRAP_TYPE, opts: ValidateOptions = {}): ProtoIssue[] {
  const v = new Validator(opts.mode ?? 'envoy');
  v.message(typeName, value);
  return v.issues;
}

setEnumLookup((fi, n) => {
  const info = typeInfo(fi.typeName);
  return info?.kind === 'enum' ? info.numbers.has(n) : true;
});

/** Bumped per object walked, across every validation (FieldInfo is shared); see `fields`. */
let fieldsToken = 0;

/** The reflective walk over messages and fields. Any and well-known types live in any.ts / well-known.ts. */
export class Validator extends Walk {
  /**
   * Frozen objects this walk found clean, with their type and result. A frozen object is one that
   * recurs (envoyc's emit freezes the sub-messages it shares across routes and clusters), and a
   * value cannot change during a walk: its second check would find what the first did.
   */
  private readonly clean = new WeakMap<object, { typeName: string; result: Normalized }>();

  /** Validates a value of message type `typeName`; returns what PGV needs to know about it. */
  message(typeName: string, value: unknown, skipKeys?: ReadonlySet<string>): Normalized {
    if (skipKeys !== undefined || this.rulesOff !== 0 || typeof value !== 'object' || value === null || !Object.isFrozen(value))
      return this.check(typeName, value, skipKeys);
    const seen = this.clean.get(value);
    if (seen?.typeName === typeName) return seen.result;
    const issues = this.issues.length;
    const result = this.check(typeName, value);
    if (this.issues.length === issues) this.clean.set(value, { typeName, result });
    return result;
  }

  private check(typeName: string, value: unknown, skipKeys?: ReadonlySet<string>): Normalized {
    if (typeName === 'google.protobuf.Any') return checkAny(this, value);
    if (WELL_KNOWN_TYPES.has(typeName)) return checkWellKnown(this, typeName, value);
    const info = typeInfo(typeName);
    // Every field's type is in the schema (the generator writes dependency-closed files).
    if (info?.kind !== 'message') throw new Error(`the Envoy schema has no message ${typeName}`);
    if (!isPlainObject(value)) return this.error('type_mismatch', `expected an object (${shortName(typeName)}), got ${describe(value)}`);
    checkMessageAnnotations(this, info);
    this.fields(info, value, skipKeys);
    return PRESENT;
  }

  private fields(info: MessageInfo, obj: Record<string, unknown>, skipKeys?: ReadonlySet<string>): void {
    // Which fields and oneofs this object sets is marked on the shared FieldInfo and OneofInfo with a
    // fresh token (no Map per object: the hot path on 10k routes). Values are walked in a second
    // loop, after every mark and absent-field rule is done, so a nested message of the same type
    // cannot disturb them.
    const token = ++fieldsToken;
    for (const key in obj) {
      // An undefined property is absent: JSON and YAML writers drop it (envoyc's emit relies on that).
      if (obj[key] === undefined || skipKeys?.has(key)) continue;
      const fi = info.byKey.get(key);
      if (fi && obj[key] === null && fi.typeName !== 'google.protobuf.Value') continue;
      this.path.push(key);
      if (!fi) this.unknownField(info, key);
      else {
        if (fi.seenToken === token) this.lenient(`"${key}" and "${fi.seenKey}" both set field ${fi.name}; the last one wins`);
        fi.seenToken = token;
        fi.seenKey = key;
        const oneof = fi.oneofInfo;
        if (oneof !== undefined) {
          if (oneof.seenToken === token && oneof.seenMember !== fi.name)
            this.error('oneof_conflict', `"${key}" and "${oneof.seenMember}" are both members of oneof "${oneof.name}"; set only one`, { key: true });
          oneof.seenToken = token;
          oneof.seenMember = fi.name;
        }
        checkFieldAnnotations(this, info, fi, obj[key]);
      }
      this.path.pop();
    }
    for (const fi of info.deprecatedDefaults) if (fi.seenToken !== token) checkDefaultEnum(this, fi);
    for (const fi of info.ruled) {
      if (fi.seenToken !== token) {
        this.path.push(fi.name);
        checkAbsent(this, fi);
        this.path.pop();
      }
    }
    for (const o of info.oneofs) {
      if (o.required && o.seenToken !== token && !this.rulesOff) {
        const members = info.fields.filter((f) => f.oneof === o.name).map((f) => f.name);
        this.error('oneof_required', `${shortName(info.fullName)} needs one of ${members.join(', ')} (oneof "${o.name}" is required)`);
      }
    }
    for (const key in obj) {
      const v = obj[key];
      if (v === undefined || skipKeys?.has(key)) continue;
      const fi = info.byKey.get(key);
      if (!fi || (v === null && fi.typeName !== 'google.protobuf.Value')) continue;
      this.path.push(key);
      this.field(fi, v);
      this.path.pop();
    }
  }

  private unknownField(info: MessageInfo, key: string): void {
    const hint = didYouMean(key, info.fieldNames);
    this.error('unknown_field', `unknown field "${key}" in ${info.fullName}${hint}`, { key: true });
  }

  private field(fi: FieldInfo, v: unknown): void {
    if (fi.map) return this.mapField(fi, v);
    if (!fi.repeated) return checkRules(this, fi, fi.rules, this.single(fi, v));
    let items: unknown[];
    let indexed = true;
    if (Array.isArray(v)) {
      items = v;
      if (v.some(isNestedOrNull)) {
        this.lenient(`list ${fi.name} holds nested lists or nulls`);
        items = v.flat(Infinity).filter((x) => x !== null);
        indexed = false;
      }
    } else {
      this.lenient(`repeated field ${fi.name} given a single value; write a list`);
      items = [v];
      indexed = false;
    }
    // Only lists with `repeated` rules need the normalized values kept (the common case has none).
    const values: Normalized[] | undefined = fi.rules?.repeated ? [] : undefined;
    for (let i = 0; i < items.length; i++) {
      if (indexed) this.path.push(i);
      const n = this.single(fi, items[i]);
      values?.push(n);
      if (indexed) this.path.pop();
    }
    if (values) {
      checkRepeated(
        this,
        fi,
        values,
        (i) => indexed && this.path.push(i),
        () => indexed && this.path.pop(),
      );
    }
  }

  private mapField(fi: FieldInfo, v: unknown): void {
    if (!isPlainObject(v)) {
      this.error('type_mismatch', `expected an object (map<${fi.keyType}, …>), got ${describe(v)}`);
      return;
    }
    const entries: [string, Normalized][] = [];
    for (const [k, item] of Object.entries(v)) {
      this.path.push(k);
      if (fi.keyType === 'bool' && k !== 'true' && k !== 'false') this.error('value_invalid', `map key "${k}" is not a bool`, { key: true });
      else if (fi.keyType !== 'string' && fi.keyType !== 'bool') checkInt(this, fi.keyType, k);
      entries.push([k, this.single(fi, item)]);
      this.path.pop();
    }
    checkMap(this, fi, entries);
  }

  /** Checks one value (a list item, a map value or a singular field). */
  single(fi: FieldInfo, v: unknown): Normalized {
    switch (fi.kind) {
      case 'message': {
        const skip = fi.rules?.message?.skip === true;
        this.rulesOff += skip ? 1 : 0;
        const n = this.message(fi.typeName, v);
        this.rulesOff -= skip ? 1 : 0;
        return n;
      }
      case 'enum': {
        const info = typeInfo(fi.typeName) as EnumInfo;
        return checkEnum(this, info, v);
      }
      case 'string':
        return checkString(this, v, fi.sensitive);
      case 'bool':
        return checkBool(this, v);
      case 'bytes':
        return checkBytes(this, v);
      case 'double':
      case 'float':
        return checkFloat(this, fi.kind, v);
      default:
        return fi.kind in INT_TYPES ? checkInt(this, fi.kind, v) : INVALID;
    }
  }
}

function isNestedOrNull(x: unknown): boolean {
  return Array.isArray(x) || x === null;
}

const INT_TYPES: Record<string, true> = {
  int32: true,
  int64: true,
  uint32: true,
  uint64: true,
  sint32: true,
  sint64: true,
  fixed32: true,
  fixed64: true,
  sfixed32: true,
  sfixed64: true,
};

export function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}
