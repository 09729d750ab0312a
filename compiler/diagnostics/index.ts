export * from './diagnostic';
export * from './diagnostics';
export * from './render';
export * from './suggest';
