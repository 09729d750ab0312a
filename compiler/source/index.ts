export * from './source-file';
export * from './yaml-node';
