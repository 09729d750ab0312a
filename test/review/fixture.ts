/** A small input set for the review command tests, written to a temp dir, plus a CLI runner. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'cli.js');

export const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: eg
  namespace: default
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      protocol: HTTP
      port: 8080
`;

export const ROUTES = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api
  namespace: default
spec:
  parentRefs:
    - name: eg
  hostnames:
    - api.example.com
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /v1
      retry:
        attempts: 2
      timeouts:
        request: 10s
      backendRefs:
        - name: api-v1
          port: 8080
          weight: 90
        - name: api-canary
          port: 8080
          weight: 10
    - matches:
        - path:
            type: Exact
            value: /healthz
      backendRefs:
        - name: health
          port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: default
spec:
  parentRefs:
    - name: eg
  hostnames:
    - "*.example.com"
  rules:
    - backendRefs:
        - name: web
          port: 8080
`;

export const POLICY = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata:
  name: api-policy
  namespace: default
spec:
  targetRefs:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      name: api
  timeout:
    tcp:
      connectTimeout: 3s
`;

/** Writes files (relative path → text) under a fresh temp dir; removed by the returned cleanup. */
export function writeTree(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-review-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function baseInputs(): Record<string, string> {
  return { 'config/gateway.yaml': GATEWAY, 'config/routes.yaml': ROUTES, 'config/policies.yaml': POLICY };
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function envoyc(cwd: string, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
