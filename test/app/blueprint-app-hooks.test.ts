// Flask's before_app_request, after_app_request and teardown_app_request: a blueprint's hooks for every request of the app.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Blueprint, Flagon, g, makeResponse, silentLogger } from "../../src/index.js";

function appWith(auth: Blueprint) {
  const app = new Flagon(undefined, { staticFolder: null });
  app.logger = silentLogger;
  app.route("/", function index() {
    return `user=${String(g["user"])}`;
  });
  app.registerBlueprint(auth);
  return app;
}

test("beforeAppRequest runs for views outside the blueprint", async () => {
  const auth = new Blueprint("auth", { urlPrefix: "/auth" });
  auth.beforeAppRequest(function loadLoggedInUser() {
    g["user"] = "ann";
  });
  auth.route("/login", function login() {
    return `login ${String(g["user"])}`;
  });
  const client = appWith(auth).testClient();
  assert.equal((await client.get("/")).text, "user=ann");
  assert.equal((await client.get("/auth/login")).text, "login ann");
});

test("a value returned by beforeAppRequest is the response", async () => {
  const auth = new Blueprint("auth");
  auth.beforeAppRequest(() => "closed");
  assert.equal((await appWith(auth).testClient().get("/")).text, "closed");
});

test("afterAppRequest and teardownAppRequest run for every request of the app", async () => {
  const auth = new Blueprint("auth");
  const torn: string[] = [];
  auth.afterAppRequest((response) => {
    response.headers.set("x-seen", "auth");
    return response;
  });
  auth.teardownAppRequest(() => {
    torn.push("auth");
  });
  const r = await appWith(auth).testClient().get("/");
  assert.equal(r.headers.get("x-seen"), "auth");
  assert.deepEqual(torn, ["auth"]);
});

test("a blueprint registered twice adds its app hooks once", async () => {
  const auth = new Blueprint("auth");
  let runs = 0;
  auth.beforeAppRequest(() => {
    runs += 1;
  });
  const app = appWith(auth);
  app.registerBlueprint(auth, { name: "auth2", urlPrefix: "/two" });
  await app.testClient().get("/");
  assert.equal(runs, 1);
});

test("beforeAppRequest after registerBlueprint() is refused", () => {
  const auth = new Blueprint("auth");
  appWith(auth);
  assert.throws(() => auth.beforeAppRequest(() => undefined), /FLAGON_SETUP_FINISHED|already registered/);
});

test("appErrorHandler handles errors of every request of the app, as Flask's app_errorhandler", async () => {
  const errors = new Blueprint("errors");
  errors.appErrorHandler(404, () => makeResponse("custom 404", 404));
  errors.appErrorHandler(RangeError, (error) => makeResponse(`range: ${error.message}`, 400));
  const app = appWith(errors);
  app.route("/range", function range() { throw new RangeError("too far"); });
  const client = app.testClient();
  assert.equal((await client.get("/nope")).text, "custom 404");
  const response = await client.get("/range");
  assert.equal(response.status, 400);
  assert.equal(response.text, "range: too far");
});

test("appErrorHandler is refused once the blueprint is registered", () => {
  const errors = new Blueprint("errors");
  appWith(errors);
  assert.throws(() => errors.appErrorHandler(404, () => "late"), { code: "FLAGON_SETUP_FINISHED" });
});
