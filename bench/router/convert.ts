/**
 * Turns flagon rules into the syntax of the other routers.
 *
 * `<int:x>` becomes a plain parameter (the others check nothing, which is how
 * their users write ids; `COLON_INT` keeps the check for find-my-way), `<path:x>` at the end becomes the router's
 * catch-all, and `<any(a,b):x>` is expanded into one static rule per choice,
 * the choice being handed back as a fixed parameter.
 */

export type Piece =
  | { readonly kind: "static"; readonly text: string }
  | { readonly kind: "param"; readonly name: string; readonly converter: string; readonly args: string };

const VARIABLE = /<(?:([a-zA-Z_]\w*)(?:\(([^)]*)\))?:)?([a-zA-Z_]\w*)>/g;

/** Splits a flagon rule into static text and variables. */
export function parseRule(rule: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of rule.matchAll(VARIABLE)) {
    if (m.index > last) pieces.push({ kind: "static", text: rule.slice(last, m.index) });
    pieces.push({ kind: "param", name: m[3] ?? "", converter: m[1] ?? "string", args: m[2] ?? "" });
    last = m.index + m[0].length;
  }
  if (last < rule.length) pieces.push({ kind: "static", text: rule.slice(last) });
  return pieces;
}

/** One rule in another router's syntax. */
export interface Converted {
  readonly pattern: string;
  /** Parameters the pattern no longer captures (expanded `any`). */
  readonly fixed: Readonly<Record<string, string>>;
  /** The router's key for a catch-all, mapped back to the flagon name. */
  readonly rename: Readonly<Record<string, string>>;
}

/** How a router spells a parameter and a trailing catch-all. */
export interface Dialect {
  param(name: string, converter: string): string;
  /** Returns the text and the key the router reports the value under. */
  catchAll(name: string): { text: string; key: string };
}

export const COLON: Dialect = {
  param: (name) => `:${name}`,
  catchAll: () => ({ text: "*", key: "*" }),
};

/**
 * find-my-way made to check ints as flagon does, with its regex parameters:
 * what a user who wants a 404 for `/issues/abc` writes.
 */
export const COLON_INT: Dialect = {
  param: (name, converter) => (converter === "int" ? `:${name}(^\\d+$)` : `:${name}`),
  catchAll: COLON.catchAll,
};

export const ROU3: Dialect = {
  param: (name) => `:${name}`,
  catchAll: (name) => ({ text: `**:${name}`, key: name }),
};

export const HONO: Dialect = {
  param: (name) => `:${name}`,
  catchAll: (name) => ({ text: `:${name}{.+}`, key: name }),
};

/** Converts one flagon rule into one or more patterns of a dialect. */
export function convertRule(rule: string, dialect: Dialect): Converted[] {
  let variants: Converted[] = [{ pattern: "", fixed: {}, rename: {} }];
  const pieces = parseRule(rule);
  pieces.forEach((piece, i) => {
    if (piece.kind === "static") {
      variants = variants.map((v) => ({ ...v, pattern: v.pattern + piece.text }));
    } else if (piece.converter === "any") {
      const choices = piece.args.split(",").map((s) => s.trim().replace(/^["']|["']$/g, ""));
      variants = variants.flatMap((v) =>
        choices.map((choice) => ({ ...v, pattern: v.pattern + choice, fixed: { ...v.fixed, [piece.name]: choice } })),
      );
    } else if (piece.converter === "path") {
      if (i !== pieces.length - 1) throw new Error(`${rule}: a path converter is only converted at the end of a rule`);
      const { text, key } = dialect.catchAll(piece.name);
      variants = variants.map((v) => ({ ...v, pattern: v.pattern + text, rename: { ...v.rename, [key]: piece.name } }));
    } else {
      variants = variants.map((v) => ({ ...v, pattern: v.pattern + dialect.param(piece.name, piece.converter) }));
    }
  });
  return variants;
}
