// What the compiler tells a user who passes wrong values: the message must name the problem,
// not an overload that was never meant for a route handle.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const HERE = dirname(fileURLToPath(import.meta.url));
const SNIPPET = resolve(HERE, "messages-snippet.ts");

/** One line per case; each is checked alone for the messages it gets. */
const CASES = {
  noValues: `urlFor(comment);`,
  wrongType: `urlFor(comment, { owner: "a", number: "3", comment_id: 4 });`,
  missingValue: `urlFor(comment, { owner: "a", comment_id: 4 });`,
  appWrongType: `app.urlFor(comment, { owner: "a", number: "3", comment_id: 4 });`,
  prefixMissing: `urlFor(show, { id: 1 });`,
};

let messages: Record<keyof typeof CASES, string>;

before(() => {
  const source = [
    `import { Blueprint, Flagon, urlFor } from "../../src/index.js";`,
    `const app = new Flagon();`,
    `const comment = app.route("/repos/<owner>/issues/<int:number>/comments/<int(min=1):comment_id>", ({ owner }) => owner);`,
    `const frontend = new Blueprint("frontend", { urlPrefix: "/<lang_code>" });`,
    `const show = frontend.route("/post/<int:id>", ({ id }) => String(id));`,
    ...Object.values(CASES),
  ].join("\n");
  const config = ts.getParsedCommandLineOfConfigFile(resolve(HERE, "../../tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  assert.ok(config);
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    resolve(name) === SNIPPET ? ts.createSourceFile(name, source, language) : read(name, language, ...rest);
  host.fileExists = ((exists) => (name: string) => resolve(name) === SNIPPET || exists(name))(host.fileExists.bind(host));
  const program = ts.createProgram([SNIPPET], config.options, host);
  const found = Object.fromEntries(Object.keys(CASES).map((key) => [key, ""])) as Record<keyof typeof CASES, string>;
  const firstCaseLine = 5;
  for (const diagnostic of program.getSemanticDiagnostics(program.getSourceFile(SNIPPET))) {
    const line = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start!).line;
    const key = Object.keys(CASES)[line - firstCaseLine] as keyof typeof CASES;
    found[key] += ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n") + "\n";
  }
  messages = found;
});

test("urlFor on a handle without its values says an argument is missing", () => {
  assert.match(messages.noValues, /Expected 2 arguments, but got 1/);
  assert.doesNotMatch(messages.noValues, /not assignable to parameter of type 'string'/);
});

test("urlFor with a wrongly typed value says which types clash, without listing overloads", () => {
  for (const text of [messages.wrongType, messages.appWrongType]) {
    assert.match(text, /Type 'string' is not assignable to type 'number'/);
    assert.doesNotMatch(text, /No overload matches this call/);
  }
});

test("urlFor with a missing value names it and shows the rule's values as one object", () => {
  assert.match(messages.missingValue, /Property 'number' is missing/);
  assert.match(messages.missingValue, /\{ owner: string; number: number; comment_id: number; \}/);
  assert.doesNotMatch(messages.missingValue, /Flatten</);
});

test("urlFor on a blueprint's handle without its prefix's value names the value and the whole rule's values", () => {
  assert.match(messages.prefixMissing, /Property 'lang_code' is missing/);
  assert.match(messages.prefixMissing, /\{ lang_code: string; id: number; \}/);
  assert.doesNotMatch(messages.prefixMissing, /JoinRule</);
});
