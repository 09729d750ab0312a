/**
 * Every coupling has a test (style.md §11): each policy kind's Envoy field tables (which `diff` and
 * `explain` credit) must account for every field of the kind's schema — credited to an Envoy
 * route, filter or cluster field, or listed under `elsewhere` with the reason it has none — and
 * must name no field the schema lacks.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KIND_BY_NAME } from '../../compiler/1-load/kinds';
import type { SchemaNode } from '../../compiler/1-load/schema/node';
import { schemaOf } from '../../compiler/1-load/schema/registry';
import type { AnyPolicyKind } from '../../compiler/3-merge/kind';
import { POLICY_KINDS } from '../../compiler/3-merge/registry';
import { policyFieldsFor } from '../../compiler/review/policy-fields';

/** The kind's `spec` schema (its storage version), as 1-load checks it. */
function specSchema(kind: AnyPolicyKind): SchemaNode {
  const def = KIND_BY_NAME.get(kind.kind);
  const spec = def && schemaOf(def.kind, def.versions[0]!).fields?.get('spec');
  if (!spec) throw new Error(`no schema for ${kind.kind}`);
  return spec;
}

/** Object fields of a schema, looking through lists (a list of objects is walked as its items). */
function childrenOf(s: SchemaNode): ReadonlyMap<string, SchemaNode> | undefined {
  if (s.kind === 'object' && s.fields?.size) return s.fields;
  if (s.kind === 'list' && s.items) return childrenOf(s.items);
  return undefined;
}

/** Spec paths no credited field covers: a field is covered by itself or any covered ancestor. */
function uncovered(s: SchemaNode, path: string, covered: Set<string>): string[] {
  const parts = path.split('.');
  if (parts.some((_, i) => covered.has(parts.slice(0, i + 1).join('.')))) return [];
  const children = childrenOf(s);
  if (!children) return [path];
  return [...children].flatMap(([k, c]) => uncovered(c, path ? `${path}.${k}` : k, covered));
}

function exists(s: SchemaNode, path: string[]): boolean {
  if (!path.length) return true;
  const next = childrenOf(s)?.get(path[0]!);
  return next !== undefined && exists(next, path.slice(1));
}

function creditedFields(kind: AnyPolicyKind): string[] {
  const t = kind.envoyFields;
  return [...t.route, ...t.filters, ...t.cluster].flatMap(([, fields]) => fields);
}

for (const kind of POLICY_KINDS) {
  test(`${kind.kind}: every spec field is credited to an Envoy field, or says why it has none`, () => {
    const covered = new Set([...creditedFields(kind), ...Object.keys(kind.envoyFields.elsewhere)]);
    assert.equal(uncovered(specSchema(kind), '', covered), []);
  });
  test(`${kind.kind}: the tables name only fields the schema has`, () => {
    const named = [...creditedFields(kind), ...Object.keys(kind.envoyFields.elsewhere)];
    assert.equal(
      named.filter((f) => !exists(specSchema(kind), f.split('.'))),
      [],
    );
  });
}

test('a filter is found by its whole name (filter names hold dots)', () => {
  const credits = policyFieldsFor('route', 'typed_per_filter_config.envoy.filters.http.fault.abort.http_status');
  assert.equal(credits, [{ kind: 'BackendTrafficPolicy', fields: ['faultInjection'] }]);
  assert.equal(policyFieldsFor('route', 'typed_per_filter_config.envoy.filters.http.faulty'), []);
});

test('list positions do not hide a field: an endpoint health check port is the health check', () => {
  assert.equal(policyFieldsFor('cluster', 'load_assignment.endpoints[0].lb_endpoints[1].endpoint.health_check_config.port_value'), [
    { kind: 'BackendTrafficPolicy', fields: ['healthCheck'] },
  ]);
});

test.run();
