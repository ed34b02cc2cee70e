// Flaskr, the port of Flask's tutorial blog, in a real browser: Chromium (Debian's, driven by
// playwright-core) against the example served in-process on a real socket.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chromium, type Browser } from "playwright-core";
import { silentLogger, type ListeningServer } from "../../src/index.js";
import { createApp } from "../../examples/flaskr/app.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const TIMEOUT = 60_000;

let browser: Browser;
let server: ListeningServer;

before(async () => {
  const app = createApp({ TESTING: true });
  app.logger = silentLogger;
  [server, browser] = await Promise.all([
    app.listen({ port: 0 }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }),
  ]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("register, log in, write a post, edit it and delete it, through the tutorial's forms", { timeout: TIMEOUT }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Every form submits and the next page loads; a dialog (the delete confirmation) is accepted.
  page.on("dialog", (dialog) => void dialog.accept());
  const submit = async (selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
  try {
    await page.goto(`${server.url}/auth/register`);
    await page.fill("#username", "ann");
    await page.fill("#password", "s3cret!");
    await submit('input[type="submit"]');
    assert.match(page.url(), /\/auth\/login$/);

    await page.fill("#username", "ann");
    await page.fill("#password", "wrong");
    await submit('input[type="submit"]');
    assert.equal((await page.textContent(".flash"))?.trim(), "Incorrect password.");

    // The tutorial's login page does not keep the user name, and the browser requires one.
    await page.fill("#username", "ann");
    await page.fill("#password", "s3cret!");
    await submit('input[type="submit"]');
    assert.equal((await page.textContent("nav ul li span"))?.trim(), "ann");

    await page.click("text=New");
    await page.waitForLoadState("load");
    await page.fill("#title", "First <post>");
    await page.fill("#body", "Hello from Chromium & flagon.");
    await submit('input[type="submit"]');
    assert.equal((await page.textContent("article h1"))?.trim(), "First <post>");
    assert.match((await page.textContent("article p.body")) ?? "", /Hello from Chromium & flagon\./);

    await page.click("article a.action");
    await page.waitForLoadState("load");
    await page.fill("#title", "Edited");
    await submit('input[value="Save"]');
    assert.equal((await page.textContent("article h1"))?.trim(), "Edited");

    await page.click("article a.action");
    await page.waitForLoadState("load");
    await submit('input[value="Delete"]');
    assert.equal(await page.locator("article").count(), 0);
  } finally {
    await context.close();
  }
});
