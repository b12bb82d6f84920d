// The few page behaviours fazhi needs, as data attributes, so that no template carries inline script or event
// handlers: the Content-Security-Policy (script-src 'self') refuses those (issue 14 §11).
//   <select data-autosubmit>                      submits its form when changed (keep a submit button beside it)
//   <button data-confirm="删除这一段？">           asks before the click goes on
//   <button data-check-group="g1" data-check-value="present">  ticks every input[value=present] inside #g1
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-confirm], [data-check-group]") : null;
    if (!el) {
      return;
    }
    if (el.hasAttribute("data-confirm") && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    if (el.hasAttribute("data-check-group")) {
      var group = document.getElementById(el.getAttribute("data-check-group"));
      var value = el.getAttribute("data-check-value");
      if (group) {
        group.querySelectorAll("input").forEach(function (input) {
          if (input.value === value) {
            input.checked = true;
          }
        });
      }
    }
  });
})();
