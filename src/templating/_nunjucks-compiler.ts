/**
 * The parts of nunjucks' parser and compiler that flagon's Jinja additions
 * patch (`_jinja-syntax.ts`, `_jinja-operators.ts`, `_jinja-loops.ts`).
 * nunjucks has no public API for them: these types describe nunjucks 3.2.4.
 */

/** A parsed template node; its fields depend on the node's class. */
export interface Node {
  readonly typename: string;
  readonly lineno: number;
  readonly colno: number;
  [field: string]: unknown;
}

export interface NodeClass {
  new (lineno: number, colno: number, ...fields: unknown[]): Node;
  extend(name: string, props: { fields: string[] }): NodeClass;
}

export interface NodeList extends Node {
  children: Node[];
}

/** nunjucks' compile-time scope: which JavaScript variable holds a template name. */
export interface Frame {
  push(isolateWrites?: boolean): Frame;
  set(name: string, id: string): void;
  /** The JavaScript variable holding `name` at compile time, if one does. */
  lookup(name: string): string | null | undefined;
}

/** The parts of nunjucks' Compiler these additions use. */
export interface Compiler {
  /** The code emitted so far, one entry per `_emit`. */
  codebuf: string[];
  /** The JavaScript variable the text being rendered is added to. */
  buffer: string;
  /** Declares a new, empty output variable and makes it `buffer`; returns its name. */
  _pushBuffer(): string;
  /** Makes the output variable before the last `_pushBuffer` `buffer` again. */
  _popBuffer(): void;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  /** The JavaScript for the name of the template being compiled (`undefined` for a string's). */
  _templateName(): string;
  _withScopedSyntax(body: () => void): void;
  _compileExpression(node: Node, frame: Frame): void;
  compile(node: Node, frame: Frame): void;
  fail(message: string, lineno?: number, colno?: number): never;
  /** Inside `{% autoescape %}`: the variable holding the block's choice. */
  jinjaAutoescape?: string | undefined;
  /** The loops around the code being compiled, innermost last; see `_jinja-loops.ts`. */
  jinjaLoops?: (Recursion | undefined)[];
}

/** A recursive loop, compiled into a function: its name, and the variable holding the depth it renders at. */
export interface Recursion {
  render: string;
  depth: string;
}

export type CompileMethod = (this: Compiler, node: Node, frame: Frame, ...rest: unknown[]) => void;

export interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

export interface Parser {
  nextToken(withWhitespace?: boolean): Token;
  peekToken(): Token | null;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  skipSymbol(value: string): boolean;
  parsePrimary(noPostfix?: boolean): Node;
  /** A call's arguments, from `(` to `)`. */
  parseSignature(): Node;
  parseExpression(): Node;
  parseCompare(): Node;
  parseIs(): Node;
  parseSet(): Node;
  parseFor(): Node;
  parseBlock(): Node;
  parseInclude(): Node;
  parseAggregate(): Node | null;
  parseUntilBlocks(...names: string[]): Node;
  advanceAfterBlockEnd(name?: string): Token;
  fail(message: string, lineno?: number, colno?: number): never;
}

export interface Lexer {
  TOKEN_BLOCK_END: string;
  TOKEN_COMMA: string;
  TOKEN_OPERATOR: string;
}

/** A tag nunjucks hands to us to parse (its extension API). */
export interface TagExtension {
  tags: string[];
  parse(parser: Parser, nodes: unknown, lexer: Lexer): Node;
}

/** What nunjucks' lexer hands the parser, one token at a time. */
export interface Tokenizer {
  nextToken(): Token | null;
}

/** nunjucks' lexer module: `lex` and the token types by name (`TOKEN_COMMA`...). */
export interface LexerModule {
  lex(source: string, options: unknown): Tokenizer;
  [type: `TOKEN_${string}`]: string;
}

export interface NunjucksInternals {
  parser: { Parser: { prototype: Parser } };
  lexer: LexerModule;
  compiler: {
    Compiler: { prototype: Compiler & Record<string, CompileMethod> };
    compile(source: string, asyncFilters: string[], extensions: TagExtension[], name: string): string;
  };
  nodes: Record<string, NodeClass>;
  runtime: Record<string, unknown>;
}

/** What each group of additions patches nunjucks with, and the helpers they share. */
export interface CompilerPatch {
  /** The compiler's prototype: `compileX` compiles nodes of class `X`. */
  readonly compiler: Compiler & Record<string, CompileMethod>;
  readonly parser: Parser;
  /** nunjucks' lexer: `lex`, and token types by name (`TOKEN_COMMA`...). */
  readonly lexer: LexerModule;
  /** What compiled templates call as `runtime.name(...)`. */
  readonly runtime: Record<string, unknown>;
  /** nunjucks' node class of that name; throws if this nunjucks has none. */
  node(name: string): NodeClass;
  /**
   * A new node class, registered with nunjucks' own (its transformer rebuilds
   * nodes by class name); with `expression`, compiled where nunjucks expects an expression.
   */
  define(name: string, fields: string[], expression?: boolean): NodeClass;
  /** A plain boolean, not a type guard: every node class narrows to the same Node type. */
  isA(node: unknown, kind: NodeClass): boolean;
  /** Calls `visit` on `node` and the nodes inside it, depth first; `visit` returning false skips a node's inside. */
  walk(node: Node, visit: (node: Node) => boolean): void;
  /** Compiles `node` as a condition, with Jinja's truth test. */
  emitCondition(compiler: Compiler, node: Node, frame: Frame): void;
  /**
   * Runs `parse` (nunjucks' parse of a whole tag) with `parser[method]` wrapped for its first
   * call only, `after` running right behind it: how a word Jinja allows where nunjucks expects
   * the end of the tag is read (`recursive` after a loop's items, `scoped` after a block's name).
   */
  readWordsAfter<T>(parser: Parser, method: "parseExpression" | "parsePrimary", after: () => void, parse: () => T): T;
}
