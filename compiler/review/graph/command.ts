/** `envoyc graph [paths…]`: compile the inputs, draw the attachment graph, narrow it, render it. */
import { join } from 'node:path';
import type { CompileOptions } from '../../options';
import { compileInputs, isBootstrapFile, ReviewError } from '../inputs';
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
}

/** The text to print. Inputs that do not compile, or a filter that names nothing, are a ReviewError (exit 1). */
export function runGraph(cmd: GraphCommand): string {
  if (!cmd.paths.length) throw new ReviewError('no input paths given (files, directories, or - for stdin)');
  const bootstrap = cmd.paths.find((p) => p !== '-' && isBootstrapFile(join(cmd.cwd, p)));
  if (bootstrap) throw new ReviewError(`${bootstrap} is an Envoy bootstrap: graph draws the Gateway API inputs it was compiled from`);
  // The picture needs no check of the emitted Envoy config against Envoy's schema (and skips loading it).
  const { result } = compileInputs(cmd.paths, cmd.cwd, { ...cmd.opts, validate: false });
  return renderGraph(narrowGraph(buildGraph(result), cmd.filter), cmd.format);
}
