import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { Command, InvalidArgumentError, Option } from 'commander';
import { compile } from '..';
import { runValidateCommand } from '../6-validate/command';
import type { OutputFormat } from '../5-emit/serialize';
import type { EmittedBootstrap } from '../5-emit';
import { renderDiagnostics, type Diagnostic } from '../diagnostics';
import { compileOptionsFromFlags, DEFAULT_OPTIONS, DEFAULT_SERVICE_DNS, DEFAULT_SYSTEM_CA_BUNDLE, OptionError, type CompileOptionFlags } from '../options';
import { collectList, NO_POLICIES_HELP, NO_POLICIES_IN_HELP, placePolicyFlag, PolicyFlagError } from '../policy-flags';
import { commit, OutputError, planCompileOutputs, withoutUnchanged } from '../output';
import { escapeTerminal, InputError, readInputs } from '../source';
import { versionText } from '../versions';
import {
  addCompileReviewOptions,
  annotateOutputs,
  checkOutputs,
  checkXdsDirectory,
  maxInputSizeOption,
  registerReviewCommands,
  reportCompileDiagnostics,
  runReview,
  type ReviewCompileFlags,
} from '../review/commands';
import { ReviewError } from '../review/inputs';
import { registerWatchCommand } from '../watch/command';

/** Exit codes, as design.md fixes them. */
const EXIT = { ok: 0, inputErrors: 1, usage: 2, drift: 3 } as const;

class UsageError extends Error {}

function parseAddress(value: string): { address: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new InvalidArgumentError('expected HOST:PORT, e.g. 127.0.0.1:19000');
  return { address: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

function parseIp(value: string): string {
  if (!isIP(value)) throw new InvalidArgumentError('expected an IP address, e.g. 127.0.0.1 or ::1');
  return value;
}

/**
 * `--admin-address`: Envoy binds its admin listener to an IP address, never a name, so `localhost`
 * is read as 127.0.0.1 and any other host name is a usage error (Envoy would refuse the bootstrap).
 */
function parseAdminAddress(value: string): { address: string; port: number } {
  const a = parseAddress(value);
  if (a.address === 'localhost') return { ...a, address: '127.0.0.1' };
  if (!isIP(a.address))
    throw new InvalidArgumentError(`the admin address must be an IP address such as 127.0.0.1 or ::1 (Envoy binds no host name): ${a.address}`);
  return a;
}

interface CompileFlags extends ReviewCompileFlags, CompileOptionFlags {
  output: string;
  format: OutputFormat;
  emit: 'bootstrap' | 'ir';
  status?: string;
  ratelimitConfig?: string;
  xdsDir?: string;
  xdsPath?: string;
  maxInputSize: number;
}

async function runCompile(paths: string[], flags: CompileFlags): Promise<number> {
  if (paths.length === 0) throw new UsageError('no input paths given (files, directories, or - for stdin)');
  const cwd = process.cwd();
  const opts = compileOptionsFromFlags(flags);
  const inputs = readInputs(paths, cwd, { maxBytes: flags.maxInputSize });
  const result = compile(inputs.files, opts, inputs.diagnostics);
  // --suppress and --fail-on decide what is shown and whether the run fails.
  if (reportCompileDiagnostics(inputs.files, result, flags)) return EXIT.inputErrors;
  if (flags.annotate) annotateOutputs(result, inputs.files);
  // Live mode: the xDS directory instead of -o, in the order a running Envoy needs (compiler/xds/write.ts).
  // Live mode's modules (compiler/xds/) are required only with --xds-dir: other runs do not pay their start-up.
  const xdsLib = () => require('../xds/output') as typeof import('../xds/output');
  const xds = flags.xdsDir === undefined ? undefined : xdsLib().planXdsOutput(result, { ...flags, xdsDir: flags.xdsDir });
  if (typeof xds === 'string') throw new UsageError(xds);
  if (xds && flags.check) return runReview(() => checkXdsDirectory(result, { ...flags, xdsDir: flags.xdsDir! }, process.argv.slice(2), cwd));
  // Every file of the run, planned before any is written: a run that cannot finish writes nothing.
  const plan = planCompileOutputs(
    result,
    {
      output: flags.output,
      format: flags.format,
      emit: flags.emit,
      ...(flags.status !== undefined ? { status: flags.status } : {}),
      ...(flags.ratelimitConfig !== undefined ? { ratelimitConfig: flags.ratelimitConfig } : {}),
      ...(flags.secretsDir !== undefined ? { secretsDir: flags.secretsDir } : {}),
      ...(xds ? { xds: (require('../xds/write') as typeof import('../xds/write')).planXdsWrite(flags.xdsDir!, xds, cwd, false) } : {}),
    },
    cwd,
  );
  // --check compares the whole plan (status and side files included) instead of writing anything.
  if (flags.check) return runReview(() => checkOutputs(plan, result, inputs.files, inputs, process.argv.slice(2), cwd));
  // A running Envoy reloads on every file moved into the xDS directory: only what changed is moved.
  await commit(xds ? withoutUnchanged(plan, cwd) : plan, { cwd, inputs });
  printEnvoyFlags(result.outputs);
  return EXIT.ok;
}

/** A bootstrap cannot carry command-line flags: the EnvoyProxy's are written beside it and said here. */
function printEnvoyFlags(outputs: EmittedBootstrap[]): void {
  for (const o of outputs)
    if (o.envoyFlags) process.stderr.write(`envoyc: ${escapeTerminal(o.name)}: run Envoy with these flags too: ${escapeTerminal(o.envoyFlags.join(' '))}\n`);
}

async function runValidate(paths: string[], flags: { strict: boolean; envoy: string | boolean; maxInputSize: number }): Promise<number> {
  const inputs = readInputs(paths, process.cwd(), { maxBytes: flags.maxInputSize });
  const envoy = flags.envoy === false ? false : typeof flags.envoy === 'string' ? flags.envoy : undefined;
  const result = await runValidateCommand(inputs.files, { mode: flags.strict ? 'strict' : 'envoy', envoy });
  // What reading found (skipped entries, invalid UTF-8) is reported with the rest.
  const diagnostics: Diagnostic[] = [...inputs.diagnostics, ...result.diagnostics];
  if (result.usage) process.stderr.write(`envoyc: ${escapeTerminal(result.usage)}\n`);
  process.stderr.write(renderDiagnostics(diagnostics, new Map([...inputs.files, ...result.alsoRead].map((f) => [f.path, f])), { frames: true }));
  for (const line of result.summary) process.stderr.write(`${escapeTerminal(line)}\n`);
  if (result.exitCode === 2) return EXIT.usage;
  return inputs.diagnostics.some((d) => d.severity === 'error') ? EXIT.inputErrors : result.exitCode;
}

function program(): Command {
  const cmd = new Command('envoyc')
    .description('Compile Kubernetes Gateway API resources and Envoy Gateway policies into a static Envoy bootstrap.')
    .version(versionText(require('../../../package.json').version as string))
    // Usage errors are one line, like every other error: `envoyc: …`; --help shows the rest.
    .configureOutput({ outputError: (text, write) => write(`envoyc: ${text.replace(/^error: /, '')}`) })
    .exitOverride();
  cmd
    .command('compile')
    .description('Compile Gateway API YAML (files, directories, or - for stdin) into envoy.yaml')
    .argument('[paths...]', 'input files or directories (*.yaml, *.yml, *.json, recursively); - reads stdin')
    .option('-o, --output <target>', 'FILE, DIR/ (one <namespace>.<name>.yaml per Gateway), or - for stdout', '-')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .addOption(new Option('--emit <what>', 'what to write: the Envoy bootstrap, or the IR as JSON').choices(['bootstrap', 'ir']).default('bootstrap'))
    .addOption(
      new Option('--admin-address <ip:port>', "Envoy's admin listener (an IP address; localhost means 127.0.0.1)")
        .argParser(parseAdminAddress)
        .default(DEFAULT_OPTIONS.admin, `${DEFAULT_OPTIONS.admin.address}:${DEFAULT_OPTIONS.admin.port}`),
    )
    .option(
      '--listener-address <ip>',
      "the address every Envoy listener binds (default Envoy Gateway's 0.0.0.0; 127.0.0.1 keeps a local Envoy off the network)",
      parseIp,
    )
    .option(
      '--service-dns <template>',
      `DNS name for a Service with no EndpointSlice, or missing from inputs that hold other Services; {name} and {namespace} are filled in (default: ${DEFAULT_SERVICE_DNS}, and only for Services with no EndpointSlice when the inputs hold Services)`,
    )
    .option('--gateway <ns/name>', 'compile only this Gateway')
    .option('--merge-gateways', 'put every Gateway in one Envoy (fails if their listeners clash)', false)
    .option('--strict', 'treat non-canonical spellings (accepted with a warning) as errors', false)
    .option('--no-validate', "skip checking the output against Envoy's schema in-process")
    .option('--no-policies [kinds]', `${NO_POLICIES_HELP} (like KubeLB disableBackendTrafficPolicy)`)
    .option('--no-policies-in <namespaces>', NO_POLICIES_IN_HELP, collectList, [])
    .option('--status <file>', "also write Envoy Gateway's status for every Gateway, route and policy (YAML)")
    .option('--ratelimit-service <host:port>', 'the Envoy rate limit service (gRPC) for global rate limits', parseAddress)
    .option('--ratelimit-config <target>', "write the rate limit service's descriptor config: FILE (one YAML document per domain) or DIR/ (a file per domain)")
    .option(
      '--secrets-dir <dir>',
      'write each certificate and key to its own 0600 file here (<namespace>/<secret>/<key>); the bootstrap refers to them by path',
    )
    .option('--secrets-mount <dir>', 'where Envoy finds --secrets-dir (e.g. its mount point in the Envoy container); default: --secrets-dir itself')
    .option(
      '--system-ca-bundle <path>',
      `the system's CA bundle on Envoy's host, for wellKnownCACertificates: System (default: ${DEFAULT_SYSTEM_CA_BUNDLE}, which must then exist here)`,
    )
    .addOption(
      new Option('--xds-dir <dir>', 'write a bootstrap and xDS resource files that a running Envoy reloads (live mode) instead of -o').conflicts('output'),
    )
    .option('--xds-path <path>', 'the --xds-dir directory as Envoy sees it, e.g. inside a container (default: the directory as given)')
    .addOption(maxInputSizeOption())
    .action(async (paths: string[], flags: CompileFlags) => {
      process.exitCode = await runCompile(paths, flags);
    });
  cmd
    .command('validate')
    .description('Check Envoy bootstrap files (YAML or JSON) against the Envoy schema, and with envoy --mode validate when found')
    .argument('<files...>', 'Envoy bootstrap files; - reads stdin')
    .option('--strict', 'canonical proto3 JSON only: forms Envoy merely tolerates become errors', false)
    .option('--envoy <path>', 'Envoy binary to run (default: $ENVOY_BIN, then envoy on PATH)')
    .option('--no-envoy', 'do not run envoy --mode validate')
    .addOption(maxInputSizeOption())
    .action(async (paths: string[], flags: { strict: boolean; envoy: string | boolean; maxInputSize: number }) => {
      process.exitCode = await runValidate(paths, flags);
    });
  // The review workflow (compiler/review/): compile's --check, --annotate and diagnostics flags; diff, explain, match, routes-test.
  addCompileReviewOptions(cmd.commands.find((c) => c.name() === 'compile')!);
  registerReviewCommands(cmd);
  // Live mode (compiler/watch/): takes compile's options, so it is registered after them.
  registerWatchCommand(cmd);
  return cmd;
}

/** The exit code for an error that ended a command, after printing it as one line. */
function reportError(err: unknown): number {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT.ok;
  // Commander has printed its own one-line message.
  if (code?.startsWith('commander.')) return EXIT.usage;
  if (err instanceof ReviewError) {
    process.stderr.write(`envoyc: ${escapeTerminal(err.message)}\n`);
    return err.exitCode;
  }
  if (err instanceof UsageError || err instanceof InputError || err instanceof OutputError || err instanceof OptionError || err instanceof PolicyFlagError) {
    process.stderr.write(`envoyc: ${escapeTerminal(err.message)}\n`);
    return EXIT.usage;
  }
  // Anything else is a bug in envoyc, not in the inputs: say so, without a wall of stack.
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`envoyc: internal error (a bug in envoyc; please report it with the inputs): ${escapeTerminal(message.split('\n')[0]!)}\n`);
  if (process.env.ENVOYC_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
  return EXIT.inputErrors;
}

let streamsGuarded = false;

/** Once per process: the bundle's build runs `main` several times (tools/bundle). */
function guardStreams(): void {
  if (streamsGuarded) return;
  streamsGuarded = true;
  // A reader that goes away (`envoyc diff … | head`) ends the output, not the process with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') process.exitCode = reportError(new OutputError(`cannot write to stdout: ${err.message}`));
  });
  // With stderr gone there is no one to tell; the exit code still says how the run went.
  process.stderr.on('error', () => undefined);
}

/** Runs the envoyc command line (`argv` as Node gives it: node, the script, then the arguments); sets process.exitCode. */
export async function main(argv: string[]): Promise<void> {
  guardStreams();
  try {
    await program().parseAsync(placePolicyFlag(argv, existsSync));
  } catch (err) {
    process.exitCode = reportError(err);
  }
}
