import { defaultValueName, typeInfo, type EnumInfo, type FieldInfo, type MessageInfo } from './type-info';
import type { Walk } from './walker';

/**
 * Deprecation and work-in-progress annotations, judged as Envoy's `checkForUnexpectedFields` does
 * (source/common/protobuf/utility.cc): a field counts only when it is in use (a non-empty list,
 * a present message or oneof member, a scalar other than its default), and a singular enum field
 * whose value, set or defaulted, is a deprecated enum value counts too. Deprecated is a warning,
 * unless also disallowed by default: then Envoy rejects it. Work in progress is a warning.
 */

const WIP = '(Envoy accepts it; its API may change)';

/** Reports the annotations of a field set in the config. */
export function checkFieldAnnotations(w: Walk, info: MessageInfo, fi: FieldInfo, value: unknown): void {
  if ((fi.deprecated === undefined && !fi.workInProgress) || !inUse(fi, value)) return;
  if (fi.workInProgress) w.report('work_in_progress', 'warning', `field ${info.fullName}.${fi.name} is marked as work in progress ${WIP}`, { key: true });
  if (fi.deprecated === undefined) return;
  const since = fi.deprecated === true ? '' : ` (since API ${fi.deprecated})`;
  if (fi.disallowedByDefault)
    w.report('disallowed_field', 'error', `${info.fullName}.${fi.name} is deprecated${since} and disallowed by default; Envoy rejects it`, { key: true });
  else w.report('deprecated', 'warning', `${fi.name} is deprecated${since}`, { key: true });
}

/** Reports a message that is work in progress by its own annotation or its file's. */
export function checkMessageAnnotations(w: Walk, info: MessageInfo): void {
  if (info.workInProgress === 'message') w.report('work_in_progress', 'warning', `message ${info.fullName} is marked as work in progress ${WIP}`);
  else if (info.workInProgress === 'file')
    w.report('work_in_progress', 'warning', `message ${info.fullName} is in a proto file marked as work in progress ${WIP}`);
}

/** An enum field left unset holds its default value, which Envoy judges like a written one (deprecated here). */
export function checkDefaultEnum(w: Walk, fi: FieldInfo): void {
  const e = typeInfo(fi.typeName) as EnumInfo;
  const zero = defaultValueName(e);
  const text = `${fi.name} is unset, and its default value ${zero} is deprecated`;
  if (e.disallowedByDefault.has(zero)) w.report('disallowed_enum', 'error', `${text} and disallowed by default; Envoy rejects it: set ${fi.name}`);
  else w.report('deprecated', 'warning', `${text}; set ${fi.name}`);
}

/** Envoy's "in use": `FieldSize > 0` for lists, `HasField` otherwise (proto3 scalars: not the default). */
function inUse(fi: FieldInfo, v: unknown): boolean {
  if (fi.map) return typeof v === 'object' && v !== null && Object.keys(v).length > 0;
  if (fi.repeated) return !Array.isArray(v) || v.length > 0;
  if (fi.kind === 'message' || fi.oneof !== undefined || fi.explicitPresence) return true;
  if (fi.kind === 'enum') {
    const e = typeInfo(fi.typeName) as EnumInfo;
    return v !== 0 && !(typeof v === 'string' && e.byUpper.has(v.toUpperCase()) && e.byName.get(e.byUpper.get(v.toUpperCase())!) === 0);
  }
  return v !== false && v !== 0 && v !== 0n && v !== '' && v !== '0' && v !== 'false';
}
