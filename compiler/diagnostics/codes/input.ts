import { error, warning, type Diagnostic } from '../diagnostic';
import type { Span } from '../../source/source-file';

// inputs and options: compiler/source/read.ts, compiler/options.ts

export const inputSkipped = (file: string, why: string): Diagnostic =>
  warning('input_skipped', { file, start: 0, end: 0 }, `${why}: skipped (envoyc reads regular files inside input directories)`);

export const inputInvalidUtf8 = (at: Span, byte: number): Diagnostic =>
  error('input_invalid_utf8', at, `byte 0x${byte.toString(16).padStart(2, '0')} is not valid UTF-8: envoyc reads UTF-8 only (re-encode the file)`);

export const adminAddressExposed = (address: string, port: number, who: string): Diagnostic =>
  warning(
    'admin_address_exposed',
    undefined,
    `Envoy's admin API on ${address}:${port} is reachable by ${who}: it has no authentication, and can stop Envoy, change its logging and runtime, and dump its configuration (the default, 127.0.0.1:19000, is reachable from this host only)`,
  );
