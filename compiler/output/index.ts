// Writing outputs safely (a library for the CLI and `watch`, not a pipeline phase): plan the files
// of a run, then commit them all at once, or compare them with the disk (`--check`).
export * from './types';
export * from './targets';
export * from './commit';
export * from './generated';
export * from './compare';
export * from './plan';
