export * from './fingerprint';
export * from './fields';
export * from './redact';
export * from './files';
export * from './source-ranges';
