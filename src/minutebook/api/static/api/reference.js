// Starts Swagger UI (copied from node_modules/swagger-ui-dist by `npm run build`) on the
// API's OpenAPI description. A file, not an inline script: the site's CSP allows only
// its own script files.
(function () {
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  root.textContent = "";
  window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    domNode: root,
    deepLinking: true,
    defaultModelsExpandDepth: 0,
    // Read-only API: "Try it out" sends GETs to this same site.
    supportedSubmitMethods: ["get", "head"],
    validatorUrl: null,
  });
})();
