/** `envoyc graph [paths…]`: compile the inputs, draw the attachment graph, narrow it, render it. */
import type { CompileOptions } from '../../options';
import type { ReadOptions } from '../../source';
import { loadSide, ReviewError } from '../inputs';
import { buildGraph } from './build';
import { renderDot } from './dot';
import { renderMermaid } from './mermaid';
import type { GraphModel } from './model';
import { narrowGraph, type GraphFilter } from './narrow';

export type GraphFormat = 'mermaid' | 'dot';

export function renderGraph(model: GraphModel, format: GraphFormat): string {
  return format === 'dot' ? renderDot(model) : renderMermaid(model);
}

export interface GraphCommand {
  paths: string[];
  cwd: string;
  opts: CompileOptions;
  format: GraphFormat;
  filter: GraphFilter;
  read: ReadOptions;
}

/** The text to print. Inputs that do not compile, or a filter that names nothing, are a ReviewError (exit 1). */
export function runGraph(cmd: GraphCommand): string {
  if (!cmd.paths.length) throw new ReviewError('no input paths given (files, directories, or - for stdin)');
  // The picture needs no check of the emitted Envoy config against Envoy's schema (and skips loading it).
  const side = loadSide(cmd.paths, cmd.cwd, { ...cmd.opts, validate: false }, cmd.read);
  if (!side.compiled) throw new ReviewError(`${side.label} is an Envoy bootstrap: graph draws the Gateway API inputs it was compiled from`);
  return renderGraph(narrowGraph(buildGraph(side.compiled.result), cmd.filter), cmd.format);
}
