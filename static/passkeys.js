/* 패스키 (WebAuthn, issue 16): the login button and the registration button of 마이페이지 > 보안 > 패스키.
   Each [data-passkey] section names its two URLs: options (POST) and finish (POST with the credential).
   The CSRF token goes in the X-CSRFToken header, as htmx sends it (static/app.js). No inline script (CSP). */
(function () {
  "use strict";

  var CANCELLED = "패스키 확인이 취소되었거나 시간이 지났습니다. 다시 시도하시거나 다른 방법을 이용해 주십시오.";
  var FAILED = "요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주십시오.";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.message || FAILED); }
        return data;
      });
    });
  }

  function supported() {
    return !!(window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON &&
              PublicKeyCredential.parseCreationOptionsFromJSON && navigator.credentials);
  }

  function showError(section, message) {
    var box = section.querySelector("[data-passkey-error]");
    box.textContent = message;
    box.hidden = false;
    box.focus();   // read at once by screen readers; the page's one live region says it too
    if (window.esop && window.esop.say) { window.esop.say(message); }
  }

  function ceremony(section) {
    var registering = section.getAttribute("data-passkey") === "register";
    return post(section.getAttribute("data-options-url")).then(function (options) {
      if (registering) {
        return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
      }
      return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    }).then(function (credential) {
      return post(section.getAttribute("data-finish-url"), { credential: credential.toJSON() });
    });
  }

  function wire(section) {
    var button = section.querySelector("[data-passkey-start]");
    var noScriptNote = section.querySelector("[data-passkey-nojs]");   // shown only where no script runs
    if (noScriptNote) { noScriptNote.hidden = true; }
    if (!button) { return; }
    if (!supported()) {
      section.querySelector("[data-passkey-unsupported]").hidden = false;
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      ceremony(section).then(function (done) {
        window.location.assign(done.redirect);
      }).catch(function (error) {
        var browserRefused = error && (error.name === "NotAllowedError" || error.name === "AbortError");
        showError(section, browserRefused ? CANCELLED : (error && error.message) || FAILED);
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  }

  function start() { Array.prototype.forEach.call(document.querySelectorAll("[data-passkey]"), wire); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
