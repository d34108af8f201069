// The skip link moves the focus to the main content without putting "#maincontent" in the address (issue 26,
// found by the keyboard-only tests). With it there, a form sent from the page carries the fragment to the next
// page, where the browser moves to the fragment's target after the error summary or success banner has taken the
// focus, so a keyboard or screen reader user is not taken to the message. nhsuk-frontend's own listener still
// focuses the main content; without that module (older browsers), it is focused here.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a.nhsuk-skip-link") : null;
    var href = link ? link.getAttribute("href") || "" : "";
    if (href.charAt(0) !== "#") {
      return;
    }
    var target = document.getElementById(href.slice(1));
    if (!target) {
      return;
    }
    event.preventDefault();
    if (document.activeElement !== target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });
})();
