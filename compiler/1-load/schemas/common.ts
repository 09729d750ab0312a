// Shared schema pieces: ObjectMeta, Gateway API's common types (Group, Kind, names, hostnames,
// Duration, references) and Kubernetes' LabelSelector and Quantity.
import { GATEWAY_GROUP } from '../../api/meta';
import type { CheckCtx } from '../schema/walk';
import { any, def, enm, int, intOrStr, list, map, obj, str, type ObjectSchema, type StringSchema } from '../schema/dsl';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** RFC 1123 label, ≤63 (Namespace names, Gateway API `Namespace`). */
export const dnsLabel = str({ minLength: 1, maxLength: 63, pattern: DNS_LABEL, expect: 'a lower-case RFC 1123 label (a-z, 0-9, "-")' });
/** RFC 1035 label, ≤63 (Service names: must start with a letter). */
export const dns1035Label = str({
  minLength: 1,
  maxLength: 63,
  pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
  expect: 'a lower-case RFC 1035 label (starts with a letter; a-z, 0-9, "-")',
});
/** RFC 1123 subdomain, ≤253 (most object names). */
export const dnsSubdomain = str({ minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN, expect: 'a lower-case RFC 1123 subdomain (a-z, 0-9, "-", ".")' });

/** Gateway API `Group`: empty (core) or a DNS subdomain. */
export const group = str({
  maxLength: 253,
  pattern: /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  expect: 'an API group ("" for core, or a DNS subdomain)',
});
/** Gateway API `Kind`. */
export const kind = str({ minLength: 1, maxLength: 63, pattern: /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/, expect: 'a kind name such as Service' });
/** Gateway API `ObjectName`. */
export const objectName = str({ minLength: 1, maxLength: 253 });
/** Gateway API `Namespace`. */
export const namespaceName = dnsLabel;
/** Gateway API `SectionName`. */
export const sectionName = str({ minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN, expect: 'a section name (lower-case RFC 1123 subdomain)' });
/** Gateway API `Hostname` (wildcard prefix `*.` allowed). */
export const hostname = str({
  minLength: 1,
  maxLength: 253,
  pattern: /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  expect: 'a lower-case hostname, optionally with a leading "*." (no IPs, no port)',
});
/** Gateway API `PreciseHostname` (no wildcard). */
export const preciseHostname = str({ minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN, expect: 'a lower-case hostname without wildcard' });
/** Gateway API `PortNumber`. */
export const port = int(1, 65535);
/** Gateway API `Duration` (also used by Envoy Gateway). */
export const duration = str({ pattern: /^([0-9]{1,5}(h|m|s|ms)){1,4}$/, expect: 'a Duration such as 500ms, 5s or 1h30m (units h, m, s, ms; no decimals)' });
/** Kubernetes `resource.Quantity` as Envoy Gateway's CRDs constrain it (int or string). */
export const quantity = intOrStr({
  min: 0,
  expect: 'a quantity such as 1024, 32Ki or 1Mi',
  string: { t: 'string', pattern: /^[1-9]+[0-9]*([EPTGMK]i|[EPTGMk])?$/, expect: 'a quantity such as 1024, 32Ki or 1Mi (no decimals, no 0)' },
});
/** HTTP header name (Gateway API `HTTPHeaderName`). */
export const headerName = str({ minLength: 1, maxLength: 256, pattern: /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/, expect: 'an HTTP header name' });
/** RFC 3339 timestamp (`metav1.Time`). */
export const timestamp = str({
  pattern: /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  expect: 'an RFC 3339 timestamp such as 2024-01-02T03:04:05Z',
});

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** What is wrong with a label or annotation key (`[prefix/]name`), if anything. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? '' : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1 && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `key prefix "${prefix}" must be a lower-case DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name))
    return 'key name must be 1-63 characters: alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
  return undefined;
}

export const labels = map(str({ maxLength: 63, pattern: LABEL_VALUE, expect: 'a label value (≤63 alphanumerics, "-", "_", ".")' }), {
  keyCheck: qualifiedNameProblem,
});
export const annotations = map(str(), { keyCheck: qualifiedNameProblem });

/** `metav1.ObjectMeta` with the given name rule. `namespace` is defaulted later (it depends on scope). */
export function metadata(name: StringSchema): ObjectSchema {
  return obj(
    {
      name,
      generateName: str(),
      namespace: dnsLabel,
      labels,
      annotations,
      creationTimestamp: timestamp,
      deletionTimestamp: timestamp,
      deletionGracePeriodSeconds: int(),
      generation: int(),
      uid: str(),
      resourceVersion: str(),
      selfLink: str(),
      finalizers: list(str()),
      ownerReferences: list(any()),
      managedFields: list(any()),
    },
    { required: ['name'] },
  );
}

/** `metav1.LabelSelector`. */
export const labelSelector = obj({
  matchLabels: labels,
  matchExpressions: list(
    obj(
      { key: str({ minLength: 1 }), operator: enm(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: list(str()) },
      {
        required: ['key', 'operator'],
        cel: [
          (e, c) => {
            const n = e.values?.length ?? 0;
            if ((e.operator === 'In' || e.operator === 'NotIn') && n === 0) c.invalid(['values'], `values must be non-empty when operator is ${e.operator}`);
            if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && n > 0)
              c.invalid(['values'], `values must be empty when operator is ${e.operator}`);
          },
        ],
      },
    ),
  ),
});

/** Gateway API `Fraction`: numerator ≤ denominator, denominator defaults to 100. */
export const fraction = obj(
  { numerator: int(0), denominator: def(int(1), 100) },
  { required: ['numerator'], cel: [(f, c) => f.numerator > f.denominator && c.fail([], 'numerator must be less than or equal to denominator')] },
);

/** Gateway API `ParentReference` with its CRD defaults. */
export const parentRef = obj(
  {
    group: def(group, GATEWAY_GROUP),
    kind: def(kind, 'Gateway'),
    namespace: namespaceName,
    name: objectName,
    sectionName,
    port,
  },
  { required: ['name'] },
);

/** `parentRefs` (≤32) with the CRD's uniqueness rules. */
export const parentRefs = list(parentRef, {
  maxItems: 32,
  cel: [
    (refs: Record<string, unknown>[], c) => {
      const seen = new Map<string, { i: number; section: string; port: unknown; bare: boolean }>();
      refs.forEach((r, i) => {
        const id = `${r.group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
        const prev = seen.get(id);
        const cur = { i, section: String(r.sectionName ?? ''), port: r.port ?? '', bare: r.sectionName === undefined && r.port === undefined };
        if (prev && (prev.bare || cur.bare))
          c.fail([i], 'sectionName or port must be specified when parentRefs includes 2 or more references to the same parent');
        else if (prev && prev.section === cur.section && prev.port === cur.port)
          c.fail([i], 'sectionName or port must be unique when parentRefs includes 2 or more references to the same parent');
        if (!prev) seen.set(id, cur);
      });
    },
  ],
});

/** Gateway API `BackendObjectReference`, with defaults group "" and kind Service. */
export const backendObjectRefFields = {
  group: def(group, ''),
  kind: def(kind, 'Service'),
  name: objectName,
  namespace: namespaceName,
  port,
};

/** `Must have port for Service reference` (BackendObjectReference CEL). */
export function servicePortRequired(ref: { group?: string; kind?: string; port?: number }, c: CheckCtx): void {
  if ((ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service' && ref.port === undefined) c.fail([], 'Must have port for Service reference');
}

export const backendObjectRef = obj(backendObjectRefFields, { required: ['name'], cel: [servicePortRequired] });

/** `SecretObjectReference` (certificateRefs, clientCertificateRef). */
export const secretObjectRef = obj({ group: def(group, ''), kind: def(kind, 'Secret'), name: objectName, namespace: namespaceName }, { required: ['name'] });

/** Gateway API `LocalObjectReference`. */
export const localObjectRef = obj({ group, kind, name: objectName }, { required: ['group', 'kind', 'name'] });

/** Top-level `apiVersion`/`kind`/`metadata`/`spec`/`status` around a spec schema. */
export function resource(meta: ObjectSchema, spec: ObjectSchema, o: { specRequired?: boolean } = {}): ObjectSchema {
  return obj(
    { apiVersion: str(), kind: str(), metadata: meta, spec, status: any() },
    { required: o.specRequired === false ? ['metadata'] : ['metadata', 'spec'] },
  );
}
