// Flaskr, Flask's tutorial blog, on flagon: `npx tsx examples/flaskr/app.ts` serves it at
// http://127.0.0.1:5000. Register, log in, and write, edit and delete posts.
import { pathToFileURL } from "node:url";
import { type ConfigValues, Flagon } from "flagon";
import { bp as auth } from "./auth.js";
import { bp as blog } from "./blog.js";
import { Database } from "./db.js";

/** The application factory; tests pass `{ TESTING: true, DATABASE: db }`. */
export function createApp(testConfig?: Partial<ConfigValues> & Record<string, unknown>): Flagon {
  const app = new Flagon(import.meta.url, {
    config: {
      // DEVELOPMENT ONLY: anyone who reads this file can forge sessions. Deploy with SECRET_KEY set.
      SECRET_KEY: process.env["SECRET_KEY"] ?? "dev",
      DATABASE: new Database(),
    },
  });
  if (testConfig !== undefined) app.config.fromObject(testConfig);

  // A simple page that says hello.
  app.route("/hello", function hello() {
    return "Hello, World!";
  });

  app.registerBlueprint(auth);
  app.registerBlueprint(blog);
  // The blog is the main page: urlFor("index") builds "/", which the blog's index view answers.
  app.addUrlRule("/", { endpoint: "index" });
  return app;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await createApp().run({ debug: process.env["FLAGON_DEBUG"] === "1" });
}
