// Starts Swagger UI on GET /api/v1/docs (rest/docs.py serves this file with the package).
// A file, not an inline script: the page's Content-Security-Policy allows scripts from 'self' only.
"use strict";

window.ui = SwaggerUIBundle({
  // Relative to the page (/api/v1/docs): the document this server generates.
  url: "openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  // No outside validator: the page talks to this server only.
  validatorUrl: null,
  // "Authorize" keeps the key in this page's memory only, never in localStorage.
  persistAuthorization: false,
  displayOperationId: true,
});
