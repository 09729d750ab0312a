import { error, type Diagnostic } from '../diagnostic';
import type { Span } from '../../source';

// xDS directories (`compile --xds-dir`), read by `envoyc validate` (compiler/6-validate/xds-input.ts).

/** A file the directory's bootstrap or listeners name is missing, or holds other than what names it expects. */
export const xdsDirectoryInvalid = (at: Span, message: string): Diagnostic => error('xds_directory_invalid', at, message);
