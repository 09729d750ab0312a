/**
 * What `envoyc compile` writes, as one plan: the bootstraps (or the IR), the status, the rate
 * limit service's config and the secrets, each file's text and mode, and the files of earlier runs
 * that no Gateway produces any more. Writing commits it; `--check` compares it with the disk.
 */
import { statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { EmittedBootstrap } from '../5-emit';
import { serialize, writeYamlTo, type OutputFormat } from '../5-emit/serialize';
import type { CompileResult } from '../index';
import { holdsInlineSecret, redact, secretFiles } from '../secrets';
import { manifestText, SECRETS_MANIFEST, staleGenerated, staleInManifest, withJsonNote, withYamlHeader } from './generated';
import { OutputError, textOf, type OutputPlan, type PlannedFile, type StreamedText } from './types';

/** Where `compile` writes (the CLI's flags). */
export interface CompileOutputs {
  /** `-o`: FILE, DIR/ (or an existing directory), or `-`. */
  output: string;
  format: OutputFormat;
  emit: 'bootstrap' | 'ir';
  status?: string;
  ratelimitConfig?: string;
  /** `--secrets-dir`: certificates and keys as files here (the IR refers to them already). */
  secretsDir?: string;
  /** `--xds-dir`: the live-mode directory's files instead of `output`, planned by compiler/xds in the order Envoy needs them. */
  xds?: { files: PlannedFile[]; remove: string[] };
}

/** A bootstrap as envoyc writes it, marked as generated; YAML streamed (hundreds of MB at 100,000 routes). */
export function bootstrapContent(o: EmittedBootstrap, format: OutputFormat): string | StreamedText {
  if (format === 'json') return serialize(withJsonNote(o.bootstrap, o.envoyFlags), 'json');
  const header = withYamlHeader('', o.envoyFlags);
  return {
    write(sink) {
      sink(header);
      writeYamlTo(o.bootstrap, sink);
    },
  };
}

/** A bootstrap as envoyc writes it, as one string. */
export function bootstrapText(o: EmittedBootstrap, format: OutputFormat): string {
  return textOf(bootstrapContent(o, format))!;
}

/** The rate limit service's config as one file: a YAML document per domain. */
export function rateLimitText(configs: object[]): string {
  return withYamlHeader(configs.map((c) => serialize(c, 'yaml')).join('---\n'));
}

export function isDirectoryTarget(target: string, cwd: string): boolean {
  if (target.endsWith('/')) return true;
  try {
    return statSync(resolve(cwd, target)).isDirectory();
  } catch {
    return false;
  }
}

/** Files in a directory of generated files, plus the ones there that were generated before and are not any more. */
function directoryFiles(dir: string, files: PlannedFile[], cwd: string): { files: PlannedFile[]; remove: string[] } {
  const keep = new Set(files.map((f) => resolve(cwd, f.path)));
  return { files, remove: staleGenerated(resolve(cwd, dir), keep) };
}

function bootstrapFiles(result: CompileResult, out: CompileOutputs, cwd: string): { files: PlannedFile[]; remove: string[] } {
  const toDirectory = out.output !== '-' && isDirectoryTarget(out.output, cwd);
  if (!toDirectory && result.outputs.length > 1)
    throw new OutputError(
      `the inputs hold ${result.outputs.length} Gateways (${result.outputs.map((o) => o.name).join(', ')}), one Envoy each: ` +
        'write them to a directory (-o DIR/), pick one with --gateway NS/NAME, or put them in one Envoy with --merge-gateways',
    );
  const files = result.outputs.map((o): PlannedFile => ({
    path: toDirectory ? join(out.output, `${o.fileStem}.${out.format}`) : out.output,
    content: bootstrapContent(o, out.format),
    secret: holdsInlineSecret(result.ir.configs.find((c) => c.name === o.name)),
    role: 'bootstrap',
  }));
  return toDirectory ? directoryFiles(out.output, files, cwd) : { files, remove: [] };
}

function rateLimitFiles(configs: object[], target: string, cwd: string): { files: PlannedFile[]; remove: string[] } {
  if (!isDirectoryTarget(target, cwd)) return { files: [{ path: target, content: rateLimitText(configs), role: 'ratelimit' }], remove: [] };
  const files = configs.map((c): PlannedFile => ({
    path: join(target, `${(c as { domain: string }).domain.replaceAll('/', '_')}.yaml`),
    content: withYamlHeader(serialize(c, 'yaml')),
    role: 'ratelimit',
  }));
  return directoryFiles(target, files, cwd);
}

/** Each certificate and key in its own 0600 file, a manifest of them, and the files of Secrets no longer used. */
function secretsDirFiles(result: CompileResult, dir: string, cwd: string): { files: PlannedFile[]; remove: string[] } {
  const secrets = secretFiles(result.ir);
  const files = secrets.map((s): PlannedFile => ({ path: join(dir, s.relative), content: s.bytes, secret: true, role: 'secret' }));
  files.push({ path: join(dir, SECRETS_MANIFEST), content: manifestText(secrets.map((s) => s.relative)), role: 'manifest' });
  const remove = staleInManifest(resolve(cwd, dir), new Set(secrets.map((s) => s.relative)));
  return { files, remove };
}

/** Everything one `compile` run writes. Throws OutputError for outputs that cannot be (several Gateways to one file). */
export function planCompileOutputs(result: CompileResult, out: CompileOutputs, cwd: string): OutputPlan {
  const parts: { files: PlannedFile[]; remove: string[] }[] = [];
  // Key files first: files are moved into place in plan order, and a running Envoy must find a key before the secret naming it.
  if (out.secretsDir !== undefined) parts.push(secretsDirFiles(result, out.secretsDir, cwd));
  if (out.xds !== undefined) parts.push(out.xds);
  else if (out.emit === 'ir') {
    if (out.output !== '-' && isDirectoryTarget(out.output, cwd)) throw new OutputError(`--emit ir writes one file: -o ${out.output} is a directory`);
    // The IR holds secret material as the inputs do: it is printed redacted, like every other view.
    parts.push({ files: [{ path: out.output, content: serialize(redact(result.ir), 'json'), role: 'ir' }], remove: [] });
  } else parts.push(bootstrapFiles(result, out, cwd));
  if (out.status !== undefined) parts.push({ files: [{ path: out.status, content: serialize(result.status, 'yaml'), role: 'status' }], remove: [] });
  if (out.ratelimitConfig !== undefined) parts.push(rateLimitFiles(result.rateLimitConfigs, out.ratelimitConfig, cwd));
  return { files: parts.flatMap((p) => p.files), remove: parts.flatMap((p) => p.remove.map((r) => relative(cwd, r) || r)) };
}
