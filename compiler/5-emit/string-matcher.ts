import type { IrStringMatch } from '../ir';
import type { Message } from './envoy';

/** `envoy.type.matcher.v3.StringMatcher` (RE2 is Envoy's default regex engine, so none is named). */
export function buildStringMatcher(m: IrStringMatch | { type: 'Prefix'; value: string }): Message {
  switch (m.type) {
    case 'Exact':
      return { exact: m.value };
    case 'Prefix':
      return { prefix: m.value };
    case 'Suffix':
      return { suffix: m.value };
    case 'RegularExpression':
      return { safe_regex: { regex: m.value } };
  }
}

/**
 * `xds.type.matcher.v3.StringMatcher` (matcher trees such as custom_response's): its RegexMatcher
 * requires the engine to be named, and Envoy refuses the config without it.
 */
export function buildXdsStringMatcher(m: IrStringMatch | { type: 'Prefix'; value: string }): Message {
  return m.type === 'RegularExpression' ? { safe_regex: { google_re2: {}, regex: m.value } } : buildStringMatcher(m);
}
