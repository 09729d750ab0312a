export * from './source-file';
export * from './yaml-node';
export * from './read';
export * from './utf8';
export * from './errno';
export * from './nesting';
