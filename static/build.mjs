// Builds the front end into static/: compiles app.scss and copies GOV.UK and MoJ Frontend's
// JavaScript and images into static/vendor/. Everything it writes is build output (gitignored).
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "static", "vendor");
const govuk = join(modules, "govuk-frontend", "dist", "govuk");
const moj = join(modules, "@ministryofjustice", "frontend", "moj");

rmSync(vendor, { recursive: true, force: true });
mkdirSync(join(vendor, "assets"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(vendor, "govuk-frontend.min.js"));
cpSync(join(moj, "moj-frontend.min.js"), join(vendor, "moj-frontend.min.js"));
// GOV.UK's images are mostly crown branding, which this service must not use: only MoJ's icons.
cpSync(join(moj, "assets", "images"), join(vendor, "assets", "images"), { recursive: true });

const css = sass.compile(join(root, "static", "app.scss"), {
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  // GOV.UK and MoJ warn about each other's deprecated helpers; show only warnings our own partials cause.
  logger: {
    warn(message, options) {
      if ((options.stack || "").includes("static/_")) console.warn(`WARNING: ${message}\n${options.stack}`);
    },
  },
});
mkdirSync(join(root, "static", "css"), { recursive: true });
writeFileSync(join(root, "static", "css", "app.css"), css.css);
console.log("Front end built: static/css/app.css and static/vendor/");
