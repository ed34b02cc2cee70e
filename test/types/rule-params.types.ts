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
