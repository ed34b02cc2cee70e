// The example site in a real browser: Chromium (Debian's, driven by playwright-core) against the seed app
// served in-process on a real socket. Screenshots go to test/artifacts/ (git-ignored).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { silentLogger, type ListeningServer } from "../../src/index.js";
import { app, createApp } from "../../examples/seed-app/app.js";

const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const TIMEOUT = 60_000;

let browser: Browser;
let server: ListeningServer;
let debugServer: ListeningServer;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  app.logger = silentLogger;
  const debugApp = createApp({ DEBUG: true });
  debugApp.logger = silentLogger;
  [server, debugServer, browser] = await Promise.all([
    app.listen({ port: 0 }),
    debugApp.listen({ port: 0 }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    }),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([server?.close(), debugServer?.close()]);
});

/** A fresh browser profile (its own cookies) per test. */
async function withPage<T>(run: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  try {
    return await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

async function logIn(page: Page, username: string, password = "flagon"): Promise<void> {
  await page.goto(`${server.url}/site/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForLoadState("load"), page.click('button[type="submit"]')]);
}

describe("the example site in Chromium", () => {
  test("logging in with the form stores the user in the session and shows a flash message once", { timeout: TIMEOUT }, () =>
    withPage(async (page, context) => {
      await page.goto(`${server.url}/site/`);
      await page.click("text=Log in");
      assert.equal(new URL(page.url()).pathname, "/site/login");
      await page.fill('input[name="username"]', "alice");
      await page.fill('input[name="password"]', "flagon");
      const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      // Redirected after the POST (302) to the users list.
      assert.equal(new URL(page.url()).pathname, "/site/users/");
      assert.equal(response?.status(), 200);
      assert.equal((await page.textContent(".flash.success"))?.trim(), "Welcome back, alice!");
      assert.match((await page.textContent(".who")) ?? "", /Signed in as alice/);
      await page.screenshot({ path: `${ARTIFACTS}site-after-login.png`, fullPage: true });

      const cookies = await context.cookies();
      const sessionCookie = cookies.find((c) => c.name === "session");
      assert.ok(sessionCookie, "a session cookie was set");
      assert.equal(sessionCookie.httpOnly, true);
      assert.equal(sessionCookie.sameSite, "Lax");

      await page.reload();
      assert.equal(await page.locator(".flash").count(), 0, "the flash message is shown once");
      assert.match((await page.textContent(".who")) ?? "", /Signed in as alice/);

      await Promise.all([page.waitForNavigation(), page.click("text=Log out")]);
      assert.equal(new URL(page.url()).pathname, "/site/");
      assert.equal((await page.textContent(".flash"))?.trim(), "You are logged out.");
      assert.equal(await page.locator(".who").count(), 0);
    }),
  );

  test("a wrong password shows the login form again with an error flash and status 401", { timeout: TIMEOUT }, () =>
    withPage(async (page) => {
      await page.goto(`${server.url}/site/login`);
      await page.fill('input[name="username"]', "alice");
      await page.fill('input[name="password"]', "wrong");
      const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      assert.equal(response?.status(), 401);
      assert.equal((await page.textContent(".flash.error"))?.trim(), "Wrong username or password.");
      assert.equal(await page.inputValue('input[name="username"]'), "alice");
      await page.screenshot({ path: `${ARTIFACTS}site-login-failed.png`, fullPage: true });
    }),
  );

  test("links built with url_for lead from the users list to each profile and back", { timeout: TIMEOUT }, () =>
    withPage(async (page) => {
      await page.goto(`${server.url}/site/`);
      await Promise.all([page.waitForNavigation(), page.click("main >> text=Browse the users")]);
      assert.equal(new URL(page.url()).pathname, "/site/users/");
      const hrefs = await page.$$eval(".users a", (links) => links.map((a) => a.getAttribute("href")));
      assert.deepEqual(hrefs, ["/site/users/1", "/site/users/2", "/site/users/3"]);

      await Promise.all([page.waitForNavigation(), page.click(".users >> text=bob")]);
      assert.equal(new URL(page.url()).pathname, "/site/users/2");
      assert.equal(await page.textContent("h1.profile-name"), "bob");
      assert.equal(await page.title(), "bob · Flagon Seed");

      await Promise.all([page.waitForNavigation(), page.click('.profile a[href="/api/users/2"]')]);
      assert.equal(new URL(page.url()).pathname, "/api/users/2");
      assert.deepEqual(JSON.parse((await page.textContent("body")) ?? ""), { id: 2, name: "Bob", email: "bob@example.com" });

      await page.goBack();
      await Promise.all([page.waitForNavigation(), page.click("text=← All users")]);
      assert.equal(new URL(page.url()).pathname, "/site/users/");
    }),
  );

  test("the stylesheet and the blueprint's logo load from their static folders and apply", { timeout: TIMEOUT }, () =>
    withPage(async (page) => {
      const statics = new Map<string, number>();
      page.on("response", (response) => {
        const path = new URL(response.url()).pathname;
        if (path.includes("/static/")) statics.set(path, response.status());
      });
      await page.goto(`${server.url}/site/`);
      await page.waitForLoadState("load");
      assert.equal(statics.get("/static/style.css"), 200);
      assert.equal(statics.get("/site/static/flask.svg"), 200);
      const header = await page.$eval(".masthead", (el) => getComputedStyle(el).backgroundColor);
      assert.equal(header, "rgb(47, 111, 78)");
      const fontFamily = await page.$eval("body", (el) => getComputedStyle(el).fontFamily);
      assert.match(fontFamily, /system-ui/);
      const logoWidth = await page.$eval(".brand img", (img) => (img as HTMLImageElement).naturalWidth);
      assert.ok(logoWidth > 0, "the logo decoded");
      await page.screenshot({ path: `${ARTIFACTS}site-home.png`, fullPage: true });
    }),
  );

  test("a missing page shows the custom 404 page inside the layout", { timeout: TIMEOUT }, () =>
    withPage(async (page) => {
      const response = await page.goto(`${server.url}/no/such/page`);
      assert.equal(response?.status(), 404);
      assert.equal((await page.textContent(".error-page .message"))?.trim(), "Oops! That page does not exist.");
      assert.match((await page.textContent(".error-page")) ?? "", /Nothing lives at \/no\/such\/page/);
      assert.equal(await page.$eval(".masthead", (el) => getComputedStyle(el).backgroundColor), "rgb(47, 111, 78)");
      await page.screenshot({ path: `${ARTIFACTS}site-404.png`, fullPage: true });

      // A view's own abort(404) gets the same page.
      const missingUser = await page.goto(`${server.url}/site/users/99`);
      assert.equal(missingUser?.status(), 404);
      assert.equal((await page.textContent(".error-page .message"))?.trim(), "Oops! That page does not exist.");
    }),
  );

  test("the admin page is a custom 403 for visitors and members and opens for an administrator", { timeout: TIMEOUT }, () =>
    withPage(async (page) => {
      const anonymous = await page.goto(`${server.url}/site/admin`);
      assert.equal(anonymous?.status(), 403);
      assert.equal((await page.textContent(".error-page .message"))?.trim(), "Sorry, you are not allowed to view this page.");
      await page.screenshot({ path: `${ARTIFACTS}site-403.png`, fullPage: true });

      await logIn(page, "bob");
      assert.equal((await page.goto(`${server.url}/site/admin`))?.status(), 403);

      await logIn(page, "alice");
      const admin = await page.goto(`${server.url}/site/admin`);
      assert.equal(admin?.status(), 200);
      assert.match((await page.textContent("main")) ?? "", /Hello alice, you are an administrator/);
    }),
  );

  test("in debug mode an error shows the debug page with the exception and the failing source line", { timeout: TIMEOUT }, () =>
    withPage(async (page) => {
      const response = await page.goto(`${debugServer.url}/site/boom`);
      assert.equal(response?.status(), 500);
      assert.equal((await page.textContent("header h1"))?.trim(), "Error");
      assert.equal((await page.textContent("header .message"))?.trim(), "Order 7 has no items to ship");
      assert.match((await page.textContent("header .note")) ?? "", /debug mode is on/);
      // The frame of the view, with its source: the highlighted line is the throw.
      const current = await page.$$eval("tr.current pre", (rows) => rows.map((row) => row.textContent ?? ""));
      assert.ok(current.some((line) => line.includes("throw new Error(`Order ${order.id} has no items to ship`)")), current.join("\n"));
      assert.match((await page.textContent("body")) ?? "", /site\/routes\.ts/);
      await page.screenshot({ path: `${ARTIFACTS}site-debug-page.png`, fullPage: true });
    }),
  );

  test("with debug off the same error is a plain 500 that shows no exception, stack or source", { timeout: TIMEOUT }, () =>
    withPage(async (page) => {
      const response = await page.goto(`${server.url}/site/boom`);
      assert.equal(response?.status(), 500);
      const text = (await page.textContent("body")) ?? "";
      assert.match(text, /Internal Server Error/);
      for (const leak of ["Order 7", "routes.ts", "throw new Error", "debug mode"]) assert.ok(!text.includes(leak), `leaked ${leak}`);
      assert.equal(await page.locator("tr.current").count(), 0);
      await page.screenshot({ path: `${ARTIFACTS}site-500.png`, fullPage: true });
    }),
  );
});
