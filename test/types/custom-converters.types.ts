// Compile-time tests of custom converters' value types, checked by `tsc --noEmit`.
// The augmentation below is how a user declares a converter whose `toValue` gives something other than a string.
import { Flagon, urlFor, type RuleParams } from "flagon";

declare module "flagon/routing" {
  interface ConverterValues {
    hex_number: number;
    id_list: readonly number[];
  }
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

const app = new Flagon();
app.addConverter("hex_number", { regex: "[0-9a-f]+", toValue: (raw) => parseInt(raw, 16), toUrl: (n) => Number(n).toString(16) });
app.addConverter("id_list", { regex: "\\d+(?:,\\d+)*", toValue: (raw) => raw.split(",").map(Number), toUrl: (ids) => (ids as number[]).join(",") });
app.addConverter("slug", { regex: "[a-z]+(?:-[a-z]+)*" });

// A declared converter gives its declared type, with or without arguments; an undeclared one gives string.
expectType<Equal<RuleParams<"/c/<hex_number:color>/<id_list:ids>/<slug:s>">, { color: number; ids: readonly number[]; s: string }>>();
expectType<Equal<RuleParams<"/c/<hex_number(4):color>">, { color: number }>>();

const color = app.route("/color/<hex_number:color>", ({ color }) => color.toString(16));
urlFor(color, { color: 255 });
// @ts-expect-error a declared number converter takes a number
urlFor(color, { color: "ff" });
