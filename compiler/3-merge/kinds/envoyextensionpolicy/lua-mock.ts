// A stand-in for Envoy's Lua stream handle (Envoy 1.40's documented Lua filter API), for running a
// script the way Envoy Gateway's Strict validation does: every documented method exists and
// returns a plausible value; anything else is an error, as it would be in Envoy.

/** Lua source defining the global `__envoyc_handle`. */
export const LUA_STREAM_HANDLE_MOCK = `
local function object(methods)
  return setmetatable({}, { __index = methods })
end
local function pairs_of(t)
  return function() return next, t, nil end
end
local header_map = object({
  add = function(self, k, v) end,
  get = function(self, k) return "" end,
  getAtIndex = function(self, k, i) return "" end,
  getNumValues = function(self, k) return 1 end,
  remove = function(self, k) end,
  replace = function(self, k, v) end,
  setHttp1ReasonPhrase = function(self, r) end,
})
getmetatable(header_map).__pairs = pairs_of({})
local buffer = object({
  length = function(self) return 0 end,
  getBytes = function(self, i, j) return "" end,
  setBytes = function(self, s) return 0 end,
})
local metadata = object({ get = function(self, k) return nil end, set = function(self, ns, k, v) end })
getmetatable(metadata).__pairs = pairs_of({})
local ssl = object({})
for _, m in ipairs({ "peerCertificatePresented", "peerCertificateValidated" }) do
  getmetatable(ssl).__index[m] = function() return false end
end
for _, m in ipairs({ "uriSanLocalCertificate", "uriSanPeerCertificate", "dnsSansPeerCertificate", "dnsSansLocalCertificate",
  "oidsPeerCertificate", "oidsLocalCertificate" }) do
  getmetatable(ssl).__index[m] = function() return {} end
end
for _, m in ipairs({ "sha256PeerCertificateDigest", "serialNumberPeerCertificate", "issuerPeerCertificate",
  "subjectPeerCertificate", "subjectLocalCertificate", "urlEncodedPemEncodedPeerCertificate",
  "urlEncodedPemEncodedPeerCertificateChain", "sessionId", "ciphersuiteString", "tlsVersion" }) do
  getmetatable(ssl).__index[m] = function() return "" end
end
getmetatable(ssl).__index.ciphersuiteId = function() return "0x0000" end
getmetatable(ssl).__index.validFromPeerCertificate = function() return 0 end
getmetatable(ssl).__index.expirationPeerCertificate = function() return 0 end
getmetatable(ssl).__index.parsedSubjectPeerCertificate = function() return object({
  commonName = function() return "" end, organizationName = function() return {} end }) end
local filter_state = object({ get = function(self, k) return nil end })
local stream_info = object({
  protocol = function() return "HTTP/1.1" end,
  routeName = function() return "" end,
  virtualClusterName = function() return "" end,
  downstreamLocalAddress = function() return "127.0.0.1:0" end,
  downstreamDirectLocalAddress = function() return "127.0.0.1:0" end,
  downstreamRemoteAddress = function() return "127.0.0.1:0" end,
  downstreamDirectRemoteAddress = function() return "127.0.0.1:0" end,
  dynamicMetadata = function() return metadata end,
  filterState = function() return filter_state end,
  downstreamSslConnection = function() return ssl end,
  requestedServerName = function() return "" end,
  drainConnectionUponCompletion = function() end,
})
local connection = object({ ssl = function() return ssl end })
local route = object({ metadata = function() return metadata end })
local noop = function() end
__envoyc_handle = object({
  headers = function() return header_map end,
  body = function() return buffer end,
  bodyChunks = function() return function() return nil end end,
  trailers = function() return header_map end,
  metadata = function() return metadata end,
  streamInfo = function() return stream_info end,
  connection = function() return connection end,
  connectionStreamInfo = function() return stream_info end,
  logTrace = noop, logDebug = noop, logInfo = noop, logWarn = noop, logErr = noop, logCritical = noop,
  httpCall = function() return { [":status"] = "200" }, "" end,
  respond = noop,
  importPublicKey = function() return object({}) end,
  verifySignature = function() return true, nil end,
  base64Escape = function(self, s) return s end,
  timestamp = function() return 0 end,
  timestampString = function() return "0" end,
  filterContext = function() return {} end,
  setUpstreamOverrideHost = noop,
  clearRouteCache = noop,
  virtualHost = function() return route end,
  route = function() return route end,
})
`;
