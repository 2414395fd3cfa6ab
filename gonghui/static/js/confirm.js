// A form with data-confirm asks its question before it posts (irreversible workflow steps).
// A file, not an inline handler: the pages' CSP allows scripts from /static/ only.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
