/** The `flagon routes` table. */
import type { RouteSort } from "./args.js";
import type { RouteInfo } from "./discover.js";

/** Methods every rule answers without saying so; hidden unless asked for, as `flask routes` does. */
const IMPLICIT_METHODS = new Set(["HEAD", "OPTIONS"]);

/**
 * Formats routes as `flask routes` does: Endpoint / Methods / Rule columns
 * under a dashed line, sorted by `sort` ("match" keeps registration order).
 */
export function formatRoutes(routes: readonly RouteInfo[], options: { sort?: RouteSort; allMethods?: boolean } = {}): string {
  if (routes.length === 0) return "No routes were registered.";
  const rows = routes.map((route) => {
    const methods = [...route.methods]
      .map((method) => method.toUpperCase())
      .filter((method) => options.allMethods || !IMPLICIT_METHODS.has(method))
      .sort();
    return { endpoint: route.endpoint, methods, rule: route.rule };
  });
  const sort = options.sort ?? "endpoint";
  if (sort === "endpoint") rows.sort((a, b) => compare(a.endpoint, b.endpoint));
  else if (sort === "rule") rows.sort((a, b) => compare(a.rule, b.rule));
  else if (sort === "methods") rows.sort((a, b) => compareLists(a.methods, b.methods));
  const table = [["Endpoint", "Methods", "Rule"], ...rows.map((row) => [row.endpoint, row.methods.join(", "), row.rule])];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const [header = [], ...body] = table;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n");
}

/** Code-point order, as Python's `sorted` on strings (stable across locales). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const order = compare(a[i] ?? "", b[i] ?? "");
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
