import type { IrCompressor } from '../../ir';
import { typed } from '../common';
import type { Any } from '../envoy';

const LIBRARY_TYPES: Record<IrCompressor['library'], string> = {
  gzip: 'envoy.extensions.compression.gzip.compressor.v3.Gzip',
  brotli: 'envoy.extensions.compression.brotli.compressor.v3.Brotli',
  zstd: 'envoy.extensions.compression.zstd.compressor.v3.Zstd',
};

/** The HCM's `Compressor` for one library (§4.13), with the first using route's settings. */
export function buildCompressorFilter(c: IrCompressor): Any {
  return typed('envoy.extensions.filters.http.compressor.v3.Compressor', {
    compressor_library: { name: `envoy.compression.${c.library}.compressor`, typed_config: typed(LIBRARY_TYPES[c.library]) },
    ...(c.chooseFirst ? { choose_first: true } : {}),
    ...(c.minContentLength !== undefined ? { response_direction_config: { common_config: { min_content_length: c.minContentLength } } } : {}),
  });
}

/** A route's `CompressorPerRoute`: switches the compressor on for responses. */
export function buildCompressorPerRoute(): Any {
  return typed('envoy.extensions.filters.http.compressor.v3.CompressorPerRoute', { overrides: { response_direction_config: {} } });
}
