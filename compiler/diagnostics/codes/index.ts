// The diagnostic catalogue: one function per code, one file per phase. README lists every code.
export * from './load';
export * from './validate';
