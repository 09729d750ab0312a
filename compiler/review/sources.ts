/**
 * Maps names in the emitted config back to the inputs: a route or cluster name to its route rule
 * and match (file:line), a diagnostic's span to the resource that holds it, and a policy's field
 * to the line that sets it. Built from a `CompileResult`; never re-reads files.
 */
import type { Loaded, ResourceKey, Resources } from '../1-load/types';
import { POLICY_KINDS } from '../3-merge/registry';
import type { AppliedPolicy } from '../3-merge/types';
import type { CompileResult } from '../index';
import { lineCol, spanAt, type NodePath, type SourceFile, type Span } from '../source';

const ROUTE_KINDS: Record<string, string> = {
  httproute: 'HTTPRoute',
  grpcroute: 'GRPCRoute',
  tcproute: 'TCPRoute',
  tlsroute: 'TLSRoute',
  udproute: 'UDPRoute',
};

/** The parts of a generated route or cluster name (`httproute/<ns>/<name>/rule/<i>[/match/<m>/<host>]`). */
export interface NameParts {
  key: ResourceKey;
  rule: number;
  match?: number;
}

export function parseGeneratedName(name: string): NameParts | undefined {
  const m = /^(httproute|grpcroute|tcproute|tlsroute|udproute)\/([^/]+)\/([^/]+)\/rule\/(-?\d+)(?:\/match\/(\d+))?/.exec(name);
  if (!m) return undefined;
  const parts: NameParts = { key: `${ROUTE_KINDS[m[1]!]}/${m[2]}/${m[3]}` as ResourceKey, rule: Number(m[4]) };
  if (m[5] !== undefined) parts.match = Number(m[5]);
  return parts;
}

/** `Kind/ns/name` → `Kind ns/name`, as messages print resources. */
export function keyLabel(key: string): string {
  const [kind, ...rest] = key.split('/');
  return `${kind} ${rest.join('/')}`;
}

/** A policy's application to one route rule on one Gateway listener. */
export interface Application {
  /** The policy kind. */
  kind: string;
  listener: string;
  applied: AppliedPolicy;
}

export class SourceIndex {
  private readonly files: Map<string, SourceFile>;
  private readonly byKey = new Map<string, Loaded<any>>();

  constructor(
    readonly result: CompileResult,
    files: SourceFile[],
  ) {
    this.files = new Map(files.map((f) => [f.path, f]));
    for (const list of Object.values(result.resources as Resources) as Loaded<any>[][]) for (const l of list) if (l.written) this.byKey.set(l.key, l);
  }

  /** `file:line` of a span. */
  at(span: Span | undefined): string | undefined {
    if (!span) return undefined;
    const f = this.files.get(span.file);
    return f ? `${span.file}:${lineCol(f, span.start).line}` : span.file;
  }

  loaded(key: string): Loaded<any> | undefined {
    return this.byKey.get(key);
  }

  /** `file:line` of a node of a resource, e.g. `['spec', 'retry']` of a policy. */
  fieldAt(key: string, path: NodePath): string | undefined {
    const l = this.byKey.get(key);
    return l ? this.at(spanAt(l.src, path)) : undefined;
  }

  /** The resource whose YAML document holds the span (the innermost: a `kind: List` item over the list). */
  resourceAt(span: Span | undefined): ResourceKey | undefined {
    if (!span) return undefined;
    let best: { key: ResourceKey; size: number } | undefined;
    for (const l of this.byKey.values()) {
      const r = l.src.node.range;
      if (l.src.file !== span.file || !r || span.start < r[0] || span.start > r[2]) continue;
      if (!best || r[2] - r[0] < best.size) best = { key: l.key, size: r[2] - r[0] };
    }
    return best?.key;
  }

  /** The route rule (and match) a generated route or cluster name comes from, with file:line. */
  ruleOf(name: string): (NameParts & { ruleAt?: string; matchAt?: string }) | undefined {
    const parts = parseGeneratedName(name);
    if (!parts || !this.byKey.has(parts.key)) return parts;
    const out: NameParts & { ruleAt?: string; matchAt?: string } = { ...parts };
    const ruleAt = this.fieldAt(parts.key, ['spec', 'rules', Math.max(parts.rule, 0)]);
    if (ruleAt) out.ruleAt = ruleAt;
    const matches = this.byKey.get(parts.key)!.value?.spec?.rules?.[parts.rule]?.matches;
    if (parts.match !== undefined && Array.isArray(matches) && matches[parts.match]) {
      const matchAt = this.fieldAt(parts.key, ['spec', 'rules', parts.rule, 'matches', parts.match]);
      if (matchAt) out.matchAt = matchAt;
    }
    return out;
  }

  /**
   * The policies applied to the rule behind a route or cluster name. A route belongs to one Gateway
   * listener (the first three segments of its virtual host's name); a cluster serves them all.
   */
  applicationsOf(name: string, vhost?: string): Application[] {
    const parts = parseGeneratedName(name);
    if (!parts) return [];
    const prefix = `${parts.key}|${parts.rule}|`;
    const listener = vhost?.split('/').slice(0, 3).join('/');
    return POLICY_KINDS.filter((k) => k.unit === 'ruleOnListener')
      .flatMap((kind) =>
        Object.entries(this.result.policies.applied[kind.kind] ?? {})
          .filter(([k]) => k.startsWith(prefix) && (listener === undefined || k.slice(prefix.length) === listener))
          .map(([k, applied]) => ({ kind: kind.kind, listener: k.slice(prefix.length), applied })),
      )
      .sort((a, b) => (a.listener < b.listener ? -1 : a.listener > b.listener ? 1 : 0));
  }
}
