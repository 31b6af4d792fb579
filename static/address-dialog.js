// 우편번호 검색 dialog (templates/lookup/_address_dialog.html). Without this script the openers are
// plain links/buttons to the full /lookup/address page, so nothing here is required to sign up.
(function () {
  "use strict";
  var TARGETS = ["home", "work", "other"];
  var dialog, opener = null, target = "home", chosen = false;

  function byId(id) { return document.getElementById(id); }

  function open(evt) {
    var button = evt.target.closest ? evt.target.closest("[data-address-target]") : null;
    if (!button || !dialog) return;
    evt.preventDefault();   // the link / submit button is the no-JS way; here the dialog replaces it
    target = TARGETS.indexOf(button.dataset.addressTarget) >= 0 ? button.dataset.addressTarget : "home";
    opener = button;
    chosen = false;
    var field = dialog.querySelector('input[name="target"]');
    if (field) field.value = target;
    dialog.showModal();
    var input = byId("q");
    if (input) { input.focus(); input.select(); }
  }

  function setValue(id, value) {
    var el = byId(id);
    if (!el) return;
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function choose(button) {
    var t = TARGETS.indexOf(button.dataset.target) >= 0 ? button.dataset.target : target;
    setValue(t + "_postcode", button.dataset.postcode || "");
    setValue(t + "_address", button.dataset.road || "");
    setValue(t + "_address_jibun", button.dataset.jibun || "");
    chosen = true;
    dialog.close();
    var detail = byId(t + "_address_detail");
    if (detail) detail.focus();
    if (window.esop && window.esop.say) {
      window.esop.say("주소를 입력했습니다. 상세주소를 입력해 주십시오.");
    }
  }

  // Up/Down move between results (Tab works as well); Home/End jump to the first/last.
  function arrows(evt) {
    if (["ArrowDown", "ArrowUp", "Home", "End"].indexOf(evt.key) < 0) return;
    var current = evt.target.closest ? evt.target.closest(".address-choice") : null;
    if (!current) return;
    var all = Array.prototype.slice.call(dialog.querySelectorAll(".address-choice"));
    var i = all.indexOf(current);
    var next = evt.key === "Home" ? 0 : evt.key === "End" ? all.length - 1
      : evt.key === "ArrowDown" ? Math.min(i + 1, all.length - 1) : Math.max(i - 1, 0);
    evt.preventDefault();
    all[next].focus();
  }

  function init() {
    dialog = byId("address-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;  // old browser: the links still work
    document.addEventListener("click", open);
    dialog.addEventListener("click", function (evt) {
      var choice = evt.target.closest(".address-choice");
      if (choice && choice.tagName === "BUTTON") { choose(choice); return; }
      if (evt.target.closest("[data-address-dialog-close]")) dialog.close();
    });
    dialog.addEventListener("keydown", arrows);
    // Escape (the dialog's own cancel) and 취소 both end here: focus goes back to the opener.
    dialog.addEventListener("close", function () {
      if (!chosen && opener && opener.isConnected) opener.focus();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
