import assert from "node:assert/strict";
import { test } from "node:test";
import { Accept, Flagon, InvalidMimetypeError, LanguageAccept, MimeAccept, jsonify } from "../../src/index.js";

const BROWSER = "text/xml,application/xml,application/xhtml+xml,text/html;q=0.9,text/plain;q=0.8,image/png";

test("Accept orders its values most specific first, then by quality, keeping the client's order on a tie", () => {
  const accept = MimeAccept.fromHeader(BROWSER);
  assert.deepEqual(accept.values(), ["text/xml", "application/xml", "application/xhtml+xml", "image/png", "text/html", "text/plain"]);
  assert.equal(accept.best, "text/xml");
  assert.deepEqual(MimeAccept.fromHeader("*/*;q=1, text/*;q=1, text/plain;q=0.1").values(), ["text/plain", "text/*", "*/*"]);
});

test("quality and has read the first accepted value that matches", () => {
  const accept = MimeAccept.fromHeader(BROWSER);
  assert.equal(accept.quality("text/html"), 0.9);
  assert.equal(accept.quality("TEXT/HTML"), 0.9);
  assert.equal(accept.quality("application/json"), 0);
  assert.equal(accept.has("image/png"), true);
  assert.equal(accept.has("image/gif"), false);
  assert.equal(accept.find("text/plain"), 5);
  assert.equal(accept.find("image/gif"), -1);
});

test("bestMatch picks the offered type the client ranks highest, the first offered on a tie", () => {
  const accept = MimeAccept.fromHeader(BROWSER);
  assert.equal(accept.bestMatch(["text/html", "application/xhtml+xml"]), "application/xhtml+xml");
  assert.equal(accept.bestMatch(["text/plain", "text/html"]), "text/html");
  assert.equal(accept.bestMatch(["application/json"]), undefined);
  assert.equal(accept.bestMatch(["application/json"], "text/html"), "text/html");
  assert.equal(MimeAccept.fromHeader("text/xml, application/xml").bestMatch(["application/xml", "text/xml"]), "application/xml");
});

test("wildcards match a family or anything, and a more specific match wins at equal quality", () => {
  const accept = MimeAccept.fromHeader("*/*;q=0.5, text/html");
  assert.equal(accept.bestMatch(["application/json", "text/html"]), "text/html");
  assert.equal(accept.bestMatch(["application/json"]), "application/json");
  assert.equal(MimeAccept.fromHeader("text/*").bestMatch(["application/json", "text/plain"]), "text/plain");
  assert.equal(MimeAccept.fromHeader("*/*, text/html").bestMatch(["application/json", "text/html"]), "text/html");
  // Only */* starts with a star; a value without a slash is no media type.
  assert.equal(MimeAccept.fromHeader("*/html").has("text/html"), false);
  assert.equal(MimeAccept.fromHeader("html").has("text/html"), false);
});

test("q=0 refuses a type, even where a wildcard would take it", () => {
  const accept = MimeAccept.fromHeader("text/html;q=0, */*");
  assert.equal(accept.bestMatch(["text/html"]), undefined);
  assert.equal(accept.bestMatch(["text/html", "application/json"]), "application/json");
  assert.equal(accept.has("text/html"), true);
  assert.equal(accept.quality("text/html"), 0);
});

test("media type parameters must be equal to match, and stay on the value", () => {
  const accept = MimeAccept.fromHeader("text/html; level=1, text/plain;format=flowed;q=0.5");
  assert.deepEqual([...accept], [["text/html; level=1", 1], ["text/plain; format=flowed", 0.5]]);
  assert.equal(accept.has("text/html"), false);
  assert.equal(accept.has("text/html;level=1"), true);
  assert.equal(accept.bestMatch(["text/plain; format=flowed"]), "text/plain; format=flowed");
});

test("an invalid quality drops its value; a comma inside quotes does not split", () => {
  assert.deepEqual([...MimeAccept.fromHeader("text/html;q=2, application/json;q=abc, text/plain;q=0.25")], [["text/plain", 0.25]]);
  assert.deepEqual(MimeAccept.fromHeader('text/html;x="a,b", application/json').values(), ['text/html; x="a,b"', "application/json"]);
  assert.equal(MimeAccept.fromHeader(" , ,").length, 0);
});

test("spaces around the parts of a media type are not part of it, however many", () => {
  const accept = MimeAccept.fromHeader(`text/html${" ".repeat(16_000)};level=1, application/json ;q=0.5`);
  assert.deepEqual(accept.values(), ["text/html; level=1", "application/json"]);
  assert.equal(accept.bestMatch(["application/json", "text/html;level=1"]), "text/html;level=1");
});

test("an offered type that is not type/subtype is the app's mistake and throws", () => {
  const accept = MimeAccept.fromHeader("text/html");
  assert.throws(() => accept.bestMatch(["html"]), InvalidMimetypeError);
  assert.throws(() => accept.has("*/json"), /invalid mimetype '\*\/json'/);
});

test("acceptHtml and acceptJson", () => {
  assert.equal(MimeAccept.fromHeader(BROWSER).acceptHtml, true);
  assert.equal(MimeAccept.fromHeader(BROWSER).acceptJson, false);
  assert.equal(MimeAccept.fromHeader("application/*").acceptJson, true);
});

test("Accept-Language matches tags ignoring case and _ against -, then falls back to primary tags", () => {
  const accept = LanguageAccept.fromHeader("de-AT, de;q=0.9, en;q=0.5");
  assert.equal(accept.bestMatch(["en", "de"]), "de");
  assert.equal(accept.bestMatch(["de_at", "de"]), "de_at");
  assert.equal(LanguageAccept.fromHeader("en-US").bestMatch(["fr", "en"]), "en");
  assert.equal(LanguageAccept.fromHeader("en").bestMatch(["fr", "en-GB"]), "en-GB");
  assert.equal(LanguageAccept.fromHeader("ja").bestMatch(["fr", "en"]), undefined);
  assert.equal(LanguageAccept.fromHeader("ja").bestMatch(["fr", "en"], "en"), "en");
  assert.equal(LanguageAccept.fromHeader("*;q=0.1, fr").bestMatch(["en", "fr"]), "fr");
  // As in Werkzeug, an exact match at any quality comes before a match by primary tag.
  assert.equal(LanguageAccept.fromHeader("fr-CA, en;q=0.5").bestMatch(["en", "fr"]), "en");
});

test("Accept-Encoding: exact values, any case, and *", () => {
  const accept = Accept.fromHeader("gzip, deflate, br;q=0.5");
  assert.equal(accept.has("BR"), true);
  assert.equal(accept.quality("br"), 0.5);
  assert.equal(accept.quality("zstd"), 0);
  assert.equal(accept.bestMatch(["br", "gzip"]), "gzip");
  assert.equal(Accept.fromHeader("*;q=0.2, gzip").bestMatch(["zstd", "gzip"]), "gzip");
  assert.equal(accept.toString(), "gzip,deflate,br;q=0.5");
});

test("a view negotiates with the request's accept properties; no header accepts nothing", async () => {
  const app = new Flagon();
  app.route("/report", (_, request) => {
    const type = request.acceptMimetypes.bestMatch(["application/json", "text/html"], "text/html");
    const language = request.acceptLanguages.bestMatch(["en", "fr"], "en");
    const body = language === "fr" ? "rapport" : "report";
    return type === "application/json" ? jsonify({ body, gzip: request.acceptEncodings.has("gzip") }) : `<p>${body}</p>`;
  });
  const client = app.testClient();
  const json = await client.get("/report", { headers: { accept: "application/json", "accept-language": "fr-CA, fr;q=0.9, en;q=0.5", "accept-encoding": "gzip" } });
  assert.deepEqual(json.json, { body: "rapport", gzip: true });
  const html = await client.get("/report", { headers: { accept: BROWSER } });
  assert.equal(html.text, "<p>report</p>");
  const bare = await client.get("/report");
  assert.equal(bare.text, "<p>report</p>");
});
