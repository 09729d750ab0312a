/** Reading an xDS directory from disk, for the commands that take one as they take a bootstrap. */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { BOOTSTRAP_STEM } from './layout';
import { isXdsBootstrap, joinXds, type JoinedXds, type XdsRead } from './join';

/** Where an xDS directory's bootstrap is: the directory on disk and the bootstrap's name in it. */
export interface XdsLocation {
  dir: string;
  bootstrap: string;
}

function parseFile(path: string): unknown {
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `path` as an xDS directory: a directory holding `envoy.yaml` (or `.json`) that reads LDS or CDS
 * from files, or such a bootstrap file itself. Undefined for anything else.
 */
export function findXdsDirectory(path: string): XdsLocation | undefined {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return undefined;
  }
  const candidates = isDir ? ['yaml', 'yml', 'json'].map((e) => join(path, `${BOOTSTRAP_STEM}.${e}`)) : [path];
  for (const file of candidates) {
    try {
      if (statSync(file).isFile() && isXdsBootstrap(parseFile(file))) return { dir: dirname(file), bootstrap: basename(file) };
    } catch {
      // not there: try the next spelling
    }
  }
  return undefined;
}

/**
 * The directory joined into one bootstrap. Files are found by their name in the directory, whatever
 * path the bootstrap gives Envoy (it may be the path inside a container).
 */
export function readXdsDirectory(at: XdsLocation, readFile: (path: string) => XdsRead = readParsed): JoinedXds {
  return joinXds(at.bootstrap, (name) => readFile(join(at.dir, name)));
}

function readParsed(path: string): XdsRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return 'missing';
  }
  try {
    return { value: parse(text) };
  } catch {
    return 'unreadable';
  }
}
