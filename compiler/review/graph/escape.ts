/**
 * Node ids and label text made safe for Mermaid and Graphviz DOT. Kubernetes names carry `/`, `.`,
 * `*` (hostnames), and labels may carry quotes, `#`, `<` from paths and regexes: none may break
 * out of its place in either grammar.
 */
import { escapeTerminal } from '../../source';

/**
 * A Mermaid node id: letters and digits kept, every other character (the `_` of the escape too)
 * written `_xx` (`_uxxxxxx` above 0xFF). One id, one spelling, and no two ids alike; the `n_` prefix
 * keeps it off Mermaid's keywords (`end`, `graph`) and the `o`/`x` edge endings.
 */
export function mermaidId(id: string): string {
  const escaped = id.replace(/[^A-Za-z0-9]/gu, (ch) => {
    const code = ch.codePointAt(0)!;
    return code <= 0xff ? `_${code.toString(16).padStart(2, '0')}` : `_u${code.toString(16).padStart(6, '0')}`;
  });
  return `n_${escaped}`;
}

/** Characters Mermaid reads inside a quoted label (entity codes, HTML, markdown, edge-text pipes), as its entity codes. */
const MERMAID_ENTITIES: Readonly<Record<string, string>> = {
  '#': '#35;',
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '`': '#96;',
  '|': '#124;',
};

/** Label lines as one quoted Mermaid string, lines joined by `<br/>`. */
export function mermaidText(lines: string[]): string {
  return `"${lines.map((l) => escapeTerminal(l).replace(/[#"&<>`|]/g, (c) => MERMAID_ENTITIES[c]!)).join('<br/>')}"`;
}

/**
 * A DOT quoted string: control characters from the inputs (a NUL in a unix path) shown as escapes,
 * then `"` and `\` escaped (DOT's escString would read `\n`, `\N`, … otherwise).
 */
export function dotString(text: string): string {
  return `"${escapeTerminal(text)
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ')}"`;
}

/** Label lines as a DOT label: each line escaped, joined by DOT's centred line break. */
export function dotLabel(lines: string[]): string {
  return `"${lines.map((l) => dotString(l).slice(1, -1)).join('\\n')}"`;
}
