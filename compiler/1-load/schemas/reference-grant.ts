// ReferenceGrant (gateway.networking.k8s.io v1beta1, v1alpha2).
import { list, obj } from '../schema/dsl';
import { dnsSubdomain, group, kind, metadata, namespaceName, objectName, resource } from './common';

export const referenceGrantSchema = resource(
  metadata(dnsSubdomain),
  obj(
    {
      from: list(obj({ group, kind, namespace: namespaceName }, { required: ['group', 'kind', 'namespace'] }), { minItems: 1, maxItems: 16 }),
      to: list(obj({ group, kind, name: objectName }, { required: ['group', 'kind'] }), { minItems: 1, maxItems: 16 }),
    },
    { required: ['from', 'to'] },
  ),
);
