/**
 * Python's `pprint.pformat()` with its defaults (80 columns, indent 1), which
 * Jinja's `pprint` filter prints: `repr()` with each dict's keys sorted while
 * it fits the line; past that, a list, dict or set one item a line, and a
 * string cut at its spaces into parts in parentheses.
 */
import { splitLines } from "./_python-textwrap.js";
import { codePoints, isPlainObject, pyOrder, pyRepr, pyReprSorted } from "./_python-values.js";

const WIDTH = 80;

/** `pprint.pformat(value)`. */
export function pformat(value: unknown): string {
  const out: string[] = [];
  format(value, 0, 0, 0, new Set(), out);
  return out.join("");
}

/**
 * Writes `value` to `out` starting at column `indent`, leaving `allowance`
 * columns for what follows it on its last line (closing brackets, a comma).
 * `level` is its depth: a string in no container gets parentheses around its parts.
 */
function format(value: unknown, indent: number, allowance: number, level: number, within: Set<object>, out: string[]): void {
  const rep = pyReprSorted(value);
  const fits = codePoints(rep) <= WIDTH - indent - allowance;
  if (fits || (typeof value === "object" && value !== null && within.has(value))) {
    out.push(rep);
    return;
  }
  if (typeof value === "string") {
    out.push(stringParts(value, indent, allowance, level + 1));
    return;
  }
  const items = Array.isArray(value) ? value : value instanceof Set ? [...value].sort(pyOrder) : undefined;
  const pairs = value instanceof Map ? [...(value as Map<unknown, unknown>).entries()] : isPlainObject(value) ? Object.entries(value) : undefined;
  if (items === undefined && pairs === undefined) {
    out.push(rep);
    return;
  }
  within.add(value as object);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  out.push(open);
  const inner = indent + 1;
  const between = `,\n${" ".repeat(inner)}`;
  const entries = items ?? pairs!.sort(([a], [b]) => pyOrder(a, b));
  entries.forEach((entry, i) => {
    const last = i === entries.length - 1;
    if (i > 0) out.push(between);
    if (items !== undefined) {
      format(entry, inner, last ? allowance + 1 : 1, level + 1, within, out);
      return;
    }
    const [key, item] = entry as [unknown, unknown];
    const keyRep = pyRepr(key);
    out.push(`${keyRep}: `);
    format(item, inner + codePoints(keyRep) + 2, last ? allowance + 1 : 1, level + 1, within, out);
  });
  out.push(close);
  within.delete(value as object);
}

/** A string too long for its line: the repr of each line of it, each cut at spaces to fit, one part a line. */
function stringParts(text: string, indent: number, allowance: number, level: number): string {
  const outermost = level === 1;
  const column = outermost ? indent + 1 : indent;
  const room = WIDTH - column;
  const rest = outermost ? allowance + 1 : allowance;
  const lines = splitLines(text, true);
  const parts: string[] = [];
  lines.forEach((line, i) => {
    const lastLine = i === lines.length - 1;
    const rep = pyRepr(line);
    if (codePoints(rep) <= room - (lastLine ? rest : 0)) {
      parts.push(rep);
      return;
    }
    // Words with the spaces after them.
    const words = line.match(/\S*\s*/g)!.slice(0, -1);
    let current = "";
    words.forEach((word, j) => {
      const candidate = current + word;
      const width = room - (lastLine && j === words.length - 1 ? rest : 0);
      if (codePoints(pyRepr(candidate)) > width) {
        if (current !== "") parts.push(pyRepr(current));
        current = word;
      } else {
        current = candidate;
      }
    });
    if (current !== "") parts.push(pyRepr(current));
  });
  if (parts.length === 1) return parts[0]!;
  const joined = parts.join(`\n${" ".repeat(column)}`);
  return outermost ? `(${joined})` : joined;
}
