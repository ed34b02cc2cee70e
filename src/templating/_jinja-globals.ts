/**
 * Jinja's `cycler()` and `joiner()` globals. nunjucks has both, but its
 * cycler's `current` is the item last given, not the one `next()` gives
 * next, and its joiner joins with "," where Jinja's joins with ", ".
 */
import { splitKeywords } from "./_keywords.js";

/** Jinja's `cycler(*items)`: `next()` gives the items in turn, `current` the one it gives next. */
export class Cycler {
  readonly items: readonly unknown[];
  #position = 0;

  constructor(items: readonly unknown[]) {
    if (items.length === 0) throw new TypeError("cycler: at least one item has to be provided");
    this.items = items;
  }

  get current(): unknown {
    return this.items[this.#position];
  }

  next(): unknown {
    const item = this.current;
    this.#position = (this.#position + 1) % this.items.length;
    return item;
  }

  reset(): void {
    this.#position = 0;
  }
}

/** Jinja's `joiner(sep=", ")`: a function giving "" the first time it is called, then `sep`. */
export function joiner(...args: unknown[]): () => unknown {
  const { keywords, positional } = splitKeywords(args);
  const separator = positional[0] ?? keywords["sep"] ?? ", ";
  let used = false;
  return () => {
    if (used) return separator;
    used = true;
    return "";
  };
}
