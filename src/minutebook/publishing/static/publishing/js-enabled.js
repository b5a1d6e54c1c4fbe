// Loaded synchronously at the top of <body>: GOV.UK Frontend styles key off these
// classes, so they must be set before the page paints. A file rather than an inline
// script, so pages need no CSP nonce and can be served from the public page cache.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
