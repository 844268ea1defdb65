// lauazym serve: the little script the pages use. Everything works without it; it only helps.
// - On a form that came back with errors, move the keyboard focus to the first field in error.
// - Warn before leaving a profile form with unsaved changes (never lose what was typed).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var invalid = document.querySelector("[aria-invalid='true']");
  var alert = document.querySelector("#conflict, #problems, #upload-error");
  if (invalid) {
    invalid.focus();
  } else if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }

  var form = document.querySelector("form[data-dirty-guard]");
  if (!form) {
    return;
  }
  var dirty = false;
  var submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
