import type { Loaded } from '../../../1-load/types';
import type { EnvoyExtensionPolicySpec } from '../../../api/generated/envoyextensionpolicy';
import * as d from '../../../diagnostics/codes';
import type { Diagnostics } from '../../../diagnostics';
import { spanAt } from '../../../source';
import { policyLabel, type PolicyObject } from '../../kind';
import { wasmUnavailable } from './wasm';

/** What a policy asks that a static bootstrap cannot carry: said, never dropped in silence. */
export function reportEep(p: Loaded<PolicyObject<EnvoyExtensionPolicySpec>>, _opts: unknown, diags: Diagnostics): void {
  const label = policyLabel(p);
  (p.value.spec.wasm ?? []).forEach((w, i) => {
    const effect = w.failOpen ? 'the routes go on without it (failOpen)' : 'the routes it applies to answer 500, as Envoy does when a module fails to load';
    if (wasmUnavailable(w) === 'image')
      diags.add(
        d.policyFieldNeedsControlPlane(
          spanAt(p.src, ['spec', 'wasm', i, 'code', 'image']),
          label,
          `wasm[${i}] code.image`,
          `an image module becomes a file Envoy can fetch only through Envoy Gateway's Wasm cache and its HTTP server; envoyc leaves the filter out and ${effect}. Serve the module over http(s):// with its sha256, or give its path on Envoy's host`,
        ),
      );
  });
  if (p.value.spec.dynamicModule?.length)
    diags.add(
      d.policyFieldUnsupported(
        spanAt(p.src, ['spec', 'dynamicModule']),
        label,
        'dynamicModule',
        "a dynamic module is a shared library registered in an EnvoyProxy's dynamicModules, loaded by Envoy from its own file system; envoyc does not write dynamic module filters",
      ),
    );
}
