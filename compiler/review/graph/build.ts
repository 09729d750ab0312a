/**
 * The attachment graph as a picture model, from what `compile()` returns: 2-resolve's graph for the
 * tree, the IR for what each rule answers, and 3-merge's output for every policy of every
 * registered kind. Pure: same result, same model.
 */
import type { AnyPolicyKind } from '../../3-merge/kind';
import { POLICY_KINDS } from '../../3-merge/registry';
import type { CompileResult } from '../../index';
import type { GraphModel, GraphNode, NodeKind } from './model';
import { ruleOutcomes } from './outcomes';
import { addPolicies } from './policies';
import { addStructure, GraphBuilder } from './structure';

/** What the picture is drawn from. */
export type GraphInput = Pick<CompileResult, 'graph' | 'policies' | 'ir'>;

/** Node order in the model (and so in every rendering): the tree first, then what attaches to it. */
const RANK: Readonly<Record<NodeKind, number>> = { gateway: 0, listener: 0, route: 1, rule: 1, backend: 2, policy: 3, target: 4 };

function byRank(a: GraphNode, b: GraphNode): number {
  const r = RANK[a.kind] - RANK[b.kind];
  if (r !== 0 || a.kind !== 'backend') return r;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function buildGraph(input: GraphInput, kinds: readonly AnyPolicyKind[] = POLICY_KINDS): GraphModel {
  const g = new GraphBuilder();
  // The tree first: policies are drawn at nodes it already holds (a kind's own scopes at backends).
  addStructure(g, input.graph.gateways, input.graph.routes, ruleOutcomes(input.ir));
  addPolicies(g, kinds, input.policies, input.graph.routes, input.graph.resources);
  // Array.prototype.sort is stable: within a rank, the order things were added.
  return { nodes: [...g.nodes.values()].sort(byRank), edges: g.edges, notes: [] };
}
