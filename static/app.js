// esop: the little script htmx needs (CSRF header, focus after swaps). Everything works without it.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // Every htmx request carries the CSRF token in a header (forms also carry it as a field).
  document.addEventListener("htmx:config:request", function (evt) {
    evt.detail.ctx.request.headers["X-CSRFToken"] = csrfToken();
  });

  // Move focus where a keyboard user needs it: an error summary or a panel marked data-autofocus.
  function focusMarked(root) {
    var target = (root || document).querySelector("[data-autofocus]");
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
      target.removeAttribute("data-autofocus");
      return true;
    }
    return false;
  }

  document.addEventListener("DOMContentLoaded", function () { focusMarked(document); });
  document.addEventListener("htmx:after:settle", function (evt) {
    var target = evt.detail && evt.detail.ctx && evt.detail.ctx.target;
    focusMarked(target && target.querySelector ? target : document) || focusMarked(document);
  });

  // aria-busy on the swap target while a request is out, so screen readers wait for the result.
  document.addEventListener("htmx:before:request", function (evt) {
    var t = evt.detail && evt.detail.ctx && evt.detail.ctx.target;
    if (t && t.setAttribute) t.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:after:request", function (evt) {
    var t = evt.detail && evt.detail.ctx && evt.detail.ctx.target;
    if (t && t.removeAttribute) t.removeAttribute("aria-busy");
  });

  window.esop = { focusMarked: focusMarked, csrfToken: csrfToken };
})();
