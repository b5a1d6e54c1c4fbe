// Compile the public stylesheet and copy GOV.UK Frontend's script and assets (and
// Swagger UI's, for the API reference)
// into src/minutebook/static/build/, where Django's staticfiles finds them.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/minutebook/static/build");
const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");

mkdirSync(out, { recursive: true });
const result = sass.compile(join(root, "src/minutebook/frontend/minutebook.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "minutebook.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets"), join(out, "govuk/assets"), { recursive: true });
// The API reference at /oparl/v1/docs (Swagger UI): served from here, never a CDN. Its
// source maps come too: the files name them, and production's collectstatic (hashed
// names) fails on a reference to a file that is not there.
const swagger = join(root, "node_modules/swagger-ui-dist");
for (const name of [
  "swagger-ui-bundle.js",
  "swagger-ui-bundle.js.map",
  "swagger-ui.css",
  "swagger-ui.css.map",
]) {
  cpSync(join(swagger, name), join(out, "swagger-ui", name));
}
console.log(`built ${out}/minutebook.css (${result.css.length} bytes)`);
