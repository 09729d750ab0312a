// An EnvoyProxy's `bootstrap`: Merge's and Replace's value parsed (a YAML or JSON Bootstrap),
// JSONPatch's operations carried with their spans; the patch step applies them to the finished bootstrap.
import { parse } from 'yaml';
import type { GatewayNode } from '../2-resolve/types';
import * as d from '../diagnostics/codes';
import type { IrBootstrapOverride } from '../ir';
import { spanAt } from '../source';
import type { LowerContext } from './context';

/** The bootstrap customization of the Gateway's EnvoyProxy, or undefined (none, or an error reported). */
export function lowerBootstrap(ctx: LowerContext, gateway: GatewayNode): IrBootstrapOverride | undefined {
  const proxy = gateway.envoyProxy?.proxy;
  const b = proxy?.value.spec.bootstrap;
  if (!proxy || !b) return undefined;
  const name = `${proxy.value.metadata.namespace}/${proxy.value.metadata.name}`;
  const at = spanAt(proxy.src, ['spec', 'bootstrap']);
  if (b.type === 'JSONPatch')
    return {
      proxy: proxy.key,
      at,
      type: 'JSONPatch',
      patches: (b.jsonPatches ?? []).map((operation, i) => ({ operation, at: spanAt(proxy.src, ['spec', 'bootstrap', 'jsonPatches', i]) })),
    };
  let value: unknown;
  try {
    value = parse(b.value ?? '');
  } catch (err) {
    value = (err as Error).message;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const problem = typeof value === 'string' ? value : 'it is not a Bootstrap object';
    ctx.diags.add(d.envoyProxyInvalid(spanAt(proxy.src, ['spec', 'bootstrap', 'value']), name, `failed to parse override bootstrap config: ${problem}`));
    return undefined;
  }
  const parsed = value as Record<string, unknown>;
  return b.type === 'Replace' ? { proxy: proxy.key, at, type: 'Replace', value: parsed } : { proxy: proxy.key, at, type: 'Merge', value: parsed };
}
