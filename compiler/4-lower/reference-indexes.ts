import type { Loaded } from '../1-load/types';
import { buildLookup, type Lookup } from '../2-resolve/lookup';
import type { AttachmentGraph } from '../2-resolve/types';
import type { ConfigMap } from '../api/core';

/** What resolving a policy's references again in 4-lower needs (its kind's builder reads them as 3-merge did), built once per graph. */
export interface ReferenceIndexes {
  lookup: Lookup;
  configMaps: Map<string, Loaded<ConfigMap>>;
}
const indexes = new WeakMap<AttachmentGraph, ReferenceIndexes>();

export function referenceIndexes(graph: AttachmentGraph): ReferenceIndexes {
  let i = indexes.get(graph);
  if (!i) {
    i = {
      lookup: buildLookup(graph.resources),
      configMaps: new Map(graph.resources.configMaps.map((c) => [`${c.value.metadata.namespace}/${c.value.metadata.name}`, c])),
    };
    indexes.set(graph, i);
  }
  return i;
}
