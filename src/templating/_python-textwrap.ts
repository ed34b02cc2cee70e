/**
 * Jinja's `wordwrap`: each line of the text wrapped as Python's
 * `textwrap.wrap()` wraps it with `expand_tabs=False` and
 * `replace_whitespace=False`, the lines joined by `wrapstring`.
 */
import { codePoints, firstCodePoints } from "./_python-values.js";

/** textwrap's whitespace is ASCII's only, so a no-break space never breaks a line. */
const SPACE = "[\\t\\n\\x0b\\x0c\\r ]";
const NOT_SPACE = "[^\\t\\n\\x0b\\x0c\\r ]";
/** Python's `\w`, and its `[^\d\W]` (a word character but a decimal digit). */
const WORD = "[\\p{L}\\p{N}_]";
const LETTER = "[\\p{L}\\p{Nl}\\p{No}_]";
const WORD_OR_PUNCTUATION = "[\\p{L}\\p{N}_!\"'&.,?]";

/**
 * textwrap's chunks with `break_on_hyphens`: runs of whitespace, dashes of two
 * or more between words, and words, split after a hyphen between letters
 * (`goof-` `ball`); as a split with a group, it keeps what it matches.
 */
const HYPHENATED_CHUNKS = new RegExp(
  `(${SPACE}+` +
    `|(?<=${WORD_OR_PUNCTUATION})-{2,}(?=${WORD})` +
    `|${NOT_SPACE}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${SPACE}|$)|(?<=${WORD_OR_PUNCTUATION})(?=-{2,}${WORD})))`,
  "u",
);
const SPACED_CHUNKS = new RegExp(`(${SPACE}+)`);

/** Python's `str.splitlines()`: split at each line boundary Python knows, with no empty last line. */
export function splitLines(text: string, keepEnds = false): string[] {
  const lines: string[] = [];
  const boundary = /\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]/g;
  let start = 0;
  for (let match = boundary.exec(text); match !== null; match = boundary.exec(text)) {
    lines.push(text.slice(start, keepEnds ? boundary.lastIndex : match.index));
    start = boundary.lastIndex;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

const isBlank = (chunk: string | undefined): boolean => chunk !== undefined && chunk.trim() === "";

/**
 * `textwrap.wrap(line, width, expand_tabs=False, replace_whitespace=False,
 * break_long_words=..., break_on_hyphens=...)`, as Python 3.10 and later wrap: lines of at most `width`
 * characters, without the whitespace at their ends (but the first line's
 * start); a word longer than a line is cut unless `breakLongWords` is false.
 */
function wrapLine(line: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  // Reversed, so the next chunk is popped off the end.
  const chunks = line.split(breakOnHyphens ? HYPHENATED_CHUNKS : SPACED_CHUNKS).filter((chunk) => chunk !== "").reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const current: string[] = [];
    let length = 0;
    if (lines.length > 0 && isBlank(chunks.at(-1))) chunks.pop();
    for (let next = chunks.at(-1); next !== undefined && length + codePoints(next) <= width; next = chunks.at(-1)) {
      current.push(chunks.pop()!);
      length += codePoints(next);
    }
    const next = chunks.at(-1);
    if (next !== undefined && codePoints(next) > width) {
      if (breakLongWords) {
        // What fits of it ends this line, cut after its last hyphen that follows more than hyphens
        // if it may break there (as Python 3.10 and later); the rest starts the next.
        let head = firstCodePoints(next, width - length);
        const hyphen = head.lastIndexOf("-");
        if (breakOnHyphens && hyphen > 0 && /[^-]/.test(head.slice(0, hyphen))) head = head.slice(0, hyphen + 1);
        current.push(head);
        chunks[chunks.length - 1] = next.slice(head.length);
      } else if (current.length === 0) {
        current.push(chunks.pop()!);
      }
    }
    if (isBlank(current.at(-1))) current.pop();
    if (current.length > 0) lines.push(current.join(""));
  }
  return lines;
}

/** Jinja's `wordwrap`: each line of `text` (a paragraph) wrapped on its own, as Jinja 2.11 and later do. */
export function wordwrap(text: string, width: number, breakLongWords: boolean, wrapstring: string, breakOnHyphens: boolean): string {
  // A fraction would leave room for no character, and the cutting loop would never end.
  if (!Number.isInteger(width) || width < 1) throw new TypeError(`wordwrap: invalid width ${width} (must be a whole number > 0)`);
  return splitLines(text)
    .map((line) => wrapLine(line, width, breakLongWords, breakOnHyphens).join(wrapstring))
    .join(wrapstring);
}
