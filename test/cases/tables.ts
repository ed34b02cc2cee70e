import type { MatchCase } from "./case-types.js";
import { basicMatchingCases } from "./basic-matching.js";
import { priorityCases } from "./priority.js";
import { converterCases } from "./converters.js";
import { strictSlashCases, mergeSlashCases } from "./slashes.js";
import { methodCases } from "./methods.js";
import { defaultsRedirectCases } from "./defaults-redirects.js";
import { percentEncodingCases } from "./percent-encoding.js";

/** Every match table by name, for runners that take them all (router and app alike). */
export const matchTables: ReadonlyArray<readonly [name: string, cases: readonly MatchCase[]]> = [
  ["basic matching", basicMatchingCases],
  ["priority", priorityCases],
  ["converters", converterCases],
  ["strict slashes", strictSlashCases],
  ["merge slashes", mergeSlashCases],
  ["methods", methodCases],
  ["defaults and redirects", defaultsRedirectCases],
  ["percent-encoding", percentEncodingCases],
];

export { buildCases } from "./building.js";
export { registrationErrorCases, registrationOkCases } from "./registration.js";
