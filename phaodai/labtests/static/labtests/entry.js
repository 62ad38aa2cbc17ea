/* Fast entry of a screening: keyboard only, Enter moves on, the last Enter saves the line.
   Without this file the form still works (Tab, click, Lưu dòng). */
(function () {
  "use strict";

  function shown(el) {
    return !!(el && (el.offsetWidth || el.offsetHeight || el.getClientRects().length));
  }

  function field(form, name) {
    return form.querySelector("[name=" + name + "]");
  }

  // The fields Enter walks through, in order: who, (a new person's sex, birth year, village),
  // the result, and Ct for a positive RT-PCR.
  function steps(form) {
    var names = ["who"];
    if (form.querySelector("input[name=person][value=new]:checked")) {
      names.push("new_sex", "new_birth_year", "new_village");
    }
    names.push("result");
    var kind = field(form, "kind");
    var result = field(form, "result");
    if (kind && result && kind.value === "rt_pcr" && result.value === "positive") {
      names.push("ct_value");
    }
    return names.map(function (name) { return field(form, name); }).filter(shown);
  }

  function moveChoice(form, step) {
    var radios = Array.prototype.slice.call(form.querySelectorAll("input[name=person]"));
    if (!radios.length) { return; }
    var at = radios.findIndex(function (r) { return r.checked; });
    var next = radios[Math.min(radios.length - 1, Math.max(0, at + step))];
    next.checked = true;
    next.dispatchEvent(new Event("change", { bubbles: true }));
  }

  var RESULT_KEYS = { "+": "positive", "d": "positive", "D": "positive", "-": "negative", "a": "negative",
    "A": "negative", "k": "invalid", "K": "invalid", "0": "" };

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var form = target && target.form;
    if (!form || !form.hasAttribute("data-entry")) { return; }
    if (target.name === "who" && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      moveChoice(form, event.key === "ArrowDown" ? 1 : -1);
      return;
    }
    if (target.name === "result" && Object.prototype.hasOwnProperty.call(RESULT_KEYS, event.key)) {
      event.preventDefault();
      target.value = RESULT_KEYS[event.key];
      return;
    }
    if (event.key !== "Enter" || target.tagName === "TEXTAREA" || target.type === "submit") { return; }
    event.preventDefault();
    var order = steps(form);
    var at = target.name === "person" ? 0 : order.indexOf(target);
    if (at >= 0 && at < order.length - 1) {
      order[at + 1].focus();
      if (order[at + 1].select) { order[at + 1].select(); }
    } else if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });

  // After a line is saved the fresh line comes back: start typing the next person at once.
  document.addEventListener("htmx:afterSwap", function () {
    var who = document.querySelector("form[data-entry] input[name=who]");
    if (who && document.activeElement !== who && !document.querySelector("form[data-entry] .panel-error")) {
      who.focus();
    }
  });
})();
