// The app measured by bench/workers/run.ts: one JSON route, as bench/http's "json" case.
import { Flagon, silentLogger } from "flagon";

export const app = new Flagon();
// flagon run logs a line per request; the bench measures serving, not writing logs.
app.logger = silentLogger;
app.get("/json", function json() {
  return { hello: "world" };
});
