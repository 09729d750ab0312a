/** Lua scripts as Envoy Gateway's validation levels judge them (Strict runs each entry point against a stand-in stream handle). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { luaProblem, type LuaValidation } from '../../compiler/3-merge/kinds/envoyextensionpolicy/lua';

type Row = [name: string, code: string, level: LuaValidation, want: RegExp | undefined];

const ROWS: Row[] = [
  [
    'headers on both directions pass',
    'function envoy_on_request(h) h:headers():add("a", "b") end\nfunction envoy_on_response(h) h:headers():replace("c", "d") end',
    'Strict',
    undefined,
  ],
  [
    'body, metadata, stream info and logging pass',
    'function envoy_on_request(h) local n = h:body():length(); h:logInfo(tostring(n)); local m = h:streamInfo():dynamicMetadata():get("x"); for k, v in pairs(h:headers()) do end end',
    'Strict',
    undefined,
  ],
  [
    'os clock functions pass, getenv finds nothing',
    'function envoy_on_request(h) h:headers():add("t", os.date() .. tostring(os.getenv("HOME"))) end',
    'Strict',
    undefined,
  ],
  ['no entry point fails at every level', 'function other() end', 'Disabled', /expected one of envoy_on_request\(\) or envoy_on_response\(\)/],
  [
    'a syntax error fails Strict',
    'function envoy_on_request(h) local x = = 1 end',
    'Strict',
    /failed to validate with envoy_on_request: lua:1: unexpected symbol/,
  ],
  ['a syntax error fails InsecureSyntax', 'function envoy_on_request(h) local x = = 1 end', 'InsecureSyntax', /unexpected symbol/],
  ['a method the stream handle lacks fails Strict', 'function envoy_on_request(h) h:setHeader("a", "b") end', 'Strict', /method 'setHeader'/],
  ['a method the stream handle lacks passes InsecureSyntax', 'function envoy_on_request(h) h:setHeader("a", "b") end', 'InsecureSyntax', undefined],
  [
    'the entry point named only in a comment fails, as Envoy Gateway appends the call',
    '-- envoy_on_response is not defined',
    'Strict',
    /global 'envoy_on_response'/,
  ],
  ['os.exit is not there', 'function envoy_on_request(h) os.exit(1) end', 'Strict', /field 'exit'/],
  ['io is not there', 'function envoy_on_request(h) io.open("/etc/passwd") end', 'Strict', /global 'io'/],
  ['a script that never ends is stopped', 'function envoy_on_request(h) while true do end end', 'Strict', /lua execution timeout/],
  ['Disabled checks nothing else', 'function envoy_on_request(h) local x = = 1 end', 'Disabled', undefined],
];

for (const [name, code, level, want] of ROWS) {
  test(name, () => {
    const got = luaProblem(code, level);
    if (want === undefined) assert.is(got, undefined);
    else assert.match(got ?? '(none)', want);
  });
}

test.run();
