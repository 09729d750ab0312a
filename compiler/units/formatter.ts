// Envoy's substitution format strings (header values, local reply bodies): `%%` is a literal
// percent sign and `%COMMAND(param):length%` a command operator. Envoy refuses the whole config
// for a `%` it cannot parse; Envoy Gateway passes values through. envoyc keeps every command
// operator Envoy 1.40 knows, refuses an unknown one where it is written, and writes any other `%`
// as the literal it is (`%%`). The command table was read from Envoy's source and probed against
// the Envoy 1.40 binary (each name with and without a parameter and a length).

/** What a command accepts: `param`: none, optional or required; `length`: `:N` allowed; `check`: the parameter's rule. */
interface CommandSpec {
  param: 'none' | 'optional' | 'required';
  length: boolean;
  check?: (param: string) => string | undefined;
}

const ONLY: CommandSpec = { param: 'none', length: false };
const OPTIONAL_PARAM: CommandSpec = { param: 'optional', length: false };

/** `main?alternative`: at most one alternative, each a header name (Envoy's parseSubcommandHeaders). */
function headerParam(p: string): string | undefined {
  const parts = p.split('?');
  if (parts.length > 2) return `More than 1 alternative header specified in token: ${p}`;
  if (parts.some((h) => !/^:?[A-Za-z0-9!#$&'*+\-.^_`|~]*$/.test(h))) return 'Invalid header configuration. Format string contains invalid characters.';
  return undefined;
}

const oneOf =
  (command: string, values: string[]) =>
  (p: string): string | undefined =>
    p === '' || values.includes(p) ? undefined : `${command}(${p}): the parameter must be one of ${values.join(', ')}`;

function filterStateParam(p: string): string | undefined {
  const [key, type, field] = p.split(':');
  if (!key) return 'Invalid filter state configuration, key cannot be empty.';
  if (type !== undefined && type !== '' && !['PLAIN', 'TYPED', 'FIELD'].includes(type))
    return 'Invalid filter state serialize type, only support PLAIN/TYPED/FIELD.';
  if ((type === 'FIELD') !== (field !== undefined && field !== '')) return 'Invalid filter state serialize type, FIELD should be used with the field name.';
  return undefined;
}

function pathParam(p: string): string | undefined {
  const [query, option] = p.split(':');
  if (query !== '' && query !== 'WQ' && query !== 'NQ') return `Invalid PATH option: '${query}', only 'WQ'/'NQ' are allowed`;
  if (option !== undefined && !['ORIG', 'PATH', 'ORIG_OR_PATH'].includes(option))
    return `Invalid PATH option: '${option}', only 'ORIG'/'PATH'/'ORIG_OR_PATH' are allowed`;
  return undefined;
}

const HEADER: CommandSpec = { param: 'required', length: true, check: headerParam };
const NON_EMPTY: CommandSpec = { param: 'required', length: true };

const COMMAND_ONLY_NAMES =
  'ACCESS_LOG_TYPE BYTES_RECEIVED BYTES_RETRANSMITTED BYTES_SENT CONNECTION_ID CONNECTION_TERMINATION_DETAILS CUSTOM_FLAGS ' +
  'DOWNSTREAM_DETECTED_CLOSE_TYPE DOWNSTREAM_DIRECT_LOCAL_ADDRESS DOWNSTREAM_DIRECT_LOCAL_PORT DOWNSTREAM_DIRECT_REMOTE_ADDRESS ' +
  'DOWNSTREAM_DIRECT_REMOTE_PORT DOWNSTREAM_HANDSHAKE_DURATION DOWNSTREAM_HEADER_BYTES_RECEIVED DOWNSTREAM_HEADER_BYTES_SENT ' +
  'DOWNSTREAM_LOCAL_ADDRESS DOWNSTREAM_LOCAL_CLOSE_REASON DOWNSTREAM_LOCAL_DNS_SAN DOWNSTREAM_LOCAL_EMAIL_SAN DOWNSTREAM_LOCAL_IP_SAN ' +
  'DOWNSTREAM_LOCAL_OTHERNAME_SAN DOWNSTREAM_LOCAL_PORT DOWNSTREAM_LOCAL_SUBJECT DOWNSTREAM_LOCAL_URI_SAN DOWNSTREAM_PEER_CERT ' +
  'DOWNSTREAM_PEER_CHAIN_FINGERPRINTS_1 DOWNSTREAM_PEER_CHAIN_FINGERPRINTS_256 DOWNSTREAM_PEER_CHAIN_SERIALS DOWNSTREAM_PEER_DNS_SAN ' +
  'DOWNSTREAM_PEER_EMAIL_SAN DOWNSTREAM_PEER_FINGERPRINT_1 DOWNSTREAM_PEER_FINGERPRINT_256 DOWNSTREAM_PEER_IP_SAN DOWNSTREAM_PEER_ISSUER ' +
  'DOWNSTREAM_PEER_OTHERNAME_SAN DOWNSTREAM_PEER_SERIAL DOWNSTREAM_PEER_SUBJECT DOWNSTREAM_PEER_URI_SAN DOWNSTREAM_REMOTE_ADDRESS ' +
  'DOWNSTREAM_REMOTE_PORT DOWNSTREAM_TLS_CIPHER DOWNSTREAM_TLS_SESSION_ID DOWNSTREAM_TLS_VERSION DOWNSTREAM_TRANSPORT_FAILURE_REASON ' +
  'DOWNSTREAM_WIRE_BYTES_RECEIVED DOWNSTREAM_WIRE_BYTES_SENT DURATION FILTER_CHAIN_NAME GRPC_STATUS_NUMBER HOSTNAME LOCAL_REPLY_BODY ' +
  'PACKETS_RETRANSMITTED PROTOCOL REQUEST_DURATION REQUEST_HEADERS_BYTES REQUEST_TX_DURATION RESPONSE_CODE RESPONSE_DURATION ' +
  'RESPONSE_FLAGS RESPONSE_FLAGS_LONG RESPONSE_HEADERS_BYTES RESPONSE_TRAILERS_BYTES RESPONSE_TX_DURATION ROUNDTRIP_DURATION ROUTE_NAME ' +
  'STREAM_ID TLS_JA3_FINGERPRINT TLS_JA4_FINGERPRINT TRACE_ID UNIQUE_ID UPSTREAM_CLUSTER UPSTREAM_CLUSTER_RAW UPSTREAM_CONNECTION_ID ' +
  'UPSTREAM_CONNECTION_POOL_READY_DURATION UPSTREAM_DETECTED_CLOSE_TYPE UPSTREAM_HEADER_BYTES_RECEIVED UPSTREAM_HEADER_BYTES_SENT ' +
  'UPSTREAM_HOST UPSTREAM_HOST_NAME UPSTREAM_HOST_NAME_WITHOUT_PORT UPSTREAM_LOCAL_ADDRESS UPSTREAM_LOCAL_CLOSE_REASON ' +
  'UPSTREAM_LOCAL_DNS_SAN UPSTREAM_LOCAL_IP_SAN UPSTREAM_LOCAL_PORT UPSTREAM_LOCAL_URI_SAN UPSTREAM_PEER_CERT UPSTREAM_PEER_DNS_SAN ' +
  'UPSTREAM_PEER_IP_SAN UPSTREAM_PEER_ISSUER UPSTREAM_PEER_SUBJECT UPSTREAM_PEER_URI_SAN UPSTREAM_PROTOCOL UPSTREAM_REMOTE_ADDRESS ' +
  'UPSTREAM_REMOTE_PORT UPSTREAM_REQUEST_ATTEMPT_COUNT UPSTREAM_TLS_CIPHER UPSTREAM_TLS_SESSION_ID UPSTREAM_TLS_VERSION ' +
  'UPSTREAM_TRANSPORT_FAILURE_REASON UPSTREAM_WIRE_BYTES_RECEIVED UPSTREAM_WIRE_BYTES_SENT VIRTUAL_CLUSTER_NAME';

/** A parameter is optional and free-form (a time format, an address option); no length. */
const OPTIONAL_PARAM_NAMES =
  'DOWNSTREAM_DIRECT_LOCAL_ADDRESS_WITHOUT_PORT DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT ' +
  'DOWNSTREAM_PEER_CERT_V_END DOWNSTREAM_PEER_CERT_V_START DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT EMIT_TIME EMIT_TIME_LOCAL ' +
  'RESPONSE_CODE_DETAILS START_TIME START_TIME_LOCAL UPSTREAM_LOCAL_ADDRESS_WITHOUT_PORT UPSTREAM_PEER_CERT_V_END ' +
  'UPSTREAM_PEER_CERT_V_START UPSTREAM_REMOTE_ADDRESS_WITHOUT_PORT';

const COMMANDS = new Map<string, CommandSpec>([
  ...COMMAND_ONLY_NAMES.split(' ').map((n) => [n, ONLY] as const),
  ...OPTIONAL_PARAM_NAMES.split(' ').map((n) => [n, OPTIONAL_PARAM] as const),
  ...['REQ', 'REQUEST_HEADER', 'RESP', 'RESPONSE_HEADER', 'TRAILER', 'RESPONSE_TRAILER', 'STREAM_INFO_REQ'].map((n) => [n, HEADER] as const),
  ...['ENVIRONMENT', 'DYNAMIC_METADATA', 'QUERY_PARAM'].map((n) => [n, NON_EMPTY] as const),
  ...['CLUSTER_METADATA', 'UPSTREAM_METADATA'].map((n) => [n, { param: 'required', length: false }] as const),
  ...['FILTER_STATE', 'UPSTREAM_FILTER_STATE'].map((n) => [n, { param: 'required', length: true, check: filterStateParam }] as const),
  ['GRPC_STATUS', { param: 'optional', length: false, check: oneOf('GRPC_STATUS', ['CAMEL_STRING', 'SNAKE_STRING', 'NUMBER']) }],
  ['REQUESTED_SERVER_NAME', { param: 'optional', length: false, check: oneOf('REQUESTED_SERVER_NAME', ['SNI_ONLY', 'SNI_FIRST', 'HOST_FIRST']) }],
  ['PATH', { param: 'optional', length: true, check: pathParam }],
]);

/** Command operators Envoy 1.40 knows whose parameters are a language of their own (JSON, CEL): checked in access-log formats only. */
const OWN_LANGUAGE = new Set(['COALESCE', 'COMMON_DURATION', 'METADATA', 'CEL']);

/** Metadata kinds `%METADATA(KIND:NAMESPACE:KEY)%` reads (Envoy 1.40, probed). */
const METADATA_KINDS = ['DYNAMIC', 'CLUSTER', 'ROUTE', 'UPSTREAM_HOST', 'LISTENER', 'VIRTUAL_HOST'];

function celParam(p: string): string | undefined {
  const { parse } = require('@bufbuild/cel') as typeof import('@bufbuild/cel');
  try {
    parse(p);
    return undefined;
  } catch {
    return `CEL(${p}): not a CEL expression Envoy can parse`;
  }
}

/** `{"operators": [...]}`: a non-empty list of commands, each a name or `{"command": name, ...}` (Envoy's COALESCE). */
function coalesceParam(p: string): string | undefined {
  let config: unknown;
  try {
    config = JSON.parse(p);
  } catch {
    return 'COALESCE: failed to parse JSON configuration';
  }
  const operators = (config as { operators?: unknown })?.operators;
  if (!Array.isArray(operators) || operators.length === 0) return "COALESCE: 'operators' array must not be empty";
  for (const [i, op] of operators.entries()) {
    const name = typeof op === 'string' ? op : (op as { command?: unknown })?.command;
    if (typeof name !== 'string' || !COMMANDS.has(name)) return `COALESCE: failed to parse operator at index ${i}: unknown command: '${String(name)}'`;
  }
  return undefined;
}

/** How access-log formats check the operators of their own language, and REQ_WITHOUT_QUERY (a formatter envoyc adds beside it, as Envoy Gateway does). */
const ACCESS_LOG_COMMANDS = new Map<string, CommandSpec>([
  ['REQ_WITHOUT_QUERY', HEADER],
  ['CEL', { param: 'required', length: true, check: celParam }],
  [
    'METADATA',
    {
      param: 'required',
      length: true,
      check: (p) => (METADATA_KINDS.includes(p.split(':')[0]!) ? undefined : `${p.split(':')[0]} is not supported type of metadata`),
    },
  ],
  [
    'COMMON_DURATION',
    {
      param: 'required',
      length: false,
      check: (p) => (['', 'ms', 'us', 'ns'].includes(p.split(':')[2] ?? '') ? undefined : `Invalid common duration precision: ${p.split(':')[2]}.`),
    },
  ],
  ['COALESCE', { param: 'required', length: true, check: coalesceParam }],
]);

/**
 * Envoy's command syntax at the start of `s` (a `%`): name, optional `(param)`, optional `:length`,
 * closing `%`. The parameter ends at the first `)` that the rest of the syntax follows, so it may
 * hold parentheses (`%CEL(size(request.path))%`), as Envoy 1.40 reads it.
 */
const COMMAND = /^%([A-Z0-9_]+)(?:\((.*?)\))?(?::([0-9]{1,18}))?%/;

/** Why a well-formed command operator cannot be used, or undefined when Envoy accepts it. */
function commandProblem(name: string, param: string | undefined, length: string | undefined, accessLog: boolean): string | undefined {
  if (OWN_LANGUAGE.has(name) && !accessLog) return `%${name}(…)% takes an argument envoyc cannot check, so it is not accepted here`;
  const spec = accessLog ? (ACCESS_LOG_COMMANDS.get(name) ?? COMMANDS.get(name)) : COMMANDS.get(name);
  if (!spec) return `%${name}% is not a command operator Envoy knows (write %% for a literal percent sign)`;
  if (spec.param === 'none' && (param !== undefined || length !== undefined)) return `${name} does not take any parameters or length`;
  if (spec.param === 'required' && !param) return `${name} requires parameters`;
  if (length !== undefined && !spec.length) return `${name} does not allow length to be specified.`;
  return param !== undefined && spec.check ? spec.check(param) : undefined;
}

interface Token {
  kind: 'escaped' | 'lone' | 'command';
  /** Offset of the token's `%` in the string. */
  at: number;
  problem?: string;
}

/** Each `%` of `s` in turn, as Envoy's parser reads it: a `%%` pair, a command operator, or a lone percent sign. */
function* tokens(s: string, accessLog = false): Generator<Token> {
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i)) {
    if (s[i + 1] === '%') {
      yield { kind: 'escaped', at: i };
      i += 2;
      continue;
    }
    const m = COMMAND.exec(s.slice(i));
    if (!m) {
      yield { kind: 'lone', at: i };
      i += 1;
      continue;
    }
    const problem = commandProblem(m[1]!, m[2], m[3], accessLog);
    yield problem ? { kind: 'command', at: i, problem } : { kind: 'command', at: i };
    i += m[0].length;
  }
}

/** The first command operator in `s` that Envoy would refuse, with why; undefined when there is none. */
export function formatStringProblem(s: string): string | undefined {
  for (const t of tokens(s)) if (t.problem) return t.problem;
  return undefined;
}

/** The same for an access-log format, where CEL, METADATA, COMMON_DURATION and COALESCE are checked and allowed. */
export function accessLogFormatProblem(s: string): string | undefined {
  for (const t of tokens(s, true)) if (t.problem) return t.problem;
  return undefined;
}

/** `s` for Envoy: every lone `%` (one that starts no command operator) written as `%%`. */
export function escapeLonePercents(s: string): string {
  let out = '';
  let from = 0;
  for (const t of tokens(s)) {
    if (t.kind !== 'lone') continue;
    out += `${s.slice(from, t.at)}%%`;
    from = t.at + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
