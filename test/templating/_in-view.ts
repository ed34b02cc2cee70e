// Renders templates the way an app does: inside a view, through the test client.
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Flagon, renderTemplate, renderTemplateString, silentLogger } from "../../src/index.js";

/** A fresh app whose `/` view renders `source` with `context`; resolves with the page, rejects with the render's error. */
export async function renderInView(source: string, context: Readonly<Record<string, unknown>> = {}, query?: Record<string, string>): Promise<string> {
  const app = new Flagon(undefined, { staticFolder: null });
  app.logger = silentLogger;
  let failure: unknown;
  app.route("/", function page() {
    try {
      return renderTemplateString(source, context);
    } catch (error) {
      failure = error;
      return "";
    }
  });
  const response = await app.testClient().get("/", query === undefined ? {} : { query });
  if (failure !== undefined) throw failure;
  assert.equal(response.status, 200);
  return response.text;
}

/** An app rooted in a temporary folder holding `files` under templates/; `render` renders one in a view. */
export function templateSite(files: Readonly<Record<string, string>>, config: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "flagon-jinja-"));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, "templates", name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const app = new Flagon(pathToFileURL(join(dir, "app.ts")).href, { staticFolder: null, config });
  app.logger = silentLogger;
  let pending: { name: string; context: Readonly<Record<string, unknown>> } = { name: "", context: {} };
  let failure: unknown;
  app.route("/render", function render() {
    try {
      return renderTemplate(pending.name, pending.context);
    } catch (error) {
      failure = error;
      return "";
    }
  });
  return {
    app,
    dir,
    async render(name: string, context: Readonly<Record<string, unknown>> = {}): Promise<string> {
      pending = { name, context };
      failure = undefined;
      const response = await app.testClient().get("/render");
      if (failure !== undefined) throw failure;
      return response.text;
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}
