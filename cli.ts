#!/usr/bin/env node
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { compile } from './compiler';
import { runValidateCommand } from './compiler/6-validate/command';
import { serialize, type OutputFormat } from './compiler/5-emit/serialize';
import { renderDiagnostics } from './compiler/diagnostics';
import { DEFAULT_OPTIONS, type CompileOptions } from './compiler/options';
import { parseSuppress } from './compiler/diagnostics/suppress';
import { readSources } from './compiler/source';
import {
  addCompileReviewOptions,
  annotateOutputs,
  checkOutputs,
  registerReviewCommands,
  reportCompileDiagnostics,
  runReview,
  type ReviewCompileFlags,
} from './compiler/review/commands';

/** Exit codes, as design.md fixes them. */
const EXIT = { ok: 0, inputErrors: 1, usage: 2, drift: 3 } as const;

class UsageError extends Error {}

function parseAddress(value: string): { address: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new InvalidArgumentError('expected HOST:PORT, e.g. 127.0.0.1:19000');
  return { address: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * Creates `dir` and its missing parents one by one (Node's own recursive mkdir spins forever
 * under some special file systems, e.g. /proc, instead of failing).
 */
function makeDirectories(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirectories(parent);
  mkdirSync(dir);
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
function writeAtomic(file: string, text: string): void {
  makeDirectories(dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function isDirectoryTarget(out: string): boolean {
  if (out.endsWith('/')) return true;
  try {
    return statSync(out).isDirectory();
  } catch {
    return false;
  }
}

/** The rate limit service's config: one file per domain into a directory, else one multi-document YAML file. */
function writeRateLimitConfig(target: string, configs: object[]): void {
  if (isDirectoryTarget(target)) {
    for (const c of configs) writeAtomic(join(target, `${(c as { domain: string }).domain.replaceAll('/', '_')}.yaml`), serialize(c, 'yaml'));
  } else writeAtomic(target, configs.map((c) => serialize(c, 'yaml')).join('---\n'));
}

interface CompileFlags extends ReviewCompileFlags {
  output: string;
  format: OutputFormat;
  emit: 'bootstrap' | 'ir';
  adminAddress: { address: string; port: number };
  serviceDns: string;
  gateway?: string;
  mergeGateways: boolean;
  strict: boolean;
  validate: boolean;
  policies: boolean;
  status?: string;
  ratelimitService?: { address: string; port: number };
  ratelimitConfig?: string;
}

function runCompile(paths: string[], flags: CompileFlags): number {
  if (paths.length === 0) throw new UsageError('no input paths given (files, directories, or - for stdin)');
  const files = readSources(paths, process.cwd(), () => readFileSync(0, 'utf8'));
  const opts: CompileOptions = {
    ...DEFAULT_OPTIONS,
    admin: flags.adminAddress,
    serviceDns: flags.serviceDns,
    ...(flags.gateway !== undefined ? { gateway: flags.gateway } : {}),
    mergeGateways: flags.mergeGateways,
    strict: flags.strict,
    validate: flags.validate,
    noPolicies: !flags.policies,
    suppress: flags.suppress.map(parseSuppress),
    ...(flags.ratelimitService ? { rateLimitService: flags.ratelimitService } : {}),
  };
  const result = compile(files, opts);
  // --suppress and --fail-on decide what is shown and whether the run fails.
  if (reportCompileDiagnostics(files, result, flags)) return EXIT.inputErrors;
  if (flags.annotate) annotateOutputs(result, files);
  // --check compares instead of writing anything (the status and other side files included).
  if (flags.check) return runReview(() => checkOutputs(result, files, flags, process.argv.slice(2), process.cwd()));
  const toDirectory = flags.output !== '-' && isDirectoryTarget(flags.output);
  // Usage problems first: nothing at all is written when the command cannot finish.
  if (flags.emit === 'bootstrap' && !toDirectory && result.outputs.length > 1) {
    throw new UsageError(
      `the inputs hold ${result.outputs.length} Gateways (${result.outputs.map((o) => o.name).join(', ')}), one Envoy each: ` +
        'write them to a directory (-o DIR/), pick one with --gateway NS/NAME, or put them in one Envoy with --merge-gateways',
    );
  }
  if (flags.status !== undefined) writeAtomic(flags.status, serialize(result.status, 'yaml'));
  if (flags.ratelimitConfig !== undefined) writeRateLimitConfig(flags.ratelimitConfig, result.rateLimitConfigs);
  if (flags.emit === 'ir') {
    const text = serialize(result.ir, 'json');
    if (flags.output === '-') process.stdout.write(text);
    else writeAtomic(flags.output, text);
    return EXIT.ok;
  }
  const outputs = result.outputs.map((o) => ({ stem: o.fileStem, text: serialize(o.bootstrap, flags.format) }));
  if (toDirectory) {
    for (const o of outputs) writeAtomic(join(flags.output, `${o.stem}.${flags.format}`), o.text);
    return EXIT.ok;
  }
  if (flags.output === '-') process.stdout.write(outputs[0]!.text);
  else writeAtomic(flags.output, outputs[0]!.text);
  return EXIT.ok;
}

function program(): Command {
  const cmd = new Command('envoyc')
    .description('Compile Kubernetes Gateway API resources and Envoy Gateway policies into a static Envoy bootstrap.')
    .version(require('../package.json').version as string)
    .showHelpAfterError()
    .exitOverride();
  cmd
    .command('compile')
    .description('Compile Gateway API YAML (files, directories, or - for stdin) into envoy.yaml')
    .argument('[paths...]', 'input files or directories (*.yaml, *.yml, *.json, recursively); - reads stdin')
    .option('-o, --output <target>', 'FILE, DIR/ (one <namespace>.<name>.yaml per Gateway), or - for stdout', '-')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .addOption(new Option('--emit <what>', 'what to write: the Envoy bootstrap, or the IR as JSON').choices(['bootstrap', 'ir']).default('bootstrap'))
    .addOption(
      new Option('--admin-address <host:port>', "Envoy's admin listener")
        .argParser(parseAddress)
        .default(DEFAULT_OPTIONS.admin, `${DEFAULT_OPTIONS.admin.address}:${DEFAULT_OPTIONS.admin.port}`),
    )
    .option('--service-dns <template>', 'DNS name for a Service with no EndpointSlice; {name} and {namespace} are filled in', DEFAULT_OPTIONS.serviceDns)
    .option('--gateway <ns/name>', 'compile only this Gateway')
    .option('--merge-gateways', 'put every Gateway in one Envoy (fails if their listeners clash)', false)
    .option('--strict', 'treat non-canonical spellings (accepted with a warning) as errors', false)
    .option('--no-validate', "skip checking the output against Envoy's schema in-process")
    .option('--no-policies', 'ignore every BackendTrafficPolicy (like KubeLB disableBackendTrafficPolicy)')
    .option('--status <file>', "also write Envoy Gateway's status for every Gateway, route and policy (YAML)")
    .option('--ratelimit-service <host:port>', 'the Envoy rate limit service (gRPC) for global rate limits', parseAddress)
    .option('--ratelimit-config <target>', "write the rate limit service's descriptor config: FILE (one YAML document per domain) or DIR/ (a file per domain)")
    .action((paths: string[], flags: CompileFlags) => {
      process.exitCode = runCompile(paths, flags);
    });
  cmd
    .command('validate')
    .description('Check Envoy bootstrap files (YAML or JSON) against the Envoy schema, and with envoy --mode validate when found')
    .argument('<files...>', 'Envoy bootstrap files; - reads stdin')
    .option('--strict', 'canonical proto3 JSON only: forms Envoy merely tolerates become errors', false)
    .option('--envoy <path>', 'Envoy binary to run (default: $ENVOY_BIN, then envoy on PATH)')
    .option('--no-envoy', 'do not run envoy --mode validate')
    .action(async (paths: string[], flags: { strict: boolean; envoy: string | boolean }) => {
      const files = readSources(paths, process.cwd(), () => readFileSync(0, 'utf8'));
      const envoy = flags.envoy === false ? false : typeof flags.envoy === 'string' ? flags.envoy : undefined;
      const result = await runValidateCommand(files, { mode: flags.strict ? 'strict' : 'envoy', envoy });
      process.stderr.write(renderDiagnostics(result.diagnostics, new Map(files.map((f) => [f.path, f])), { frames: true }));
      for (const v of result.envoyVerdicts ?? []) process.stderr.write(`${v.file}: envoy --mode validate: ${v.ok ? 'OK' : 'rejected'}\n`);
      if (result.envoySkipped && envoy !== undefined) process.stderr.write(`envoyc: ${result.envoySkipped}\n`);
      process.exitCode = result.exitCode;
    });
  // The review workflow (compiler/review/): compile's --check, --annotate and diagnostics flags; diff, explain, match, routes-test.
  addCompileReviewOptions(cmd.commands.find((c) => c.name() === 'compile')!);
  registerReviewCommands(cmd);
  return cmd;
}

function main(argv: string[]): void {
  try {
    program().parse(argv);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') {
      process.exitCode = EXIT.ok;
    } else if (code?.startsWith('commander.')) {
      process.exitCode = EXIT.usage;
    } else if (err instanceof UsageError) {
      process.stderr.write(`envoyc: ${err.message}\n`);
      process.exitCode = EXIT.usage;
    } else if (err instanceof Error && /no such file or directory/.test(err.message)) {
      process.stderr.write(`envoyc: ${err.message}\n`);
      process.exitCode = EXIT.usage;
    } else if (err instanceof Error && 'syscall' in err) {
      // A file we could not read or write (permissions, a directory where a file was expected, …).
      process.stderr.write(`envoyc: ${err.message}\n`);
      process.exitCode = EXIT.inputErrors;
    } else {
      // Anything else is a bug in envoyc, not in the inputs: say so, without a wall of stack.
      process.stderr.write(`envoyc: internal error (a bug in envoyc; please report it with the inputs): ${err instanceof Error ? err.message : String(err)}\n`);
      if (process.env.ENVOYC_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
      process.exitCode = EXIT.inputErrors;
    }
  }
}

main(process.argv);
