export * from './source-file';
export * from './yaml-node';
export * from './read';
