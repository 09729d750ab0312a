import type { IrHeaderEdits } from '../ir';
import { typed } from './common';
import type { Message, TypedExtension } from './envoy';
import { buildStringMatcher } from './string-matcher';

const APPEND_ACTION = { append: 'APPEND_IF_EXISTS_OR_ADD', overwrite: 'OVERWRITE_IF_EXISTS_OR_ADD', ifAbsent: 'ADD_IF_ABSENT' } as const;

/** `envoy.config.common.mutation_rules.v3.HeaderMutation` list: adds, then removals, then removals by match. */
export function buildHeaderMutationRules(e: IrHeaderEdits): Message[] {
  return [
    ...e.add.map((h) => ({ append: { header: { key: h.name, value: h.value }, append_action: APPEND_ACTION[h.mode] } })),
    ...e.remove.map((name) => ({ remove: name })),
    ...e.removeOnMatch.map((m) => ({ remove_on_match: { key_matcher: buildStringMatcher(m) } })),
  ];
}

/** The HCM's early header mutation extension (request headers edited before routing). */
export function buildEarlyHeaderMutation(e: IrHeaderEdits): TypedExtension {
  return {
    name: 'envoy.http.early_header_mutation.header_mutation',
    typed_config: typed('envoy.extensions.http.early_header_mutation.header_mutation.v3.HeaderMutation', { mutations: buildHeaderMutationRules(e) }),
  };
}
