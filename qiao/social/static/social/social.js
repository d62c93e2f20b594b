/*
 * Likes (of notes and comments), collects, comments and follows without a page reload.
 *
 * Every control is a plain form (or link) that works without JavaScript; this
 * script sends the same forms with fetch (Qiao.post: X-CSRFToken, Accept JSON)
 * and updates the page from the JSON answer. Any failure to reach the server
 * falls back to the normal form submission. Loaded by several templates, so it
 * guards against running twice.
 */
(function () {
  "use strict";
  if (window.__qiaoSocial) return;
  window.__qiaoSocial = true;

  function qiao() { return window.Qiao; }

  function toast(text, level) {
    if (text && qiao()) qiao().toast(text, level || "success");
  }

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function pop(el) {
    el.classList.remove("is-popping");
    void el.offsetWidth; // restart the animation
    el.classList.add("is-popping");
  }

  function setPressed(el, on) {
    el.classList.toggle("is-active", on);
    el.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function setCount(root, selector, value) {
    if (typeof value !== "number") return;
    each(root, selector, function (el) { el.textContent = String(value); });
  }

  // --- answers to each kind of form -------------------------------------------------
  function noteBar(noteId) {
    return document.querySelector('[data-note-actions][data-note="' + noteId + '"]') || document;
  }

  function updateCollect(root, data) {
    each(root, "[data-collect-toggle]", function (star) {
      setPressed(star, !!data.collected);
      if (data.collected) pop(star);
      setCount(star, "[data-count]", data.collect_count);
    });
  }

  var handlers = {
    like: function (form, data) {
      var button = form.querySelector("button");
      setPressed(button, !!data.liked);
      if (data.liked) pop(button);
      setCount(form, "[data-count]", data.like_count);
      form.elements.action.value = data.liked ? "unlike" : "like";
    },

    // The heart on a comment: an empty count stays empty, as the page renders it.
    "comment-like": function (form, data) {
      var button = form.querySelector("button");
      setPressed(button, !!data.liked);
      if (data.liked) pop(button);
      if (typeof data.like_count === "number") {
        each(form, "[data-count]", function (el) { el.textContent = data.like_count ? String(data.like_count) : ""; });
      }
      form.elements.action.value = data.liked ? "unlike" : "like";
    },

    "collect-board": function (form, data) {
      var sheet = form.closest("dialog");
      if (sheet && sheet.open) sheet.close();
      updateCollect(document, data);
      refreshChooser();
      toast(data.message);
    },

    comment: function (form, data) {
      if (data.held) {
        // Waiting for a moderator: not shown on the page, not even to its author.
        form.reset();
        var held = form.closest("details");
        if (held) held.open = false;
        toast(data.message, "warning");
        return;
      }
      var holder = document.createElement("div");
      holder.innerHTML = data.html;
      var item = holder.firstElementChild;
      if (!item) return;
      if (data.parent_id) {
        var parent = document.getElementById("comment-" + data.parent_id);
        var replies = parent && parent.querySelector("[data-replies]");
        if (replies) replies.appendChild(item);
      } else {
        var list = document.querySelector("[data-comment-list]");
        if (list) list.insertBefore(item, list.firstChild);
      }
      each(document, "[data-comments-empty]", function (el) { el.remove(); });
      setCount(document, "[data-comment-count]", data.comment_count);
      form.reset();
      var box = form.closest("details");
      if (box) box.open = false;
      if (qiao()) qiao().enhance(item);
      item.classList.add("is-highlighted");
    },

    "delete-comment": function (form, data) {
      var item = form.closest("[data-comment]");
      if (item) item.remove();
      setCount(document, "[data-comment-count]", data.comment_count);
    },

    follow: function (form, data) {
      var button = form.querySelector("button");
      setPressed(button, !!data.following);
      button.classList.toggle("btn-primary", !data.following);
      button.textContent = data.following ? button.dataset.labelOn : button.dataset.labelOff;
      form.elements.action.value = data.following ? "unfollow" : "follow";
      setCount(document, "[data-follower-count]", data.follower_count);
    }
  };

  // After a board choice, reload the chooser (boards, "saved" marks, a new board).
  function refreshChooser() {
    var star = document.querySelector("[data-collect-toggle]");
    var chooser = document.querySelector("[data-collect-sheet] [data-collect-chooser]");
    if (!star || !chooser || !window.DOMParser) return;
    fetch(star.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var fresh = html && new DOMParser().parseFromString(html, "text/html").querySelector("[data-collect-chooser]");
        if (fresh) chooser.replaceWith(document.importNode(fresh, true));
      })
      .catch(function () { /* the old list stays; the next page load shows the truth */ });
  }

  // getAttribute: form.action would be the hidden input named "action", not the URL.
  function send(form) {
    var api = qiao();
    if (!api) return Promise.reject(new Error("no Qiao"));
    return api.post(form.getAttribute("action"), new FormData(form));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-social]") : null;
    if (!form || !qiao() || !window.fetch) return;
    var handler = handlers[form.dataset.social];
    if (!handler) return;
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    if (form.dataset.busy) return;
    form.dataset.busy = "1";
    send(form)
      .then(function (data) { handler(form, data || {}); })
      .catch(function (error) {
        if (!error.status || error.status === 401) {
          // Offline, or signed out: let the browser do it (it will ask to sign in).
          HTMLFormElement.prototype.submit.call(form);
          return;
        }
        toast(error.message, "error");
      })
      .then(function () { delete form.dataset.busy; });
  });

  // --- the star: quick collect into the default board, or remove from all boards ----------
  document.addEventListener("click", function (event) {
    var star = event.target.closest ? event.target.closest("[data-collect-toggle]") : null;
    if (!star || !qiao() || !window.fetch) return;
    if (!document.querySelector("[data-collect-sheet]")) return; // signed out: follow the link
    event.preventDefault();
    if (star.dataset.busy) return;
    star.dataset.busy = "1";
    var collected = star.getAttribute("aria-pressed") === "true";
    var body = new FormData();
    qiao().post(collected ? star.dataset.uncollectUrl : star.dataset.collectUrl, body)
      .then(function (data) {
        updateCollect(document, data);
        refreshChooser();
        if (data.collected) offerBoards(data.message);
        else toast(data.message, "info");
      })
      .catch(function (error) {
        if (!error.status) { window.location.href = star.href; return; }
        toast(error.message, "error");
      })
      .then(function () { delete star.dataset.busy; });
  });

  // After a quick collect, a toast offers to pick another board (opens the sheet).
  function offerBoards(message) {
    var sheet = document.querySelector("[data-collect-sheet]");
    var note = qiao() && qiao().toast(message || "", "success");
    if (!note || !sheet || typeof sheet.showModal !== "function") return;
    var change = document.createElement("button");
    change.type = "button";
    change.className = "btn btn-ghost btn-sm";
    change.textContent = sheet.dataset.changeLabel || "…";
    change.addEventListener("click", function () {
      sheet.showModal();
      var box = note.parentNode;
      note.remove();
      if (box && !box.children.length) box.remove();
    });
    var text = note.querySelector(".message-text") || note;
    text.appendChild(document.createTextNode(" "));
    text.appendChild(change);
  }

  // The comment box in the action bar jumps to (and focuses) the comment form.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-focus-comment]") : null;
    if (!link) return;
    var field = document.querySelector("#comment-form textarea");
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center", behavior: "smooth" });
    field.focus({ preventScroll: true });
  });

  // A reply box opening under a comment gets the focus.
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-reply-box]") || !box.open) return;
    var field = box.querySelector("textarea");
    if (field) field.focus();
  }, true);

  // "More comments" appends the next page in place.
  document.addEventListener("click", function (event) {
    var more = event.target.closest ? event.target.closest("[data-comments-more]") : null;
    if (!more || !window.fetch || !window.DOMParser) return;
    event.preventDefault();
    if (more.dataset.busy) return;
    more.dataset.busy = "1";
    var url = more.href + (more.href.indexOf("?") === -1 ? "?" : "&") + "fragment=1";
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var list = document.querySelector("[data-comment-list]");
        var page = doc.querySelector("[data-comment-page]");
        if (list && page) {
          while (page.firstElementChild) {
            var item = document.importNode(page.firstElementChild, true);
            page.firstElementChild.remove();
            list.appendChild(item);
            if (qiao()) qiao().enhance(item);
          }
        }
        var wrap = more.closest("[data-comments-more-wrap]");
        var next = doc.querySelector("[data-comments-more-wrap]");
        if (wrap) {
          if (next) wrap.replaceWith(document.importNode(next, true));
          else wrap.remove();
        }
      })
      .catch(function () { window.location.href = more.href; });
  });
})();
