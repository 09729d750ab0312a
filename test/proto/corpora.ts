import { BASE, MUTATIONS, type Mutation } from './mutations';
import { BASE_140, MUTATIONS_140 } from './mutations-1.40';

/** A base bootstrap and its mutations. */
export interface Corpus {
  /** The path findings are reported under. */
  file: string;
  base: string;
  mutations: Mutation[];
}

/** Every mutation corpus: the hand-written bootstrap of mutations.ts, and the 1.40 one. */
export const CORPORA: Corpus[] = [
  { file: 'bootstrap.yaml', base: BASE, mutations: MUTATIONS },
  { file: 'bootstrap-1.40.yaml', base: BASE_140, mutations: MUTATIONS_140 },
];
