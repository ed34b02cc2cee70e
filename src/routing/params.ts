type Trim<S extends string> = S extends ` ${infer R}` | `${infer R} ` ? Trim<R> : S;
type Unquote<S extends string> = S extends `"${infer V}"` | `'${infer V}'` ? V : S;
type AnyOf<L extends string> = L extends `${infer A},${infer B}` ? Unquote<Trim<A>> | AnyOf<B> : Unquote<Trim<L>>;
type ValueOf<Conv extends string> = Conv extends `int${string}` | `float${string}`
  ? number
  : Conv extends `any(${infer L})`
    ? AnyOf<L>
    : string;
type Variable<V extends string> = V extends `${infer Conv}:${infer Name}`
  ? { [K in Trim<Name>]: ValueOf<Trim<Conv>> }
  : { [K in Trim<V>]: string };
type Flatten<T> = { [K in keyof T]: T[K] };

/** The values a rule gives its view: `RuleParams<"/post/<int:post_id>">` is `{ post_id: number }`. */
export type RuleParams<Rule extends string> = Flatten<
  Rule extends `${string}<${infer V}>${infer Rest}` ? Variable<V> & RuleParams<Rest> : unknown
>;

/** What building a rule's URL takes: its values (numbers may be given as numbers only), plus any query values. */
export type BuildValues<Rule extends string> = RuleParams<Rule> & Record<string, unknown>;
