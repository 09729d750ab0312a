// Test helpers for 1-load: run the loader over inline YAML and render findings compactly.
import { load } from '../../compiler/1-load';
import type { Resources } from '../../compiler/1-load/types';
import { Diagnostics, type Diagnostic } from '../../compiler/diagnostics';
import { lineCol, type SourceFile } from '../../compiler/source';

export interface Run {
  res: Resources;
  diags: Diagnostic[];
  /** `line:col code` for each diagnostic, in order. */
  where: string[];
  files: SourceFile[];
}

export function run(input: string | SourceFile[], strict = false): Run {
  const files = typeof input === 'string' ? [{ path: 'in.yaml', text: input }] : input;
  const sink = new Diagnostics(strict);
  const res = load(files, sink);
  const diags = sink.sorted();
  const byPath = new Map(files.map((f) => [f.path, f]));
  const where = diags.map((d) => {
    const f = d.span && byPath.get(d.span.file);
    const lc = f && d.span ? lineCol(f, d.span.start) : { line: 0, col: 0 };
    return `${lc.line}:${lc.col} ${d.code}`;
  });
  return { res, diags, where, files };
}

/** A minimal valid object of each kind, to be extended with `spec` text. */
export const HEAD = {
  route: 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\n',
  grpc: 'apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: g}\n',
  gateway: 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\n',
  btp: 'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: p}\n',
  backend: 'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: b}\n',
  service: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n',
};

/** A BTP with a valid target and the given extra spec lines (indented two spaces). */
export function btp(spec: string): string {
  return `${HEAD.btp}spec:\n  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: r}]\n${spec}`;
}
