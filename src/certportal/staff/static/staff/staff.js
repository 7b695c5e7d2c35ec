// Back-office behaviour; the CSP allows no inline script, so it all lives here.
"use strict";

// A button with data-confirm asks before its form is sent.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
