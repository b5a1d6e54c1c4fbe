// Starts GOV.UK Frontend's components. The library's address comes from the script
// tag's data-govuk-frontend attribute, which the template fills with {% static %}, so
// the hashed file name a manifest storage gives it in production is always right.
const script = document.querySelector("script[data-govuk-frontend]");
if (script) {
  import(script.dataset.govukFrontend).then(({ initAll }) => initAll());
}
