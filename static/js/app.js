/* Pháo Đài: the little the pages need beyond htmx. Everything works without it. */
(function () {
  "use strict";

  // A select marked data-autosubmit sends its form as soon as a choice is made.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      if (target.form.requestSubmit) { target.form.requestSubmit(); } else { target.form.submit(); }
    }
  });

  // The menu is a <details>: closed below 64em, always open (the sidebar) on a wide screen.
  function syncMenu() {
    var wide = window.matchMedia("(min-width: 64em)").matches;
    document.querySelectorAll("details[data-menu]").forEach(function (menu) {
      if (wide) { menu.setAttribute("open", ""); }
      else if (!menu.dataset.userOpened) { menu.removeAttribute("open"); }
    });
  }
  document.addEventListener("DOMContentLoaded", syncMenu);
  window.addEventListener("resize", syncMenu);
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu instanceof HTMLDetailsElement && menu.hasAttribute("data-menu")) {
      menu.dataset.userOpened = menu.open ? "1" : "";
    }
  }, true);

  // A button with data-confirm asks before it submits (merges, revoking the API key).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
