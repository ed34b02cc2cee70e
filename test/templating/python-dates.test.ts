// Python's datetime methods on a Date in templates: post['created'].strftime('%Y-%m-%d').
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderInView } from "./_in-view.js";

const created = new Date(Date.UTC(2024, 4, 6, 9, 5, 3, 42));

test("strftime formats a Date's date as Python's: %Y-%m-%d", async () => {
  assert.equal(await renderInView("{{ post['created'].strftime('%Y-%m-%d') }}", { post: { created } }), "2024-05-06");
});

test("strftime knows Python's common directives, read in UTC", async () => {
  const source = "{{ d.strftime('%a %A %b %B %d %e|%H:%M:%S %I %p|%y %j %f %z %Z %%') }}";
  assert.equal(await renderInView(source, { d: created }), "Mon Monday May May 06  6|09:05:03 09 AM|24 127 042000 +0000 UTC %");
});

test("isoformat() and the date's fields read as Python's datetime", async () => {
  const source = "{{ d.isoformat() }} {{ d.year }}-{{ d.month }}-{{ d.day }} {{ d.hour }}:{{ d.minute }}";
  assert.equal(await renderInView(source, { d: created }), "2024-05-06T09:05:03.042000+00:00 2024-5-6 9:5");
  // As Python's: no fraction when there is none.
  assert.equal(await renderInView("{{ d.isoformat() }}", { d: new Date(Date.UTC(2024, 0, 5, 13, 4, 5)) }), "2024-01-05T13:04:05+00:00");
});

test("an unknown strftime directive fails the render instead of printing something else", async () => {
  await assert.rejects(renderInView("{{ d.strftime('%Q') }}", { d: created }), /strftime.*%Q/);
});

test("a Date's own JavaScript methods still answer", async () => {
  assert.equal(await renderInView("{{ d.getUTCFullYear() }}", { d: created }), "2024");
});
