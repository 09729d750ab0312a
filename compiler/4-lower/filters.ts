import type { HeaderEdits } from '../2-resolve/types';
import type { HTTPRouteFilter, PathModifier } from '../api/routes';
import type { IrHeaderMutation, IrRouteAction } from '../ir';
import { escapeLonePercents } from '../units/formatter';

/**
 * A header modifier as Envoy takes it: values are format strings there, so a `%` that starts no
 * command operator is written as the literal `%%` (2-resolve refused unknown command operators).
 */
export function headerMutation(edits: HeaderEdits | undefined): IrHeaderMutation | undefined {
  if (!edits) return undefined;
  return { add: edits.add.map((h) => ({ ...h, value: escapeLonePercents(h.value) })), remove: edits.remove };
}

/** `s` as a regex that matches it literally (RE2 and JavaScript share these metacharacters). */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Rewrite = { prefixRewrite?: string; regexRewrite?: { pattern: string; substitution: string }; path?: string };

/**
 * A Gateway API path modifier as Envoy rewrites. ReplacePrefixMatch keeps the "/"-separated
 * remainder: Envoy's `prefix_rewrite` does that except for a "/" prefix or a replacement ending
 * in "/", where it would double or drop a slash, so those become `regex_rewrite`.
 */
export function pathRewrite(mod: PathModifier, matchedPrefix: string | undefined, full: 'path' | 'regex'): Rewrite {
  if (mod.type === 'ReplaceFullPath') {
    const path = mod.replaceFullPath ?? '/';
    return full === 'path' ? { path } : { regexRewrite: { pattern: '^/.*$', substitution: path } };
  }
  const replacement = mod.replacePrefixMatch ?? '/';
  const prefix = (matchedPrefix ?? '/').replace(/\/$/, '');
  if (prefix === '') return { regexRewrite: { pattern: '^/', substitution: replacement.endsWith('/') ? replacement : `${replacement}/` } };
  if (replacement.endsWith('/')) return { regexRewrite: { pattern: `^${escapeRegex(prefix)}/*`, substitution: replacement } };
  return { prefixRewrite: replacement };
}

const WELL_KNOWN_PORTS = [80, 443];

/**
 * The port a redirect's Location names (Gateway API, as Envoy Gateway derives it): the filter's
 * port; else the scheme's well-known port; else the Gateway listener's port. 80 and 443 are left
 * out, so Envoy writes no port, only when the listener itself is on 80 or 443: Envoy then drops
 * the request's default port. On another listener port (say 8080) Envoy would keep the request's
 * `:8080` for an `https` redirect, so envoyc names 443 (Envoy Gateway leaves it out; README).
 */
function redirectPort(filter: NonNullable<HTTPRouteFilter['requestRedirect']>, listenerPort: number): number | undefined {
  const scheme = filter.scheme?.toLowerCase();
  const port = filter.port ?? (scheme === 'http' ? 80 : scheme === 'https' ? 443 : listenerPort);
  return WELL_KNOWN_PORTS.includes(port) && WELL_KNOWN_PORTS.includes(listenerPort) ? undefined : port;
}

/** Gateway API redirect status → the same HTTP status (301, 302, 303, 307, 308). */
export function redirectAction(
  filter: NonNullable<HTTPRouteFilter['requestRedirect']>,
  matchedPrefix: string | undefined,
  listenerPort: number,
): IrRouteAction {
  const rewrite = filter.path ? pathRewrite(filter.path, matchedPrefix, 'path') : {};
  const port = redirectPort(filter, listenerPort);
  return {
    type: 'redirect',
    ...(filter.scheme !== undefined ? { scheme: filter.scheme } : {}),
    ...(filter.hostname !== undefined ? { hostname: filter.hostname } : {}),
    ...(port !== undefined ? { port } : {}),
    ...rewrite,
    statusCode: filter.statusCode,
  };
}
