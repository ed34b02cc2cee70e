import type { ConverterValues } from "./index.js";

type Trim<S extends string> = S extends ` ${infer R}` | `${infer R} ` ? Trim<R> : S;
type Unquote<S extends string> = S extends `"${infer V}"` | `'${infer V}'` ? V : S;

/** `true` when every quote in `S` is closed; the quote met first decides, as the rule parser reads them. */
type QuotesClosed<S extends string> = S extends `${infer BeforeDouble}"${string}`
  ? ClosedFrom<S, BeforeDouble extends `${string}'${string}` ? "'" : '"'>
  : ClosedFrom<S, "'">;
type ClosedFrom<S extends string, Q extends string> = S extends `${string}${Q}${infer Inside}`
  ? Inside extends `${string}${Q}${infer After}`
    ? QuotesClosed<After>
    : false
  : true;

/** The choices of `any(...)`, split at the commas outside quotes. */
type AnyOf<L extends string, Head extends string = ""> = L extends `${infer A},${infer B}`
  ? QuotesClosed<`${Head}${A}`> extends true
    ? Unquote<Trim<`${Head}${A}`>> | AnyOf<B>
    : AnyOf<B, `${Head}${A},`>
  : Unquote<Trim<`${Head}${L}`>>;

type ValueOf<Conv extends string> = Conv extends `any(${infer L})`
  ? AnyOf<L>
  : (Conv extends `${infer Name}(${string}` ? Name : Conv) extends infer Name extends keyof ConverterValues
    ? ConverterValues[Name]
    : string;

/** A variable's name is what follows its last `:` (quoted arguments may hold more). */
type NameOf<V extends string> = V extends `${string}:${infer After}` ? NameOf<After> : V;

type Variable<V extends string> = V extends `${infer Conv}:${NameOf<V>}` ? { [K in NameOf<V>]: ValueOf<Conv> } : { [K in V]: ConverterValues["default"] };

/**
 * The variables of a rule, as one intersection. A `>` inside quotes does not close a variable,
 * so the text up to it is carried on to the next `>`. Accumulating keeps the recursion a tail
 * call, which TypeScript runs without nesting instantiations for each variable.
 */
type Parse<Rule extends string, Found> = Rule extends `${string}<${infer V}>${infer Rest}` ? Close<V, Rest, Found> : Found;
type Close<V extends string, Rest extends string, Found> =
  QuotesClosed<V> extends true
    ? Parse<Rest, Found & Variable<Trim<V>>>
    : Rest extends `${infer More}>${infer After}`
      ? Close<`${V}>${More}`, After, Found>
      : Found;

/** The `& {}` makes editors and error messages show the properties rather than the alias. */
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/**
 * The values a rule gives its view: `RuleParams<"/post/<int:post_id>">` is `{ post_id: number }`.
 * A rule typed only as `string` (built at run time) gives `Record<string, unknown>`.
 */
export type RuleParams<Rule extends string> = string extends Rule ? Record<string, unknown> : Flatten<Parse<Rule, unknown>>;

/** What building a rule's URL takes: its values (numbers may be given as numbers only), plus any query values. */
export type BuildValues<Rule extends string> = RuleParams<Rule> & Record<string, unknown>;
