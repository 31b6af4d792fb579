// esop: the little script htmx needs (CSRF header, focus after swaps, dialogs, timers).
// Every page works without it; this only makes the same routes answer in place.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function say(text) {
    var live = document.getElementById("live-status");
    if (live) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 50); }
  }

  // Every htmx request carries the CSRF token in a header (forms also carry it as a field).
  document.addEventListener("htmx:config:request", function (evt) {
    evt.detail.ctx.request.headers["X-CSRFToken"] = csrfToken();
  });

  // Move focus where a keyboard user needs it: an error summary or a panel marked data-autofocus.
  function focusMarked(root) {
    var target = (root || document).querySelector("[data-autofocus]");
    if (!target) return false;
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    target.removeAttribute("data-autofocus");
    target.focus();
    return true;
  }

  // A modal dialog makes the rest of the page inert, #live-status included: screen readers would not
  // hear what a swap says while it is open. So the region moves into the open modal and back after.
  var liveHome = null;
  function liveIntoDialog(dialog) {
    var live = document.getElementById("live-status");
    if (!live || dialog.contains(live)) return;
    liveHome = { parent: live.parentNode, next: live.nextSibling };
    dialog.appendChild(live);
  }
  function liveBack() {
    var live = document.getElementById("live-status");
    if (!live || !liveHome || !liveHome.parent.isConnected) return;
    liveHome.parent.insertBefore(live, liveHome.next && liveHome.next.isConnected ? liveHome.next : null);
    liveHome = null;
  }
  document.addEventListener("close", function (evt) {
    if (evt.target.tagName === "DIALOG") liveBack();
  }, true);
  // <dialog> has no 'open' event: showModal() is wrapped so every modal, whoever opens it, gets the region.
  if (window.HTMLDialogElement && HTMLDialogElement.prototype.showModal) {
    var showModal = HTMLDialogElement.prototype.showModal;
    HTMLDialogElement.prototype.showModal = function () {
      showModal.call(this);
      liveIntoDialog(this);
    };
  }

  // Tab from the last control of an open modal goes to its first, Shift+Tab from the first to its last
  // (the browser would otherwise leave the page for its own toolbar).
  function tabbables(root) {
    return Array.prototype.filter.call(
      root.querySelectorAll("a[href], button, input, select, textarea, [tabindex]"), function (el) {
        return el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0 &&
          getComputedStyle(el).visibility !== "hidden" &&
          !(el.type === "radio" && !el.checked && root.querySelector(
            'input[type="radio"][name="' + el.name + '"]:checked'));
      });
  }
  document.addEventListener("keydown", function (evt) {
    if (evt.key !== "Tab") return;
    var dialog = document.querySelector("dialog[open]");
    if (!dialog || !dialog.matches(":modal")) return;
    var items = tabbables(dialog), active = document.activeElement;
    if (!items.length) return;
    var first = items[0], last = items[items.length - 1];
    var before = function (a, b) { return a !== b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING); };
    var sameGroup = function (a, b) { return a.type === "radio" && b.type === "radio" && a.name === b.name; };
    if (evt.shiftKey && (active === first || sameGroup(active, first) || !dialog.contains(active) || before(active, first))) {
      evt.preventDefault();
      last.focus();
    } else if (!evt.shiftKey && (active === last || sameGroup(active, last) || !dialog.contains(active) || before(last, active))) {
      evt.preventDefault();
      first.focus();
    }
  });

  // A modal <dialog> arriving in a swap opens itself; closing it returns focus to what opened it.
  function openModals(opener) {
    document.querySelectorAll("dialog[data-modal-open]").forEach(function (dialog) {
      dialog.removeAttribute("data-modal-open");
      if (dialog.open) return;
      dialog.addEventListener("close", function () {
        liveBack();
        dialog.remove();
        markTitle();   // its error summary left with it (issue 17)
        if (opener && opener.isConnected) opener.focus();
      }, { once: true });
      dialog.showModal();
      var heading = dialog.querySelector("h2, h1");
      if (heading) heading.focus();
    });
  }

  var lastActive = null;
  document.addEventListener("htmx:before:request", function (evt) {
    lastActive = document.activeElement;
    var t = evt.detail && evt.detail.ctx && evt.detail.ctx.target;
    if (t && t.setAttribute) t.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:after:request", function (evt) {
    var t = evt.detail && evt.detail.ctx && evt.detail.ctx.target;
    if (t && t.removeAttribute) t.removeAttribute("aria-busy");
  });
  // The title says '오류: ' while an error summary is on the page, as the server writes it for full
  // pages (WCAG 2.4.2; GOV.UK's error pattern): a swap that brings or clears a summary keeps it in step.
  var ERROR_PREFIX = "오류: ";
  function markTitle() {
    var errors = !!document.querySelector(".error-summary");
    var title = document.title;
    if (errors && title.indexOf(ERROR_PREFIX) !== 0) document.title = ERROR_PREFIX + title;
    else if (!errors && title.indexOf(ERROR_PREFIX) === 0) document.title = title.slice(ERROR_PREFIX.length);
  }

  document.addEventListener("htmx:after:settle", function () {
    markTitle();
    // After '시간 연장' the member goes back to where they were typing.
    if (focusBeforeWarning && document.activeElement === document.body && focusBeforeWarning.isConnected) {
      focusBeforeWarning.focus();
      focusBeforeWarning = null;
    }
    keepExtendFocus(lastActive);
    openModals(lastActive);
    focusMarked(document);
    startCountdowns();
    startFlowTimer();
    startSessionTimer();
  });

  // '시간 연장' pressed before any warning: its box is swapped with the button in it, so focus would fall
  // to <body>; it stays on the (new) button instead (issue 17).
  function keepExtendFocus(before) {
    if (!before || before.isConnected || document.activeElement !== document.body) return;
    if (!before.classList || !before.classList.contains("timeout__extend")) return;
    var box = before.closest(".timeout");
    var fresh = box && box.id && document.querySelector("#" + box.id + " .timeout__extend");
    if (fresh) fresh.focus();
  }

  // Enter in a field marked data-enter-clicks presses its button (중복확인 on the ID field).
  document.addEventListener("keydown", function (evt) {
    var field = evt.target;
    if (evt.key !== "Enter" || !field.dataset || !field.dataset.enterClicks) return;
    var button = document.getElementById(field.dataset.enterClicks);
    if (button) { evt.preventDefault(); button.click(); }
  });

  // Each message once (issue 17): an answer that brings an alert (an error summary, an error panel) is
  // heard through it; an out-of-band update of a live region in the same answer that only repeats the
  // alert's message (often as '오류: …') would say it a second time, so it is left out.
  var LIVE = "[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]";
  function plain(node) { return (node.textContent || "").replace(/\s+/g, " ").trim(); }
  document.addEventListener("htmx:before:swap", function (evt) {
    var tasks = evt.detail.tasks || [], alerts = [];
    tasks.forEach(function (task) {
      if (task.type !== "oob" && task.fragment && task.fragment.querySelectorAll) {
        task.fragment.querySelectorAll('[role="alert"]').forEach(function (a) { alerts.push(plain(a)); });
      }
    });
    if (!alerts.length) return;
    for (var i = tasks.length - 1; i >= 0; i--) {
      var task = tasks[i];
      if (task.type !== "oob" || !task.target || !task.target.matches || !task.target.matches(LIVE)) continue;
      var text = plain(task.fragment).replace(/^오류:\s*/, "");
      if (text && alerts.some(function (a) { return a.indexOf(text) >= 0; })) tasks.splice(i, 1);
    }
  });

  // A field checked as the member types (아이디 중복확인, SPEC 2-4), marked data-speaks-settled with the id
  // of its button. Issues 16 and 17:
  // - the latest intent wins: the as-you-type request that fires after the button was pressed for the
  //   same value is an older intent (it would blank the button's answer), so it is not sent;
  // - each pause in typing brings an answer, shown beside the field (which it describes) but not spoken;
  //   the answer is spoken once, when the value has settled: the button asked, or the member left the field.
  var askedFor = new WeakMap(), unspoken = null;
  function settledField(source) {
    if (!source || !source.closest) return null;
    if (source.hasAttribute("data-speaks-settled")) return source;
    return source.id ? document.querySelector('[data-speaks-settled="' + source.id + '"]') : null;
  }
  document.addEventListener("htmx:config:request", function (evt) {
    var source = evt.detail.ctx.sourceElement, field = settledField(source);
    if (!field) return;
    if (source === field && askedFor.get(field) === field.value) { evt.preventDefault(); return; }
    askedFor.set(field, field.value);
    unspoken = null;
  });
  document.addEventListener("htmx:after:swap", function (evt) {
    var ctx = evt.detail.ctx, field = settledField(ctx.sourceElement);
    if (!field || !ctx.target) return;
    var text = ctx.target.textContent.replace(/\s+/g, " ").trim();
    unspoken = null;
    if (!text) return;
    if (ctx.sourceElement !== field || document.activeElement !== field) say(text);
    else unspoken = { field: field, text: text };
  });
  // Settled = focus leaves the field and its button (on the button, pressing it asks and is answered).
  document.addEventListener("focusout", function (evt) {
    if (!unspoken) return;
    var pair = [unspoken.field, document.getElementById(unspoken.field.dataset.speaksSettled)];
    if (pair.indexOf(evt.target) < 0 || pair.indexOf(evt.relatedTarget) >= 0) return;
    say(unspoken.text);
    unspoken = null;
  });

  // "전체" boxes: 필수항목 전체동의 answers every required item 동의함; 전체 ticks every channel.
  document.addEventListener("change", function (evt) {
    var box = evt.target;
    if (!box.dataset || !box.dataset.checkAll) return;
    var group = document.querySelector('[data-group="' + box.dataset.checkAll + '"]');
    if (!group) return;
    group.querySelectorAll('input[type="radio"][value="yes"]').forEach(function (r) { if (box.checked) r.checked = true; });
    group.querySelectorAll('input[type="checkbox"]').forEach(function (c) { if (c !== box) c.checked = box.checked; });
  });

  // 2-2: an item's 동의함 waits for its document's 전문보기 (manual 2-2, "동의서 전문보기를 누르셔야 각 항목을
  // 동의하실 수 있습니다"). Ticked before it, the box stays as it was and the note beside it says why,
  // spoken through the polite region (issue 16). The server refuses the same on 확인, for a page without JS.
  function needsViewRefused(box) {
    var seen = document.getElementById("viewed-" + box.dataset.needsView);
    var notes = document.querySelectorAll('[data-needs-view="' + box.dataset.needsView + '"]');
    var read = !!(seen && seen.hasAttribute("data-viewed"));
    notes.forEach(function (item) {
      var note = document.getElementById(item.name + "-needs-view");
      if (note && (read || item === box)) note.textContent = read ? "" : box.dataset.needsViewMessage;
    });
    if (!read) say(box.dataset.needsViewMessage);
    return !read;
  }
  document.addEventListener("click", function (evt) {
    var box = evt.target;
    // A click has already ticked the box; cancelling the click puts it back.
    if (box.dataset && box.dataset.needsView && box.checked && needsViewRefused(box)) evt.preventDefault();
  }, true);
  // Arrow keys select a radio without a click: the same rule on change, before the "전체" boxes hear it.
  document.addEventListener("change", function (evt) {
    var box = evt.target;
    if (!box.dataset || !box.dataset.needsView || !box.checked || !needsViewRefused(box)) return;
    box.checked = false;
    evt.stopImmediatePropagation();
  }, true);

  function mmss(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return (m ? m + "분 " : "") + s + "초";
  }

  // Code countdowns: the visible clock ticks silently; screen readers hear only the warnings that matter
  // (issue 17: every 30 s was 7 utterances in 3 minutes): 1 minute left, 10 seconds left, and the end.
  // Each mark is spoken once, when the time left first reaches it: a late or early tick (setInterval
  // drifts, background tabs are throttled) neither skips a mark nor says it twice.
  function startCountdowns() {
    document.querySelectorAll("[data-countdown]:not([data-started])").forEach(function (box) {
      box.setAttribute("data-started", "");
      var end = parseInt(box.dataset.countdown, 10) * 1000;
      var left = box.querySelector(".countdown__left"), voice = box.querySelector(".countdown__say");
      var first = Math.round((end - Date.now()) / 1000);
      var marks = [60, 10].filter(function (m) { return m < first; });
      var timer = setInterval(function () {
        if (!box.isConnected) { clearInterval(timer); return; }
        var s = Math.max(0, Math.round((end - Date.now()) / 1000));
        left.textContent = "(남은 시간 " + mmss(s) + ")";
        if (s === 0) {
          clearInterval(timer);
          voice.textContent = "인증번호 입력 시간이 지났습니다. 인증번호를 다시 요청해 주십시오.";
          return;
        }
        var mark = null;
        while (marks.length && s <= marks[0]) mark = marks.shift();
        if (mark !== null) voice.textContent = "인증번호 입력 시간이 " + mmss(s) + " 남았습니다.";
      }, 1000);
    });
  }

  // The sign-up flow's inactivity limit: warn 2 minutes before, with focus on '시간 연장'.
  var flowTimer = null, focusBeforeWarning = null;
  function startFlowTimer() {
    var box = document.getElementById("flow-timeout");
    if (!box) return;
    if (flowTimer) clearInterval(flowTimer);
    // The server says how many seconds are left, not when they end: a member's clock set a few minutes
    // wrong would otherwise warn too late or too early. The end is fixed on the box at its first sight.
    if (!box.dataset.end) box.dataset.end = String(Date.now() + parseInt(box.dataset.left, 10) * 1000);
    var end = parseInt(box.dataset.end, 10), warned = false;
    flowTimer = setInterval(function () {
      if (!box.isConnected) { clearInterval(flowTimer); return; }
      var s = Math.round((end - Date.now()) / 1000);
      if (s <= 120 && !warned) {
        warned = true;
        focusBeforeWarning = document.activeElement;
        // Written into the alert as it is shown: a screen reader is sure to hear new text in a live
        // region, not a region merely unhidden (the same as the end's words below).
        var warning = box.querySelector(".timeout__warning"), words = warning.querySelector(".timeout__warning-text");
        warning.hidden = false;
        words.textContent = words.dataset.text;
        var extend = box.querySelector(".timeout__extend");   // absent once the extensions are used up
        if (extend) extend.focus();
      }
      if (s <= 0) {   // said in words; the page and what was typed on it stay (issue 17)
        clearInterval(flowTimer);
        var hadFocus = box.contains(document.activeElement);
        box.querySelector(".timeout__warning").hidden = true;
        var form = box.querySelector(".timeout__form");
        if (form) form.hidden = true;
        var expired = box.querySelector(".timeout__expired"), text = expired.querySelector(".timeout__expired-text");
        expired.hidden = false;
        text.textContent = text.dataset.text;
        if (hadFocus) expired.querySelector("a").focus();
      }
    }, 1000);
  }

  // The login session's inactivity limit (마이페이지, issue 7): the same pattern as the flow timer.
  // Any request to the server renews the session, so every htmx answer restarts the clock; the
  // warning (role=alert) appears 2 minutes before with focus on '시간 연장'; at 0 the login page
  // says why the member was logged out. Without JS the box shows the time of expiry instead.
  var sessionTimer = null, sessionEnd = 0, focusBeforeSessionWarning = null;
  function startSessionTimer() {
    var box = document.getElementById("session-timeout");
    if (!box || box.hasAttribute("data-started")) return;
    box.setAttribute("data-started", "");
    if (sessionTimer) clearInterval(sessionTimer);
    var wasWarned = focusBeforeSessionWarning !== null;
    var idle = parseInt(box.dataset.idle, 10) || 600, warned = false;
    sessionEnd = Date.now() + idle * 1000;
    if (wasWarned && focusBeforeSessionWarning.isConnected) {   // extended: back to where the member was
      focusBeforeSessionWarning.focus();
    }
    focusBeforeSessionWarning = null;
    sessionTimer = setInterval(function () {
      if (!box.isConnected) { clearInterval(sessionTimer); return; }
      var s = Math.round((sessionEnd - Date.now()) / 1000);
      if (s <= 120 && !warned) {
        warned = true;
        focusBeforeSessionWarning = document.activeElement;
        var warning = box.querySelector(".timeout__warning");
        warning.querySelector(".timeout__left").textContent = mmss(Math.max(s, 0));
        warning.hidden = false;
        box.querySelector(".timeout__extend").focus();
      }
      if (s <= -2) {   // a moment after the server's limit, so the server has ended it too
        clearInterval(sessionTimer);
        window.location.assign("/login?expired=1&next=" + encodeURIComponent(window.location.pathname));
      }
    }, 1000);
  }
  document.addEventListener("htmx:after:request", function () {
    var box = document.getElementById("session-timeout");
    if (box && sessionEnd) sessionEnd = Date.now() + (parseInt(box.dataset.idle, 10) || 600) * 1000;
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusMarked(document);
    startCountdowns();
    startFlowTimer();
    startSessionTimer();
  });

  window.esop = { focusMarked: focusMarked, csrfToken: csrfToken, say: say };
})();
