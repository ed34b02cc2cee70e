import type { RegistrationErrorCase, RegistrationOkCase } from "./case-types.js";

/** Mistakes that must be refused when the rule is added, never at the first request. */
export const registrationErrorCases: readonly RegistrationErrorCase[] = [
  { rules: ["no-slash"], error: "syntax", mentions: ["no-slash"], why: "a rule must start with a slash" },
  { rules: ["/<int:>"], error: "syntax", mentions: ["/<int:>"], why: "a converter needs a variable name" },
  { rules: ["/<foo"], error: "syntax", mentions: ["/<foo"], why: "an unclosed placeholder is malformed" },
  { rules: ["/<>"], error: "syntax", mentions: ["/<>"] },
  { rules: ["/<1abc>"], error: "syntax", mentions: ["/<1abc>"], why: "a variable name must be an identifier" },
  { rules: ["/<a b>"], error: "syntax", mentions: ["/<a b>"] },
  { rules: ["/<a-b>"], error: "syntax", mentions: ["/<a-b>"] },
  { rules: ["/<int:x:y>"], error: "syntax", mentions: ["/<int:x:y>"] },
  { rules: ["/<unknown:x>"], error: "syntax", mentions: ["/<unknown:x>", "unknown"], why: "an unknown converter names the converter and the rule" },
  { rules: ["/<int(fixed_digits=4, nope=1):x>"], error: "syntax", mentions: ["/<int(fixed_digits=4, nope=1):x>", "nope"], why: "an unknown converter argument is refused" },
  { rules: ["/<string(minlength=2 3):v>"], error: "syntax", mentions: ["/<string(minlength=2 3):v>"], why: "unparsable converter arguments are refused" },
  { rules: ["/<int(min=1:x>"], error: "syntax", mentions: ["/<int(min=1:x>"] },
  { rules: ["/<float(fixed_digits=2):x>"], error: "syntax", mentions: ["fixed_digits"], why: "float takes no fixed_digits" },
  { rules: ["/<path(1, 2, 3):x>"], error: "syntax", mentions: ["/<path(1, 2, 3):x>"] },
  {
    rules: [
      { rule: "/user/<name>", endpoint: "a" },
      { rule: "/user/<name>", endpoint: "b" },
    ],
    error: "duplicate",
    mentions: ["/user/<name>"],
    why: "the same rule and methods under two endpoints is a duplicate",
  },
  {
    rules: [
      { rule: "/x", endpoint: "a", methods: ["GET"] },
      { rule: "/x", endpoint: "b", methods: ["GET", "POST"] },
    ],
    error: "duplicate",
    mentions: ["/x"],
    why: "overlapping methods are enough for a duplicate",
  },
  {
    rules: [
      { rule: "/x", endpoint: "a", methods: ["POST", "PUT"] },
      { rule: "/x", endpoint: "b", methods: ["PUT", "DELETE"] },
    ],
    error: "duplicate",
    mentions: ["/x"],
  },
  {
    rules: [
      { rule: "/<a>", endpoint: "a" },
      { rule: "/<b>", endpoint: "b" },
    ],
    error: "duplicate",
    mentions: ["/<b>"],
    why: "rules that differ only in variable names match the same way",
  },
  {
    rules: [
      { rule: "/a//b", endpoint: "a" },
      { rule: "/a/b", endpoint: "b" },
    ],
    error: "duplicate",
    mentions: ["/a/b"],
    why: "merged slashes make two rule strings the same rule",
  },
];

/** Rules that look alike but must all register. */
export const registrationOkCases: readonly RegistrationOkCase[] = [
  { rules: [{ rule: "/x", endpoint: "a", methods: ["GET"] }, { rule: "/x", endpoint: "b", methods: ["POST"] }], why: "the same rule with disjoint methods is not a duplicate" },
  { rules: [{ rule: "/x", endpoint: "a", methods: ["GET"] }, { rule: "/x", endpoint: "b", methods: ["HEAD"] }], why: "HEAD added for GET does not make an overlap" },
  { rules: ["/x", "/x/"], why: "a leaf and a branch are different rules" },
  { rules: ["/<int:a>", "/<a>"], why: "different converters are different rules" },
  { rules: ["/<int:a>", "/<int(signed=True):a>"], why: "different converter arguments are different rules" },
  { rules: ["/<any(a, b):k>", "/<any(a, c):k>"], why: "different any choices are different rules" },
  { rules: ['/<any("x y", \'z\'):k>'], why: "quoted converter arguments parse" },
  { rules: ["/<int( fixed_digits = 4 ,  signed=True ):k>"], why: "spaces around converter arguments are allowed" },
  { rules: ["/<int(min=-5, signed=true):k>"], why: "negative numbers and lower-case booleans are accepted" },
  { rules: ["/<float(min=0.5, max=1.5):k>"], why: "float arguments parse" },
  { rules: ["/<_private9>"], why: "underscores and digits are allowed in names" },
  { rules: ["/a-<x>/<y>.json"], why: "converters beside static text register" },
  { rules: [{ rule: "/a/<x>", endpoint: "a", defaults: { y: 1 } }, { rule: "/a/<x>/<y>", endpoint: "a" }], why: "one endpoint may have several rules" },
];
