// Compile-time tests of RuleParams, checked by `tsc --noEmit` (part of `npm test`).
// Each `@ts-expect-error` line must fail to compile; if it compiles, tsc reports the unused directive.
import type { RuleParams } from "../../src/routing/index.js";

/** True only when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

// A rule without placeholders has no params.
expectType<Equal<keyof RuleParams<"/about">, never>>();

// Default and string-like converters give string.
expectType<Equal<RuleParams<"/user/<username>">, { username: string }>>();
expectType<Equal<RuleParams<"/s/<string:v>">, { v: string }>>();
expectType<Equal<RuleParams<"/files/<path:p>">, { p: string }>>();
expectType<Equal<RuleParams<"/o/<uuid:id>">, { id: string }>>();
expectType<Equal<RuleParams<"/s/<string(length=2):lang>">, { lang: string }>>();
expectType<Equal<RuleParams<"/s/<string(minlength=2, maxlength=8):v>">, { v: string }>>();

// Numbers.
expectType<Equal<RuleParams<"/post/<int:post_id>">, { post_id: number }>>();
expectType<Equal<RuleParams<"/f/<float:ratio>">, { ratio: number }>>();
expectType<Equal<RuleParams<"/y/<int(fixed_digits=4):year>">, { year: number }>>();
expectType<Equal<RuleParams<"/i/<int(min=-5, signed=True):n>">, { n: number }>>();
expectType<Equal<RuleParams<"/f/<float(signed=true):x>">, { x: number }>>();

// any(...) gives the union of its choices, spaces trimmed, quotes removed.
expectType<Equal<RuleParams<"/<any(a,b):k>">, { k: "a" | "b" }>>();
expectType<Equal<RuleParams<"/<any(about, help, imprint):page>">, { page: "about" | "help" | "imprint" }>>();
expectType<Equal<RuleParams<"/<any( x ,y ):k>">, { k: "x" | "y" }>>();
expectType<Equal<RuleParams<"/<any(\"x-y\", 'z'):k>">, { k: "x-y" | "z" }>>();

// Several params, beside static text, in several segments.
expectType<Equal<RuleParams<"/post/<int:id>/<any(a,b):k>">, { id: number; k: "a" | "b" }>>();
expectType<Equal<RuleParams<"/c/<int:a>-<int:b>">, { a: number; b: number }>>();
expectType<Equal<RuleParams<"/User:<username>/<path:name>">, { username: string; name: string }>>();
expectType<Equal<RuleParams<"/<path:a>/<path:b>/edit">, { a: string; b: string }>>();
expectType<Equal<RuleParams<"/<lang>/blog/<int:year>/<int(fixed_digits=2):month>/<slug>">, { lang: string; year: number; month: number; slug: string }>>();

// Values are usable as their types.
declare const post: RuleParams<"/post/<int:post_id>/<any(draft, live):state>/<slug>">;
const id: number = post.post_id;
const state: "draft" | "live" = post.state;
const slug: string = post.slug;
void [id, state, slug];

// What must not compile.
declare const numeric: RuleParams<"/post/<int:id>">;
// @ts-expect-error an int param is a number, not a string
const idAsString: string = numeric.id;
// @ts-expect-error a float param is a number, not a string
const ratioAsString: string = ({} as RuleParams<"/f/<float:r>">).r;
// @ts-expect-error a string param is not a number
const nameAsNumber: number = ({} as RuleParams<"/u/<name>">).name;
// @ts-expect-error a path param is not a number
const pathAsNumber: number = ({} as RuleParams<"/p/<path:p>">).p;
// @ts-expect-error a uuid param is not a number
const uuidAsNumber: number = ({} as RuleParams<"/o/<uuid:u>">).u;
// @ts-expect-error "c" is not one of the any() choices
const badChoice: RuleParams<"/<any(a, b):k>"> = { k: "c" };
// @ts-expect-error an any() param is not an arbitrary string
const anyAsLiteral: "a" = ({} as RuleParams<"/<any(a, b):k>">).k;
// @ts-expect-error a rule has no params beyond its placeholders
const unknownParam: unknown = numeric.other;
// @ts-expect-error every param is required
const missing: RuleParams<"/c/<int:a>-<int:b>"> = { a: 1 };
void [idAsString, ratioAsString, nameAsNumber, pathAsNumber, uuidAsNumber, badChoice, anyAsLiteral, unknownParam, missing];

// Converters are known by their whole name: a custom `integer` or `floaty` is not an int or a float.
expectType<Equal<RuleParams<"/<integer:x>/<floaty:y>/<int_list:z>">, { x: string; y: string; z: string }>>();
expectType<Equal<RuleParams<"/<int(4):x>/<float(signed=True):y>">, { x: number; y: number }>>();

// Quoted converter arguments may hold `:`, `>` and `,`, as the rule parser allows.
expectType<Equal<RuleParams<"/<any('a:b', c):k>">, { k: "a:b" | "c" }>>();
expectType<Equal<RuleParams<"/<any('>', \"<\"):k>/<int:n>">, { k: ">" | "<"; n: number }>>();
expectType<Equal<RuleParams<"/<any('a,b', \"c, d\", e):k>">, { k: "a,b" | "c, d" | "e" }>>();
expectType<Equal<RuleParams<"/t/<rx(\"(?:[0-9]{2}):(?:[0-9]{2})\"):time>/<slug>">, { time: string; slug: string }>>();
expectType<Equal<RuleParams<"/<any(\"it's\", b):k>/<int:n>">, { k: "it's" | "b"; n: number }>>();

// Spaces around the whole variable are allowed, as the rule parser trims them.
expectType<Equal<RuleParams<"/< int:n >/< name >">, { n: number; name: string }>>();

// Many variables in one rule.
expectType<Equal<
  RuleParams<"/<a>/<int:b>/<c>/<float:d>/<e>/<path:f>/<g>/<any(x,y):h>/<i>/<uuid:j>/<k>/<int:l>">,
  { a: string; b: number; c: string; d: number; e: string; f: string; g: string; h: "x" | "y"; i: string; j: string; k: string; l: number }
>>();

// Forty variables stay within the compiler's depth limit (the parse is tail-recursive).
expectType<Equal<RuleParams<"/<int:v0>/<int:v1>/<int:v2>/<int:v3>/<int:v4>/<int:v5>/<int:v6>/<int:v7>/<int:v8>/<int:v9>/<int:v10>/<int:v11>/<int:v12>/<int:v13>/<int:v14>/<int:v15>/<int:v16>/<int:v17>/<int:v18>/<int:v19>/<int:v20>/<int:v21>/<int:v22>/<int:v23>/<int:v24>/<int:v25>/<int:v26>/<int:v27>/<int:v28>/<int:v29>/<int:v30>/<int:v31>/<int:v32>/<int:v33>/<int:v34>/<int:v35>/<int:v36>/<int:v37>/<int:v38>/<int:v39>">["v39"], number>>();

// A rule that is only known as a string gives loose params.
expectType<Equal<RuleParams<string>, Record<string, unknown>>>();
