// spec.loadBalancer (btp-fields.md §4.1) and the seed variants Maglev / leastRequest.choiceCount (§8).
import { any, bool, def, enm, int, list, obj, str } from '../../schema/dsl';
import type { CheckCtx } from '../../schema/walk';
import { duration } from '../common';
import { maglevType } from './seed';

const named = obj({ name: str() }, { required: ['name'] });

const HASH_BLOCKS: Record<string, string> = { Header: 'header', Headers: 'headers', Cookie: 'cookie', QueryParams: 'queryParams' };

export const consistentHash = obj(
  {
    type: enm(['SourceIP', 'Header', 'Headers', 'Cookie', 'QueryParams']),
    header: named,
    headers: list(named),
    cookie: obj({ name: str(), ttl: duration, attributes: { t: 'map', values: str() } }, { required: ['name'] }),
    queryParams: list(named),
    tableSize: def(int(2, 5000011), 65537),
  },
  {
    required: ['type'],
    cel: [
      (h, c) => {
        for (const [type, block] of Object.entries(HASH_BLOCKS))
          if ((h.type === type) !== (h[block] !== undefined))
            c.fail(h[block] !== undefined ? [block] : [], `If consistent hash type is ${type}, the ${block} field must be set.`);
      },
    ],
  },
);

const LB_BLOCKS: Record<string, string> = { ConsistentHash: 'consistentHash', BackendUtilization: 'backendUtilization', DynamicModule: 'dynamicModule' };

function checkLoadBalancer(lb: any, c: CheckCtx): void {
  for (const [type, block] of Object.entries(LB_BLOCKS))
    if ((lb.type === type) !== (lb[block] !== undefined))
      c.fail(lb[block] !== undefined ? [block] : [], `If LoadBalancer type is ${type}, ${block} field needs to be set.`);
  if (lb.slowStart && !['RoundRobin', 'LeastRequest', 'BackendUtilization'].includes(lb.type))
    c.fail(['slowStart'], 'Currently SlowStart is only supported for RoundRobin, LeastRequest, and BackendUtilization load balancers.');
  const zone = lb.zoneAware;
  if (zone?.preferLocal && (lb.type === 'ConsistentHash' || lb.type === 'BackendUtilization'))
    c.fail(['zoneAware', 'preferLocal'], 'PreferLocal zone-aware routing is not supported for ConsistentHash or BackendUtilization load balancers.');
  if (zone && lb.type === 'DynamicModule') c.fail(['zoneAware'], 'ZoneAware routing is not supported for DynamicModule load balancers.');
  if (zone?.preferLocal && zone?.weightedZones) c.fail(['zoneAware'], 'ZoneAware PreferLocal and WeightedZones cannot be specified together.');
  if (lb.endpointOverride && lb.type === 'DynamicModule') c.fail(['endpointOverride'], 'EndpointOverride is not supported for DynamicModule load balancers.');
  if (lb.leastRequest && lb.type !== 'LeastRequest') c.fail(['leastRequest'], 'leastRequest (an envoyc extension) can only be used with type LeastRequest');
}

export const loadBalancer = obj(
  {
    type: enm(['ConsistentHash', 'LeastRequest', 'Random', 'RoundRobin', 'BackendUtilization', 'DynamicModule']),
    consistentHash,
    slowStart: obj({ window: duration }, { required: ['window'] }),
    zoneAware: obj({
      preferLocal: obj({ minEndpointsThreshold: int(0), percentageEnabled: int(0, 100), force: obj({ minEndpointsInZoneThreshold: int(0) }) }),
      weightedZones: list(obj({ zone: str(), weight: int(0, 4294967295) }, { required: ['zone', 'weight'] }), { mapKey: 'zone' }),
    }),
    endpointOverride: obj({ extractFrom: list(obj({ header: str() }), { minItems: 1, maxItems: 10 }) }, { required: ['extractFrom'] }),
    backendUtilization: obj({
      blackoutPeriod: duration,
      weightExpirationPeriod: duration,
      weightUpdatePeriod: duration,
      errorUtilizationPenaltyPercent: int(0),
      metricNamesForComputingUtilization: list(str()),
      keepResponseHeaders: def(bool(), false),
      outOfBand: obj(
        {
          reportingPeriod: duration,
          port: int(1, 65535),
          authority: str({ minLength: 1, maxLength: 259, pattern: /^[^\x00\r\n]*$/, expect: 'an authority without NUL, CR or LF' }),
        },
        {
          cel: [
            (o, c) =>
              o.reportingPeriod !== undefined &&
              /^(0+(h|m|s|ms))+$/.test(o.reportingPeriod) &&
              c.fail(['reportingPeriod'], 'reportingPeriod must be greater than 0'),
          ],
        },
      ),
    }),
    dynamicModule: obj(
      {
        name: str({ minLength: 1, maxLength: 253, pattern: /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/ }),
        lbPolicyName: str({ minLength: 1, maxLength: 253 }),
        config: any(),
      },
      { required: ['name'] },
    ),
    leastRequest: obj(
      { choiceCount: int(2, 4294967295) },
      {
        required: ['choiceCount'],
        notes: { choiceCount: "is not part of the Envoy Gateway API; honoured by envoyc as Envoy's LeastRequest choice_count (Envoy default 2)" },
      },
    ),
  },
  { required: ['type'], cel: [checkLoadBalancer], legacy: { type: maglevType(consistentHash) } },
);
