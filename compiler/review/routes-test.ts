/**
 * `envoyc routes-test FILE`: a YAML list of requests with the route each should take, checked with
 * `match`. Any mismatch fails (exit 1); rules no request reached are listed (coverage, not failure).
 *
 *   - host: api.example.com
 *     path: /v1/users?page=2
 *     method: POST                      # default GET
 *     headers: { x-tenant: acme }       # or a list of "name: value" strings
 *     query: { debug: "1" }
 *     port: 8080                        # needed when the Envoy has several HTTP listeners
 *     expect: httproute/default/api/rule/0/match/1/api_example_com
 *                                       # a route name, a rule (…/rule/0: any of its routes), or none
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { routesOf, type Json } from './bootstrap-view';
import { matchReport, parseHeader } from './match';
import type { SimRequest } from './request-matching';
import type { SourceIndex } from './sources';

export interface RouteTestCase {
  request: SimRequest;
  expect: string;
  /** `FILE:line` of the case. */
  at: string;
}

export interface RoutesTestResult {
  passed: number;
  failures: { at: string; request: string; expected: string; got: string; why?: string[] }[];
  /** Rules (`…/rule/<i>`) of the config that no request reached. */
  unreached: string[];
}

function pairs(v: unknown, kind: string, at: string): [string, string][] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map((x) => (kind === 'headers' ? parseHeader(String(x)) : (String(x).split('=', 2) as [string, string])));
  if (v && typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => [kind === 'headers' ? k.toLowerCase() : k, String(x)]);
  throw new Error(`${at}: ${kind} must be a map or a list`);
}

/** Reads the test file; throws an Error naming file:line for a malformed case. */
export function parseRoutesTest(file: string, text: string): RouteTestCase[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) throw new Error(`${file}:${lc.linePos(doc.errors[0]!.pos[0]).line}: ${doc.errors[0]!.message}`);
  const root = doc.contents as Node | null;
  const items = isSeq(root)
    ? (root.items as Node[])
    : isMap(root) && isSeq(root.get('requests', true))
      ? ((root.get('requests', true) as any).items as Node[])
      : undefined;
  if (!items) throw new Error(`${file}: expected a list of requests (or requests: [...])`);
  return items.map((node) => {
    const at = `${file}:${lc.linePos(node.range?.[0] ?? 0).line}`;
    const v = (node as any).toJSON() as Record<string, unknown>;
    if (!v || typeof v !== 'object') throw new Error(`${at}: a request must be a map`);
    if (typeof v.path !== 'string' || !v.path.startsWith('/')) throw new Error(`${at}: path is required and must start with /`);
    if (v.expect === undefined) throw new Error(`${at}: expect is required (a route name, a rule name, or none)`);
    const request: SimRequest = {
      host: String(v.host ?? ''),
      path: v.path,
      method: String(v.method ?? 'GET'),
      headers: pairs(v.headers, 'headers', at),
      query: pairs(v.query, 'query', at),
      ...(v.port !== undefined ? { port: Number(v.port) } : {}),
      ...(v.sni !== undefined ? { sni: String(v.sni) } : {}),
    };
    return { request, expect: v.expect === null ? 'none' : String(v.expect), at };
  });
}

function ruleOfRoute(name: string): string {
  return name.replace(/\/match\/.*$/, '');
}

export function runRoutesTest(bootstrap: Json, cases: RouteTestCase[], idx?: SourceIndex): RoutesTestResult {
  const result: RoutesTestResult = { passed: 0, failures: [], unreached: [] };
  const reached = new Set<string>();
  for (const c of cases) {
    const r = matchReport(bootstrap, c.request, idx);
    const got = r.route?.name ?? 'none';
    if (r.route) reached.add(ruleOfRoute(r.route.name));
    const ok = got === c.expect || (got !== 'none' && !c.expect.includes('/match/') && ruleOfRoute(got) === c.expect);
    if (ok) result.passed++;
    else
      result.failures.push({
        at: c.at,
        request: `${c.request.method} ${c.request.host}${c.request.path}`,
        expected: c.expect,
        got,
        ...(r.matched ? {} : { why: r.reasons }),
      });
  }
  result.unreached = [...new Set(routesOf(bootstrap).map((r) => ruleOfRoute(r.route.name)))].filter((r) => !reached.has(r)).sort();
  return result;
}

export function renderRoutesTest(r: RoutesTestResult): string {
  const lines: string[] = [];
  for (const f of r.failures) {
    lines.push(`FAIL ${f.at}: ${f.request}`, `  expected ${f.expected}`, `  got      ${f.got}`);
    for (const w of f.why ?? []) lines.push(`    ${w}`);
  }
  lines.push(`${r.passed} passed, ${r.failures.length} failed`);
  if (r.unreached.length) lines.push(`${r.unreached.length} rule(s) no request reached:`, ...r.unreached.map((u) => `  ${u}`));
  return lines.join('\n') + '\n';
}
