// One EnvoyExtensionPolicy spec as Envoy Gateway builds its extensions (`buildLuas`, `buildExtProcs`,
// `buildWasms`): the IR of each, and the translation errors. 3-merge reports the errors (status);
// 4-lower builds the routes from the rest. Lua errors fail the routes; a failed ext_proc or Wasm
// extension fails them unless every failed one of its kind is failOpen (then it is left out).
import type { ResolvedBackend } from '../../../2-resolve/types';
import { resolveExtServiceRefs } from '../../../2-resolve/ext-service';
import type { EnvoyExtensionPolicySpec, EnvoyExtensionPolicySpecExtProc, EnvoyExtensionPolicySpecWasm } from '../../../api/generated/envoyextensionpolicy';
import type { IrExtProc, IrLua, IrWasm } from '../../../ir';
import { parseDuration } from '../../../units/duration';
import type { TranslationContext as FullContext, TranslationError } from '../../kind';

/** What building extensions reads of a translation context (4-lower builds them again from the applied spec). */
export type TranslationContext = Pick<FullContext, 'policyOf' | 'namespaceOf' | 'configMaps' | 'lookup' | 'applications' | 'serviceDns'>;
import { luaProblem, type LuaValidation } from './lua';
import { wasmCode, wasmUnavailable, type WasmFetch } from './wasm';

export const EEP_KIND = 'EnvoyExtensionPolicy';

/** The policy each list came from (a merged spec mixes two): IR names and reference namespaces follow it. */
export type Owners = Record<'lua' | 'extProc' | 'wasm', { namespace: string; name: string }>;

export interface BuiltExtProc {
  ir: IrExtProc;
  backends: ResolvedBackend[];
  settings: EnvoyExtensionPolicySpecExtProc['backendSettings'];
}

export interface BuiltExtensions {
  luas: IrLua[];
  extProcs: BuiltExtProc[];
  wasms: IrWasm[];
  /** Clusters Envoy fetches remote Wasm modules through. */
  fetches: WasmFetch[];
  /** Envoy Gateway's translation errors, in its order (Wasm, Lua, ExtProc), each prefixed with its feature. */
  errors: TranslationError[];
  /** The routes answer 500 (Envoy Gateway's `failRoute`). */
  failRoute: boolean;
}

const configName = (o: { namespace: string; name: string }, feature: string, i: number) => `envoyextensionpolicy/${o.namespace}/${o.name}/${feature}/${i}`;

function luaCode(l: NonNullable<EnvoyExtensionPolicySpec['lua']>[number], ns: string, ctx: TranslationContext): { code: string } | { error: string } {
  if (l.type !== 'ValueRef') return { code: l.inline ?? '' };
  const cm = ctx.configMaps.get(`${ns}/${l.valueRef!.name}`)?.value;
  if (!cm) return { error: `can't find the referenced configmap ${l.valueRef!.name} in namespace ${ns}` };
  const data = cm.data ?? {};
  // Envoy Gateway falls back to "the first key" of a Go map (random order); envoyc takes the first by name.
  const key = 'lua' in data ? 'lua' : Object.keys(data).sort()[0];
  return key !== undefined ? { code: data[key]! } : { error: `can't find the key lua in the referenced configmap ${l.valueRef!.name}` };
}

/** `buildLuas`: stops at the first script that fails. */
function buildLuas(
  spec: EnvoyExtensionPolicySpec,
  owner: Owners['lua'],
  level: LuaValidation,
  ctx: TranslationContext,
): { luas: IrLua[]; error?: TranslationError } {
  const luas: IrLua[] = [];
  for (const [i, l] of (spec.lua ?? []).entries()) {
    const name = configName(owner, 'lua', i);
    const src = luaCode(l, owner.namespace, ctx);
    const path = ['spec', 'lua', i, l.type === 'ValueRef' ? 'valueRef' : 'inline'];
    if ('error' in src) return { luas, error: { message: `Lua: ${src.error}`, path } };
    const problem = luaProblem(src.code, level);
    if (problem) return { luas, error: { message: `Lua: validation failed for lua body in policy with name ${name}: ${problem}`, path } };
    luas.push({ name, code: src.code, ...(l.filterContext !== undefined ? { filterContext: l.filterContext as Record<string, unknown> } : {}) });
  }
  return { luas };
}

const BODY = (b: string | undefined) => (b ? { body: b as IrExtProc['request']['body'] & string } : {});

function buildExtProc(e: EnvoyExtensionPolicySpecExtProc, i: number, owner: Owners['extProc'], ctx: TranslationContext): BuiltExtProc | { error: string } {
  const refs = e.backendRefs?.length ? e.backendRefs : e.backendRef ? [e.backendRef] : [];
  const resolved = resolveExtServiceRefs(refs, EEP_KIND, owner.namespace, ctx.lookup, ctx.serviceDns);
  if ('error' in resolved) return resolved;
  const backends = resolved.backends;
  const first = refs[0]!;
  const pm = e.processingMode;
  const ir: IrExtProc = {
    name: configName(owner, 'extproc', i),
    authority: `${first.name}.${first.namespace || owner.namespace}${first.port !== undefined ? `:${first.port}` : ''}`,
    request: { headers: pm?.request !== undefined, ...BODY(pm?.request?.body), ...(pm?.request?.attributes ? { attributes: pm.request.attributes } : {}) },
    response: { headers: pm?.response !== undefined, ...BODY(pm?.response?.body), ...(pm?.response?.attributes ? { attributes: pm.response.attributes } : {}) },
    ...(pm?.allowModeOverride ? { allowModeOverride: true } : {}),
    ...(e.messageTimeout !== undefined ? { messageTimeoutMs: parseDuration(e.messageTimeout) } : {}),
    failOpen: e.failOpen,
    ...(e.shadowMode !== undefined ? { shadowMode: e.shadowMode } : {}),
    ...(e.statusOnError !== undefined ? { statusOnError: e.statusOnError } : {}),
    ...(e.metadata?.accessibleNamespaces ? { forwardingNamespaces: e.metadata.accessibleNamespaces } : {}),
    ...(e.metadata?.writableNamespaces ? { receivingNamespaces: e.metadata.writableNamespaces } : {}),
  };
  return { ir, backends, settings: e.backendSettings };
}

/** Every extension of a kind built, or its errors; `failOpen` when every failed one is failOpen (Envoy Gateway). */
function each<S extends { failOpen: boolean }, T>(
  items: S[],
  build: (s: S, i: number) => T | { error: string } | undefined,
): { built: T[]; errors: string[]; failOpen: boolean } {
  const built: T[] = [];
  const errors: string[] = [];
  let failClose = false;
  items.forEach((s, i) => {
    const r = build(s, i);
    if (r === undefined) return;
    if (typeof r === 'object' && r !== null && 'error' in r) {
      errors.push((r as { error: string }).error);
      failClose ||= !s.failOpen;
    } else built.push(r as T);
  });
  return { built, errors, failOpen: errors.length > 0 && !failClose };
}

/** Builds one spec's extensions, as Envoy Gateway would for one route. */
export function buildExtensions(spec: EnvoyExtensionPolicySpec, owners: Owners, level: LuaValidation, ctx: TranslationContext): BuiltExtensions {
  // Image modules cannot be written: report.ts says so; they are left out here.
  const wasm = each<EnvoyExtensionPolicySpecWasm, { ir: IrWasm; fetch?: WasmFetch }>(spec.wasm ?? [], (w, i) =>
    wasmUnavailable(w) ? undefined : wasmCode(w, configName(owners.wasm, 'wasm', i)),
  );
  // A module Envoy cannot load fails its routes, as Envoy would, unless it is failOpen.
  const unavailable = (spec.wasm ?? []).some((w) => wasmUnavailable(w) && !w.failOpen);
  const lua = buildLuas(spec, owners.lua, level, ctx);
  const extProc = each(spec.extProc ?? [], (e, i) => buildExtProc(e, i, owners.extProc, ctx));
  const errors: TranslationError[] = [];
  if (wasm.errors.length) errors.push({ message: `Wasm: ${wasm.errors.join('\n')}`, path: ['spec', 'wasm'] });
  if (lua.error) errors.push(lua.error);
  if (extProc.errors.length) errors.push({ message: `ExtProc: ${extProc.errors.join('\n')}`, path: ['spec', 'extProc'] });
  return {
    luas: lua.luas,
    extProcs: extProc.built,
    wasms: wasm.built.map((w) => w.ir),
    fetches: wasm.built.flatMap((w) => (w.fetch ? [w.fetch] : [])),
    errors,
    failRoute: unavailable || lua.error !== undefined || (wasm.errors.length > 0 && !wasm.failOpen) || (extProc.errors.length > 0 && !extProc.failOpen),
  };
}
