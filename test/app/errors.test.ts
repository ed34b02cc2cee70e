import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Blueprint, Flagon, Forbidden, HTTPException, InternalServerError, NoResponseError, NotFound, abort, jsonify, makeResponse,
} from "../../src/index.js";

function quiet(app: Flagon): Flagon {
  app.logger = { request: () => undefined, error: () => undefined };
  return app;
}

test("abort(403) gives a 403 page", async () => {
  const app = new Flagon();
  app.route("/admin", () => abort(403));
  const response = await app.testClient().get("/admin");
  assert.equal(response.status, 403);
  assert.match(response.text, /<h1>Forbidden<\/h1>/);
});

test("abort(405, description) gives a 405 page with that description and no Allow header", async () => {
  const app = new Flagon();
  app.route("/", () => abort(405, "Use the form."));
  const response = await app.testClient().get("/");
  assert.equal(response.status, 405);
  assert.match(response.text, /Use the form\./);
  assert.equal(response.headers.get("allow"), null);
});

test("a handler registered by status replaces the page", async () => {
  const app = new Flagon();
  app.errorHandler(404, () => makeResponse("Oops! That page does not exist.", 404));
  const response = await app.testClient().get("/nope");
  assert.equal(response.status, 404);
  assert.equal(response.text, "Oops! That page does not exist.");
});

test("a handler's bare string reply has status 200, as in Flask", async () => {
  const app = new Flagon();
  app.errorHandler(404, () => "not really missing");
  assert.equal((await app.testClient().get("/nope")).status, 200);
});

test("a handler registered by HTTPException class works like its status", async () => {
  const app = new Flagon();
  app.errorHandler(Forbidden, (error) => makeResponse(`no: ${error.description}`, 403));
  app.route("/", () => abort(403, "members only"));
  assert.equal((await app.testClient().get("/")).text, "no: members only");
});

test("a handler for a parent class catches subclasses, and the nearest class wins", async () => {
  class AppError extends Error {}
  class PaymentError extends AppError {}
  const app = new Flagon();
  app.errorHandler(AppError, () => makeResponse("app error", 400));
  app.errorHandler(PaymentError, () => makeResponse("payment error", 402));
  app.route("/pay", () => {
    throw new PaymentError("card declined");
  });
  app.route("/other", () => {
    throw new AppError("x");
  });
  const client = app.testClient();
  assert.equal((await client.get("/pay")).text, "payment error");
  assert.equal((await client.get("/other")).text, "app error");
});

test("an uncaught error is a clean 500 without a stack trace", async () => {
  const app = quiet(new Flagon());
  app.route("/boom", () => {
    throw new TypeError("secret detail");
  });
  const response = await app.testClient().get("/boom");
  assert.equal(response.status, 500);
  assert.doesNotMatch(response.text, /secret detail|at .*\.ts/);
});

test("with DEBUG on the 500 page shows the error", async () => {
  const app = quiet(new Flagon(undefined, { config: { DEBUG: true } }));
  app.route("/boom", () => {
    throw new TypeError("visible detail");
  });
  assert.match((await app.testClient().get("/boom")).text, /TypeError: visible detail/);
});

test("a 500 handler receives InternalServerError with the original error", async () => {
  const app = quiet(new Flagon());
  let received: unknown;
  app.errorHandler(500, (error) => {
    received = error;
    return makeResponse("custom 500", 500);
  });
  const original = new RangeError("bad");
  app.route("/boom", () => {
    throw original;
  });
  const response = await app.testClient().get("/boom");
  assert.equal(response.text, "custom 500");
  assert.ok(received instanceof InternalServerError);
  assert.equal((received as InternalServerError).originalError, original);
});

test("a blueprint's handler catches its own views' errors before the app's", async () => {
  const app = new Flagon();
  const api = new Blueprint("api", { urlPrefix: "/api" });
  api.errorHandler(NotFound, () => jsonify({ error: "api 404" }, 404));
  api.route("/thing", () => abort(404));
  app.errorHandler(404, () => makeResponse("app 404", 404));
  app.route("/thing", () => abort(404));
  app.registerBlueprint(api);
  const client = app.testClient();
  assert.deepEqual((await client.get("/api/thing")).json, { error: "api 404" });
  assert.equal((await client.get("/thing")).text, "app 404");
});

test("a 404 that matched no rule goes to the app's handler, not a blueprint's", async () => {
  const app = new Flagon();
  const api = new Blueprint("api", { urlPrefix: "/api" });
  api.errorHandler(404, () => makeResponse("api 404", 404));
  app.errorHandler(404, () => makeResponse("app 404", 404));
  app.registerBlueprint(api);
  assert.equal((await app.testClient().get("/api/none")).text, "app 404");
});

test("an error handler that throws still yields a 500", async () => {
  const app = quiet(new Flagon());
  app.errorHandler(404, () => {
    throw new Error("handler failed");
  });
  assert.equal((await app.testClient().get("/nope")).status, 500);
});

test("abort with a response sends it as it is", async () => {
  const app = new Flagon();
  app.route("/", () => abort(makeResponse("custom", 409)));
  const response = await app.testClient().get("/");
  assert.equal(response.status, 409);
  assert.equal(response.text, "custom");
});

test("an HTTPException subclass of your own keeps its status", async () => {
  class PaymentRequired extends HTTPException {
    static override status = 402;
    static override description = "Pay first.";
  }
  const app = new Flagon();
  app.route("/", () => {
    throw new PaymentRequired();
  });
  const response = await app.testClient().get("/");
  assert.equal(response.status, 402);
  assert.match(response.text, /Pay first\./);
});

test("a handler registered with InternalServerError handles uncaught errors", async () => {
  const app = quiet(new Flagon());
  app.errorHandler(InternalServerError, (error) => makeResponse(`wrapped ${(error.originalError as Error).message}`, 500));
  app.route("/boom", () => {
    throw new Error("inner");
  });
  assert.equal((await app.testClient().get("/boom")).text, "wrapped inner");
});

test("a URL that matches nothing still gives its NotFound to handlers by class; teardown hooks run without it, as in Flask", async () => {
  const byHttpClass = new Flagon();
  byHttpClass.errorHandler(HTTPException, (error) => makeResponse(`${error.constructor.name} ${error.status}`, error.status));
  assert.equal((await byHttpClass.testClient().get("/nope")).text, "NotFound 404");

  const byErrorClass = new Flagon();
  byErrorClass.errorHandler(Error, (error) => makeResponse(`caught ${error instanceof NotFound}`, 404));
  assert.equal((await byErrorClass.testClient().get("/nope")).text, "caught true");

  const torn: unknown[] = [];
  const withTeardown = new Flagon();
  withTeardown.teardownRequest((error) => void torn.push(error));
  const response = await withTeardown.testClient().get("/nope");
  assert.equal(response.status, 404);
  assert.match(response.text, /<h1>Not Found<\/h1>/);
  assert.equal(torn.length, 1, "teardown runs");
  assert.equal(torn[0], undefined, "an HTTP error page is not an unhandled error");
});

test("the plain 404 page runs after-request hooks and follows Accept", async () => {
  const app = new Flagon();
  app.afterRequest((response) => {
    response.headers.set("x-after", String(response.status));
    return response;
  });
  const client = app.testClient();
  const html = await client.get("/nope");
  assert.equal(html.status, 404);
  assert.equal(html.headers.get("x-after"), "404");
  assert.equal(html.text, `<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>${NotFound.description}</p>\n`);
  const json = await client.get("/nope", { headers: { accept: "application/json" } });
  assert.deepEqual(json.json, { code: 404, name: "Not Found", description: NotFound.description });
});

test("PROPAGATE_EXCEPTIONS re-throws an uncaught error out of app.fetch and the test client", async () => {
  const app = quiet(new Flagon(undefined, { config: { PROPAGATE_EXCEPTIONS: true } }));
  app.route("/", () => {
    throw new TypeError("boom");
  });
  await assert.rejects(app.fetch(new Request("http://localhost/")), { name: "TypeError", message: "boom" });
  await assert.rejects(app.testClient().get("/"), { name: "TypeError", message: "boom" });
});

test("TESTING propagates uncaught errors while PROPAGATE_EXCEPTIONS is unset, as in Flask", async () => {
  const app = quiet(new Flagon(undefined, { config: { TESTING: true } }));
  app.route("/", () => {
    throw new TypeError("boom");
  });
  app.route("/missing", () => abort(404));
  await assert.rejects(app.testClient().get("/"), { name: "TypeError", message: "boom" });
  assert.equal((await app.testClient().get("/missing")).status, 404);
  app.config.PROPAGATE_EXCEPTIONS = false;
  assert.equal((await app.testClient().get("/")).status, 500);
});

test("an HTTPException a handler returns is its error page, as Flask's docs pass HTTP errors through with `return e`", async () => {
  const app = quiet(new Flagon());
  app.route("/missing", () => abort(404, "No such post."));
  app.post("/only-post", () => "posted");
  app.route("/crash", () => {
    throw new TypeError("bad");
  });
  app.errorHandler(Error, (error) => (error instanceof HTTPException ? error : makeResponse("generic", 500)));
  const client = app.testClient();
  const missing = await client.get("/missing");
  assert.equal(missing.status, 404);
  assert.match(missing.text, /<h1>Not Found<\/h1>\n<p>No such post\.<\/p>/);
  const wrongMethod = await client.get("/only-post");
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.get("allow"), "OPTIONS, POST");
  assert.deepEqual((await client.get("/missing", { headers: { accept: "application/json" } })).json, { code: 404, name: "Not Found", description: "No such post." });
  assert.equal((await client.get("/crash")).text, "generic");
});

test("an HTTPException a view returns is its error page, not the JSON of its fields", async () => {
  const app = new Flagon();
  app.route("/gone", () => new NotFound("Moved away.") as unknown as string);
  const response = await app.testClient().get("/gone");
  assert.equal(response.status, 404);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  assert.match(response.text, /<p>Moved away\.<\/p>/);
});

test("a handler for a subclass of NotFound takes only that subclass, as in Flask", async () => {
  class UserNotFound extends NotFound {}
  const app = new Flagon();
  app.errorHandler(404, () => makeResponse("any 404", 404));
  app.errorHandler(UserNotFound, () => makeResponse("no such user", 404));
  app.route("/user", () => { throw new UserNotFound(); });
  app.route("/post", () => abort(404));
  const client = app.testClient();
  assert.equal((await client.get("/user")).text, "no such user");
  assert.equal((await client.get("/post")).text, "any 404");
  assert.equal((await client.get("/nope")).text, "any 404");
});

test("a subclass handler in the app wins over the blueprint's handler for its class, by status first as in Flask", async () => {
  class UserNotFound extends NotFound {}
  const app = new Flagon();
  const bp = new Blueprint("bp");
  bp.errorHandler(Error, () => "bp Error");
  bp.route("/user", () => { throw new UserNotFound(); });
  app.registerBlueprint(bp);
  app.errorHandler(UserNotFound, () => "app UserNotFound");
  const response = await app.testClient().get("/user");
  assert.equal(response.text, "app UserNotFound");
});

test("without a handler of its own a subclass of NotFound goes to the 404 handler", async () => {
  class UserNotFound extends NotFound {}
  const app = new Flagon();
  app.errorHandler(NotFound, () => makeResponse("any 404", 404));
  app.route("/user", () => { throw new UserNotFound(); });
  assert.equal((await app.testClient().get("/user")).text, "any 404");
});

test("an abort in an error handler for a class is a 500 whose originalError is the abort, as in Flask", async () => {
  const app = quiet(new Flagon());
  const torn: unknown[] = [];
  app.route("/", () => { throw new SyntaxError("bad"); });
  app.errorHandler(SyntaxError, () => abort(403));
  app.errorHandler(500, (error) => makeResponse(`500 from ${(error.originalError as Error).name}`, 500));
  app.teardownRequest((error) => { torn.push(error); });
  const response = await app.testClient().get("/");
  assert.equal(response.status, 500);
  assert.equal(response.text, "500 from Forbidden");
  assert.ok(torn[0] instanceof Forbidden);
});

test("an abort in an error handler for a class is a 500 without a 500 handler too", async () => {
  const app = quiet(new Flagon());
  app.route("/", () => { throw new SyntaxError("bad"); });
  app.errorHandler(SyntaxError, () => abort(403));
  app.errorHandler(403, () => "403 handler");
  assert.equal((await app.testClient().get("/")).status, 500);
});

for (const kind of ["sync", "async"] as const) {
  test(`a ${kind} view that returns nothing is a 500 past the handlers by class, as Flask's make_response failing in finalize_request`, async () => {
    const app = quiet(new Flagon());
    const seen: unknown[] = [];
    app.errorHandler(NoResponseError, (error) => {
      seen.push(error);
      return makeResponse("the class handler", 200);
    });
    app.errorHandler(500, (error) => makeResponse(`500 from ${(error.originalError as Error).name}`, 500));
    app.route("/nothing", kind === "sync" ? () => undefined as unknown as string : async () => undefined as unknown as string);
    const response = await app.testClient().get("/nothing");
    assert.equal(response.status, 500);
    assert.equal(response.text, "500 from NoResponseError");
    assert.deepEqual(seen, []);
  });
}
