// The diagnostic catalogue: one function per code, one file per phase. README lists every code.
export * from './load';
export * from './resolve';
export * from './validate';
export * from './lower';
export * from './merge';
export * from './review';
export * from './regex';
export * from './xds';
export * from './input';
export * from './patch';
export * from './extension';
export * from './envoy-proxy';
