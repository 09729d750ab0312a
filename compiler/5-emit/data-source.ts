import type { IrSecretData } from '../ir';
import type { Message } from './envoy';

/** `envoy.config.core.v3.DataSource` for secret material: `filename` when it has its own file, else `inline_bytes`. */
export function buildDataSource(d: IrSecretData): Message {
  return d.file ? { filename: d.file.envoyPath } : { inline_bytes: d.base64 };
}
