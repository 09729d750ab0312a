// Gateway `spec.tls.frontend` (Gateway API v1.6): client certificate validation for the Gateway's
// HTTPS listeners, a default and per-port overrides, as Envoy Gateway v1.9's ProcessGatewayTLS
// reads it (getCaCertsFromCARefs). A listener whose validation cannot be read is not programmed;
// a ClientTrafficPolicy's `tls.clientValidation` on the listener takes precedence (4-lower).
import type { Loaded } from '../1-load/types';
import type { Gateway } from '../api/gateway';
import type { GatewaySpecTlsFrontendDefaultValidationCaCertificateRefs } from '../api/generated/gateway';
import { GATEWAY_GROUP } from '../api/meta';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt, type NodePath } from '../source';
import { validCaCertificates, type DataSources } from './ca-bundle';
import { decodeSecretData } from './certificates';
import { referencePermitted } from './lookup';
import type { Condition, FrontendValidation } from './types';

type CaRef = GatewaySpecTlsFrontendDefaultValidationCaCertificateRefs;

/** Why a listener's validation cannot be used: Envoy Gateway's message and listener reason. */
export interface FrontendError {
  message: string;
  reason: 'InvalidCACertificateRef' | 'InvalidCACertificateKind' | 'NoValidCACertificate' | 'RefNotPermitted';
}

/** The frontend validation of each port of a Gateway, and the Gateway conditions it brings. */
export interface GatewayFrontend {
  /** The validation a listener on `port` uses (undefined: none; an explicit per-port entry without validation turns the default off). */
  forPort(port: number): FrontendValidation | FrontendError | undefined;
  conditions: Condition[];
}

const CA_KEYS = ['ca.crt', 'tls.crt'];

function pick(data: Record<string, string>): string | undefined {
  for (const k of CA_KEYS) if (data[k] !== undefined) return data[k];
  const values = Object.values(data);
  return values.length === 1 ? values[0] : undefined;
}

/** Envoy Gateway's getCaCertsFromCARefs: the refs' CA bundles joined, or the first problem. */
function readCaRefs(gw: Loaded<Gateway>, refs: CaRef[], path: NodePath, src: DataSources, diags: Diagnostics): string | FrontendError {
  const gwNs = gw.value.metadata.namespace;
  let ca = '';
  let supported = false;
  for (const [i, ref] of refs.entries()) {
    const ns = ref.namespace ?? gwNs;
    const from = { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gwNs };
    if (ns !== gwNs && !referencePermitted(src.lookup, from, { group: ref.group, kind: ref.kind, namespace: ns, name: ref.name })) {
      const message = `cross-namespace reference is not permitted by any ReferenceGrant for caCertificateRef ${ref.group}/${ref.name} (kind: ${ref.kind}, namespace: ${ns})`;
      return { message, reason: 'RefNotPermitted' };
    }
    let text: string | undefined;
    if (ref.kind === 'ConfigMap') {
      supported = true;
      const cm = src.configMaps.get(`${ns}/${ref.name}`);
      if (!cm) return { message: `configmap ${ref.name} not found in namespace ${ns}`, reason: 'InvalidCACertificateRef' };
      text = pick(cm.value.data ?? {});
      if (text === undefined) return { message: `no ca found in configmap ${ref.name}`, reason: 'InvalidCACertificateRef' };
    } else if (ref.kind === 'Secret') {
      supported = true;
      const secret = src.lookup.secrets.get(`${ns}/${ref.name}`);
      if (!secret) return { message: `secret ${ref.name} not found in namespace ${ns}`, reason: 'InvalidCACertificateRef' };
      // SDS reference Secrets need Envoy Gateway's SDS setting, which has no offline equivalent.
      if (secret.value.type === 'gateway.envoyproxy.io/sds')
        return { message: 'SDS Secret reference is not enabled in EnvoyGateway configuration', reason: 'InvalidCACertificateRef' };
      const raw = pick(secret.value.data ?? {});
      if (raw === undefined) return { message: `no ca found in secret ${ref.name}`, reason: 'InvalidCACertificateRef' };
      text = decodeSecretData(raw).toString('latin1');
    } else if (ref.kind === 'ClusterTrustBundle') {
      return { message: `cluster trust bundle ${ref.name} not found`, reason: 'InvalidCACertificateRef' };
    } else continue;
    // Envoy Gateway passes the bundle on unread; Envoy refuses one without a certificate it can parse.
    const certs = validCaCertificates(text);
    if ('error' in certs)
      diags.add(
        d.valueUnsupportedByEnvoy(
          spanAt(gw.src, [...path, i]),
          `Gateway ${gwNs}/${gw.value.metadata.name}`,
          'caCertificateRefs',
          `Envoy cannot load this CA bundle: ${certs.error}`,
        ),
      );
    ca = ca ? `${ca}\n${text}` : text;
  }
  if (ca) return ca;
  return supported
    ? { message: 'no valid CA certificate found in referenced resources', reason: 'NoValidCACertificate' }
    : {
        message: 'Unsupported reference kind, supported kinds are ConfigMap, Secret, and ClusterTrustBundle in caCertificateRefs',
        reason: 'InvalidCACertificateKind',
      };
}

/** A Gateway's frontend validation, read once; its problems reported at the refs. */
export function resolveFrontend(gw: Loaded<Gateway>, src: DataSources, diags: Diagnostics): GatewayFrontend {
  const frontend = gw.value.spec.tls?.frontend;
  const conditions: Condition[] = [];
  if (!frontend) return { forPort: () => undefined, conditions };
  const { namespace, name } = gw.value.metadata;
  let insecure = false;
  const read = (validation: NonNullable<typeof frontend.default.validation>, suffix: string, path: NodePath, what: string) => {
    const r = readCaRefs(gw, validation.caCertificateRefs, [...path, 'caCertificateRefs'], src, diags);
    if (typeof r !== 'string') {
      const message = `Failed to get ${what} CA certs for gateway: ${r.message}`;
      conditions.splice(0, conditions.length, { type: 'ResolvedRefs', status: 'False', reason: 'InvalidParameters', message });
      diags.add(d.frontendValidationInvalid(spanAt(gw.src, path), `${namespace}/${name}`, r.message));
      return r;
    }
    insecure ||= validation.mode === 'AllowInsecureFallback';
    const mode = validation.mode === 'AllowInsecureFallback' ? 'Request' : 'RequireAndVerify';
    return { name: `gateway/${namespace}/${name}/${suffix}/ca.crt`, pem: r, mode } satisfies FrontendValidation;
  };
  const base: NodePath = ['spec', 'tls', 'frontend'];
  const dflt = frontend.default.validation ? read(frontend.default.validation, 'default', [...base, 'default', 'validation'], 'default frontend') : undefined;
  const perPort = new Map<number, FrontendValidation | FrontendError | undefined>();
  (frontend.perPort ?? []).forEach((p, i) => {
    const path = [...base, 'perPort', i, 'tls', 'validation'];
    perPort.set(p.port, p.tls.validation ? read(p.tls.validation, String(p.port), path, 'frontend') : undefined);
  });
  if (insecure)
    conditions.push({
      type: 'InsecureFrontendValidationMode',
      status: 'True',
      reason: 'ConfigurationChanged',
      message: 'Gateway is using AllowInsecureFallback frontend validation mode.',
    });
  return { forPort: (port) => (perPort.has(port) ? perPort.get(port) : dflt), conditions };
}
