import { error, warning, type Diagnostic } from '../diagnostic';
import type { Span } from '../../source';

// 1-load

export const yamlSyntax = (at: Span, message: string): Diagnostic => error('yaml_syntax', at, message);

export const unknownKind = (at: Span, apiVersion: string, kind: string): Diagnostic =>
  warning('unknown_kind', at, `kind ${kind} (${apiVersion}) is not read by envoyc; ignored`);
