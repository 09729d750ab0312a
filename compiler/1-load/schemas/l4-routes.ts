// TCPRoute (v1alpha2) and TLSRoute (v1alpha2, v1alpha3), as in the Gateway API experimental CRDs.
import { list, obj } from '../schema/dsl';
import { dnsSubdomain, hostname, metadata, parentRefs, resource, sectionName } from './common';
import { checkRules } from './httproute';
import { l4BackendRefs } from './route-filters';

const rules = list(obj({ name: sectionName, backendRefs: l4BackendRefs }, { required: ['backendRefs'] }), {
  minItems: 1,
  maxItems: 16,
  cel: [checkRules],
});

export const tcpRouteSchema = resource(metadata(dnsSubdomain), obj({ parentRefs, rules }, { required: ['rules'] }));

export const tlsRouteSchema = resource(
  metadata(dnsSubdomain),
  obj({ parentRefs, hostnames: list(hostname, { maxItems: 16 }), rules }, { required: ['rules'] }),
);
