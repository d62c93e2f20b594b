/*
 * "Translate" in place: tap → POST → show the translation (polling while a worker
 * translates) → "Show original" toggles back. Never a stuck spinner: after
 * data-tr-wait seconds (or on any error) the control says "Translation unavailable
 * — try again" and a tap tries again. The server sends translations as escaped HTML
 * (rich_text) and attribute values as plain text set with setAttribute.
 */
(function () {
  "use strict";
  if (window.QiaoTranslate) return;

  var POLL_FIRST_MS = 800;
  var POLL_MAX_MS = 4000;

  function csrf() {
    if (window.Qiao && window.Qiao.csrf) return window.Qiao.csrf();
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function send(method, url, target) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" }
    };
    if (method === "POST") {
      options.headers["X-CSRFToken"] = csrf();
      options.body = new URLSearchParams({ target: target });
    } else {
      url += (url.indexOf("?") === -1 ? "?" : "&") + "target=" + encodeURIComponent(target);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error((data && data.detail) || "HTTP " + response.status);
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  /** Every element of a unit on the page: a note's title, text and image descriptions. */
  function parts(control) {
    var keys = (control.getAttribute("data-tr-keys") || control.getAttribute("data-tr-key")).split(/\s+/);
    var found = [];
    keys.forEach(function (key) {
      if (!key) return;
      var nodes = document.querySelectorAll('[data-tr-key="' + key + '"]:not([data-tr-control])');
      Array.prototype.push.apply(found, nodes);
    });
    return found;
  }

  function label(control, name) {
    return control.getAttribute("data-label-" + name) || "";
  }

  function setState(control, state, message) {
    control.setAttribute("data-tr-state", state);
    control.setAttribute("aria-busy", state === "working" ? "true" : "false");
    var button = control.querySelector("[data-tr-toggle]");
    var text = control.querySelector("[data-tr-label]");
    var status = control.querySelector("[data-tr-status]");
    var note = control.querySelector("[data-tr-note]");
    if (button) {
      button.disabled = state === "working";
      button.setAttribute("aria-pressed", state === "translated" ? "true" : "false");
    }
    if (text) text.textContent = label(control, state === "translated" ? "original" : "translate");
    if (status) status.textContent = message || (state === "working" ? label(control, "working") : "");
    if (note) note.hidden = state !== "translated" || !note.textContent;
  }

  /** Show translations (true) or originals (false) for every part of a unit on the page. */
  function showTranslated(control, translated) {
    parts(control).forEach(function (part) {
      var attr = part.getAttribute("data-tr-attr");
      if (attr) {
        var value = translated ? part.getAttribute("data-tr-translated") : part.getAttribute("data-tr-original");
        if (value !== null) part.setAttribute(attr, value);
        return;
      }
      var original = part.querySelector(".tr-original");
      var translation = part.querySelector(".tr-translation");
      if (!original || !translation) return;
      var has = translation.hasAttribute("data-tr-loaded") || translation.innerHTML !== "";
      original.hidden = translated && has;
      translation.hidden = !(translated && has);
      part.setAttribute("data-tr-state", translated && has ? "translated" : "original");
    });
  }

  function apply(control, data) {
    (data.items || []).forEach(function (item) {
      if (item.status === "unavailable" || item.status === "empty") return;
      var selector = '[data-tr-key="' + item.key + '"][data-tr-field="' + item.field + '"]';
      Array.prototype.forEach.call(document.querySelectorAll(selector), function (part) {
        if (part.hasAttribute("data-tr-attr")) {
          part.setAttribute("data-tr-translated", item.text);
          return;
        }
        var translation = part.querySelector(".tr-translation");
        if (translation) {
          translation.innerHTML = item.html; // rendered and escaped by the server (rich_text)
          translation.setAttribute("data-tr-loaded", "");
        }
      });
    });
    var note = control.querySelector("[data-tr-note]");
    if (note && data.engine) {
      note.textContent = label(control, "by").replace("{engine}", data.engine).replace("{model}", data.model || "");
    }
    control.setAttribute("data-tr-loaded", "");
    showTranslated(control, true);
    setState(control, "translated");
  }

  function fail(control) {
    showTranslated(control, false);
    setState(control, "original", label(control, "unavailable"));
  }

  function handle(control, data, deadline, delay) {
    if (data.status === "done") return apply(control, data);
    if (data.status === "pending" && Date.now() < deadline) {
      window.setTimeout(function () {
        send("GET", control.getAttribute("data-tr-poll"), control.getAttribute("data-tr-target"))
          .then(function (next) { handle(control, next, deadline, Math.min(delay * 1.5, POLL_MAX_MS)); })
          .catch(function () { fail(control); });
      }, delay);
      return;
    }
    fail(control);
  }

  function translate(control) {
    var wait = parseInt(control.getAttribute("data-tr-wait"), 10) || 60;
    var deadline = Date.now() + wait * 1000;
    setState(control, "working");
    send("POST", control.getAttribute("data-tr-url"), control.getAttribute("data-tr-target"))
      .then(function (data) { handle(control, data, deadline, POLL_FIRST_MS); })
      .catch(function () { fail(control); });
  }

  function toggle(control) {
    var state = control.getAttribute("data-tr-state");
    if (state === "working") return;
    if (state === "translated") {
      showTranslated(control, false);
      setState(control, "original");
    } else if (control.hasAttribute("data-tr-loaded") || hasRenderedTranslation(control)) {
      showTranslated(control, true);
      setState(control, "translated");
    } else {
      translate(control);
    }
  }

  function hasRenderedTranslation(control) {
    return parts(control).some(function (part) {
      var translation = part.querySelector(".tr-translation");
      return translation && translation.innerHTML !== "";
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-tr-toggle]");
    if (!button) return;
    var control = button.closest("[data-tr-control]");
    if (control) {
      event.preventDefault();
      toggle(control);
    }
  });

  function start(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-tr-control][data-tr-auto]"), function (control) {
      control.removeAttribute("data-tr-auto");
      translate(control);
    });
  }

  window.QiaoTranslate = { start: start, toggle: toggle };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }
})();
