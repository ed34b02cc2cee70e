import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
const BUILTINS = new Set(builtinModules);

/** Specifiers a module loads when it is evaluated: value imports and re-exports (dynamic `import()` is lazy and not followed). */
function loadTimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly === true) continue;
      out.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined) {
      if (statement.isTypeOnly) continue;
      out.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return out;
}

/** Walks the static import graph from `entry`: which Node built-ins and packages it loads, and through which file. */
function staticGraph(entry: string): { nodeImports: string[]; packages: Set<string>; files: Set<string> } {
  const files = new Set<string>();
  const nodeImports: string[] = [];
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of loadTimeImports(file)) {
      if (specifier.startsWith(".")) queue.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else if (specifier.startsWith("node:") || BUILTINS.has(specifier)) nodeImports.push(`${file.slice(SRC.length + 1)} imports ${specifier}`);
      else packages.add(specifier);
    }
  }
  return { nodeImports, packages, files };
}

test("loading flagon's public surface imports no node:* module (a fetch-only runtime can load it)", () => {
  const { nodeImports, files } = staticGraph(resolve(SRC, "index.ts"));
  assert.ok(files.size > 10, "the walk followed the re-exports of src/index.ts");
  assert.deepEqual(nodeImports, [], "move these behind a dynamic import() or into server/, debug/, cli/");
});

test("the router alone imports neither node:* nor any package", () => {
  const { nodeImports, packages } = staticGraph(resolve(SRC, "routing/index.ts"));
  assert.deepEqual(nodeImports, []);
  assert.deepEqual([...packages], []);
});

test("the scanner sees a node:* import where there is one", () => {
  const { nodeImports } = staticGraph(resolve(SRC, "server/node.ts"));
  assert.ok(nodeImports.some((line) => line.endsWith("imports node:http")));
});
