/*
 * Qiao progressive enhancement, shared by every page. No dependencies, no build step.
 * Every page works without it; this only makes things nicer. Page-specific scripts live
 * in each app's static directory and use the helpers on window.Qiao (see docs/ui.md).
 */
(function () {
  "use strict";

  // --- Strings: base.html renders the translated ones into #qiao-i18n -----------------
  var strings = {};
  try {
    var node = document.getElementById("qiao-i18n");
    if (node) strings = JSON.parse(node.textContent);
  } catch (e) { /* keep the English fallbacks below */ }

  function t(key, fallback, values) {
    var text = strings[key] || fallback || key;
    if (values) {
      text = text.replace(/\{(\w+)\}/g, function (m, name) {
        return name in values ? String(values[name]) : m;
      });
    }
    return text;
  }

  // --- CSRF and JSON requests ---------------------------------------------------
  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i++) {
      var pair = parts[i].trim();
      if (pair.slice(0, name.length + 1) === name + "=") {
        return decodeURIComponent(pair.slice(name.length + 1));
      }
    }
    return "";
  }

  /** The CSRF token: the csrftoken cookie, else a token rendered in a form on the page. */
  function csrf() {
    var token = readCookie("csrftoken");
    if (token) return token;
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /**
   * Send a request and resolve with the parsed JSON answer.
   * `data` may be FormData / URLSearchParams (sent as a form, for web views) or a plain
   * object (sent as JSON, for /api/v1/). A non-2xx answer rejects with an Error whose
   * `status` is the HTTP status and whose message is the server's "detail" when present.
   */
  function request(method, url, data) {
    var headers = { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" };
    var body;
    if (method !== "GET" && method !== "HEAD") headers["X-CSRFToken"] = csrf();
    if (data instanceof FormData || data instanceof URLSearchParams) {
      body = data;
    } else if (data !== undefined && data !== null) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(data);
    }
    return fetch(url, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        var parse = type.indexOf("application/json") !== -1
          ? response.json().catch(function () { return {}; })
          : Promise.resolve({});
        return parse.then(function (json) {
          if (response.ok) return json;
          var message = (json && typeof json.detail === "string" && json.detail) ||
            t("error", "Something went wrong. Please try again.");
          var error = new Error(message);
          error.status = response.status;
          error.data = json;
          throw error;
        });
      });
  }

  function post(url, data) { return request("POST", url, data === undefined ? {} : data); }
  function getJSON(url) { return request("GET", url); }

  // --- Flash messages ------------------------------------------------------------
  function dismiss(message) {
    if (!message || message.classList.contains("is-leaving")) return;
    message.classList.add("is-leaving");
    setTimeout(function () {
      var box = message.parentNode;
      message.remove();
      if (box && !box.children.length) box.remove();
    }, 320);
  }

  function enhanceMessage(message) {
    if (message.dataset.enhanced) return;
    message.dataset.enhanced = "1";
    if (!message.querySelector(".message-text")) {
      var text = document.createElement("span");
      text.className = "message-text";
      while (message.firstChild) text.appendChild(message.firstChild);
      message.appendChild(text);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "message-close";
    close.setAttribute("aria-label", t("close", "Close"));
    close.textContent = "×";
    close.addEventListener("click", function () { dismiss(message); });
    message.appendChild(close);
    // Errors and warnings stay until closed; the rest fade after a few seconds.
    if (!/message-(error|warning)/.test(message.className)) {
      setTimeout(function () { dismiss(message); }, 4500);
    }
  }

  /** Show a flash message from script, e.g. after a fetch: Qiao.toast("Saved", "success"). */
  function toast(text, level) {
    var box = document.querySelector(".messages");
    if (!box) {
      box = document.createElement("div");
      box.className = "messages";
      box.setAttribute("aria-live", "polite");
      document.body.appendChild(box);
    }
    var message = document.createElement("div");
    message.className = "message message-" + (level || "info");
    message.setAttribute("role", level === "error" ? "alert" : "status");
    message.textContent = text;
    box.appendChild(message);
    enhanceMessage(message);
    return message;
  }

  // --- Character counters ----------------------------------------------------------
  // <textarea maxlength=…> and any field with data-counter get "12/100" below them.
  // data-counter="#id" names an existing element to write into. Counts characters the
  // way the server does (code points, not UTF-16 units).
  function charCount(value) { return Array.from(value).length; }

  function enhanceCounter(field) {
    if (field.dataset.counterReady) return;
    var max = parseInt(field.getAttribute("maxlength") || field.dataset.max || "", 10);
    if (!max) return;
    field.dataset.counterReady = "1";
    var target = field.dataset.counter && field.dataset.counter.charAt(0) === "#"
      ? document.querySelector(field.dataset.counter) : null;
    if (!target) {
      target = document.createElement("span");
      target.className = "counter";
      target.setAttribute("aria-hidden", "true");
      field.insertAdjacentElement("afterend", target);
    }
    function update() {
      var n = charCount(field.value);
      target.textContent = n + "/" + max;
      target.classList.toggle("is-near", n >= max * 0.9 && n <= max);
      target.classList.toggle("is-over", n > max);
    }
    field.addEventListener("input", update);
    update();
  }

  // --- Image previews ------------------------------------------------------------------
  // <input type=file data-preview> shows thumbnails of the chosen images; data-preview="#id"
  // names the container, otherwise a .preview-grid is added after the input.
  function enhancePreview(input) {
    if (input.dataset.previewReady) return;
    input.dataset.previewReady = "1";
    var selector = input.dataset.preview;
    var grid = selector && selector.charAt(0) === "#" ? document.querySelector(selector) : null;
    if (!grid) {
      grid = document.createElement("div");
      grid.className = "preview-grid";
      input.insertAdjacentElement("afterend", grid);
    }
    var urls = [];
    input.addEventListener("change", function () {
      urls.forEach(URL.revokeObjectURL);
      urls = [];
      grid.textContent = "";
      var max = parseInt(input.dataset.maxFiles || "0", 10);
      Array.prototype.forEach.call(input.files || [], function (file, i) {
        if (!/^image\//.test(file.type)) {
          var error = document.createElement("p");
          error.className = "preview-error";
          error.textContent = t("not_image", "{name} is not an image.", { name: file.name });
          grid.appendChild(error);
          return;
        }
        var url = URL.createObjectURL(file);
        urls.push(url);
        var figure = document.createElement("figure");
        var img = document.createElement("img");
        img.src = url;
        img.alt = "";
        var caption = document.createElement("figcaption");
        caption.textContent = String(i + 1);
        figure.appendChild(img);
        figure.appendChild(caption);
        grid.appendChild(figure);
      });
      if (max && input.files && input.files.length > max) {
        var tooMany = document.createElement("p");
        tooMany.className = "preview-error";
        tooMany.textContent = t("too_many_images", "Choose at most {max} images.", { max: max });
        grid.appendChild(tooMany);
      }
    });
  }

  // --- Masonry --------------------------------------------------------------------------
  // Moves the cards of a .masonry into --cols .masonry-col columns, each card into the
  // shortest column, so the reading order runs left to right. Cards appended later (e.g.
  // by "load more") are placed the same way. data-masonry="off" keeps plain CSS columns.
  function columnCount(grid) {
    return parseInt(getComputedStyle(grid).getPropertyValue("--cols"), 10) || 2;
  }

  function shortest(cols) {
    var best = cols[0];
    for (var i = 1; i < cols.length; i++) {
      if (cols[i].offsetHeight < best.offsetHeight - 1) best = cols[i];
    }
    return best;
  }

  function place(grid, card) {
    var col = shortest(grid._qiaoCols);
    col.appendChild(card);
  }

  function layoutMasonry(grid, force) {
    if (grid.dataset.masonry === "off") return;
    var count = columnCount(grid);
    if (!force && grid._qiaoCols && grid._qiaoCols.length === count) return;
    var items = (grid._qiaoItems || []).filter(function (item) { return grid.contains(item); });
    Array.prototype.forEach.call(grid.children, function (child) {
      if (!child.classList.contains("masonry-col") && items.indexOf(child) === -1) items.push(child);
    });
    grid._qiaoItems = items;
    grid._qiaoLayingOut = true;
    var cols = [];
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < count; i++) {
      var col = document.createElement("div");
      col.className = "masonry-col";
      cols.push(col);
      fragment.appendChild(col);
    }
    grid.textContent = "";
    grid.appendChild(fragment);
    grid._qiaoCols = cols;
    grid.classList.add("is-laid-out");
    items.forEach(function (item) { place(grid, item); });
    grid._qiaoLayingOut = false;
  }

  function enhanceMasonry(grid) {
    if (grid._qiaoObserver || grid.dataset.masonry === "off") return;
    layoutMasonry(grid, true);
    grid._qiaoObserver = new MutationObserver(function (mutations) {
      if (grid._qiaoLayingOut) return;
      mutations.forEach(function (mutation) {
        Array.prototype.forEach.call(mutation.addedNodes, function (node) {
          if (node.nodeType !== 1 || node.classList.contains("masonry-col")) return;
          if (node.parentNode !== grid) return;
          grid._qiaoItems.push(node);
          place(grid, node);
        });
      });
    });
    grid._qiaoObserver.observe(grid, { childList: true });
  }

  // --- Carousel -------------------------------------------------------------------------
  // A .carousel scrolls with scroll-snap on its own; this adds dots (into a following
  // .carousel-dots, created if missing), previous/next buttons, arrow keys and an aspect
  // ratio taken from the first image (clamped between 3:4 and 4:3).
  var CHEVRON = {
    "-1": '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M15 5l-7 7 7 7"/></svg>',
    "1": '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M9 5l7 7-7 7"/></svg>'
  };

  function setRatio(carousel) {
    if (carousel.style.getPropertyValue("--carousel-ratio")) return;
    var img = carousel.querySelector("img");
    if (!img) return;
    function apply() {
      var w = parseInt(img.getAttribute("width"), 10) || img.naturalWidth;
      var h = parseInt(img.getAttribute("height"), 10) || img.naturalHeight;
      if (!w || !h) return;
      var ratio = Math.min(Math.max(w / h, 0.75), 4 / 3);
      carousel.style.setProperty("--carousel-ratio", String(ratio));
    }
    if (img.getAttribute("width") || img.complete) apply();
    else img.addEventListener("load", apply, { once: true });
  }

  function enhanceCarousel(carousel) {
    if (carousel.dataset.carouselReady) return;
    carousel.dataset.carouselReady = "1";
    setRatio(carousel);
    var slides = Array.prototype.filter.call(carousel.children, function (c) { return c.nodeType === 1; });
    var total = slides.length;
    if (total < 2) return;
    var host = carousel.parentElement;
    var dots = host.querySelector(".carousel-dots");
    if (!dots) {
      dots = document.createElement("div");
      dots.className = "carousel-dots";
      carousel.insertAdjacentElement("afterend", dots);
    }
    if (!dots.children.length) {
      slides.forEach(function (slide, i) {
        var dot = document.createElement("button");
        dot.type = "button";
        dot.setAttribute("aria-label", t("image_n", "Image {n} of {total}", { n: i + 1, total: total }));
        dots.appendChild(dot);
      });
    }
    var dotList = Array.prototype.slice.call(dots.children);
    function go(index) {
      index = Math.max(0, Math.min(total - 1, index));
      carousel.scrollTo({ left: index * carousel.clientWidth });
    }
    dotList.forEach(function (dot, i) {
      dot.addEventListener("click", function (event) { event.preventDefault(); go(i); });
    });

    host.classList.add("carousel-host");
    var navs = ["-1", "1"].map(function (dir) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "carousel-nav";
      button.dataset.dir = dir;
      button.setAttribute("aria-label", dir === "1" ? t("next", "Next image") : t("previous", "Previous image"));
      button.innerHTML = CHEVRON[dir];
      button.addEventListener("click", function () { go(current + parseInt(dir, 10)); });
      host.appendChild(button);
      return button;
    });

    var current = -1;
    function sync() {
      var index = Math.round(carousel.scrollLeft / Math.max(1, carousel.clientWidth));
      if (index === current) return;
      current = index;
      dotList.forEach(function (dot, i) {
        dot.classList.toggle("is-active", i === index);
        if (i === index) dot.setAttribute("aria-current", "true");
        else dot.removeAttribute("aria-current");
      });
      navs[0].disabled = index <= 0;
      navs[1].disabled = index >= total - 1;
    }
    var pending = false;
    carousel.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; sync(); });
    }, { passive: true });
    if (!carousel.hasAttribute("tabindex")) carousel.tabIndex = 0;
    carousel.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { event.preventDefault(); go(current + 1); }
      if (event.key === "ArrowLeft") { event.preventDefault(); go(current - 1); }
    });
    sync();
  }

  // --- Small form niceties ------------------------------------------------------------------
  // form[data-confirm="Delete this note?"] asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Stop double posts: disable submit buttons once a normal (non-scripted) submit goes out.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.hasAttribute("data-no-disable")) return;
    setTimeout(function () {
      if (event.defaultPrevented) return;
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"), function (b) {
        b.disabled = true;
      });
      // Re-enable if the user comes back with the back button (page restored from bfcache).
      window.addEventListener("pageshow", function () {
        Array.prototype.forEach.call(form.querySelectorAll("[disabled]"), function (b) { b.disabled = false; });
      }, { once: true });
    }, 0);
  });

  // textarea[data-autogrow] grows with its text.
  function autogrow(area) {
    if (area.dataset.autogrowReady) return;
    area.dataset.autogrowReady = "1";
    function fit() {
      area.style.height = "auto";
      area.style.height = area.scrollHeight + 2 + "px";
    }
    area.addEventListener("input", fit);
    fit();
  }

  // Close open <details class="menu"> when clicking elsewhere or pressing Escape.
  document.addEventListener("click", function (event) {
    Array.prototype.forEach.call(document.querySelectorAll("details.menu[open]"), function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    Array.prototype.forEach.call(document.querySelectorAll("details.menu[open]"), function (menu) {
      menu.removeAttribute("open");
    });
  });

  // --- Wiring --------------------------------------------------------------------------------
  /** Enhance everything under `root` (call it again after inserting HTML). */
  function enhance(root) {
    root = root || document;
    function each(selector, fn) { Array.prototype.forEach.call(root.querySelectorAll(selector), fn); }
    each(".messages .message", enhanceMessage);
    each("textarea[maxlength], [data-counter]", enhanceCounter);
    each("input[type=file][data-preview]", enhancePreview);
    each(".masonry", enhanceMasonry);
    each(".carousel", enhanceCarousel);
    each("textarea[data-autogrow]", autogrow);
  }

  var resizeQueued = false;
  window.addEventListener("resize", function () {
    if (resizeQueued) return;
    resizeQueued = true;
    requestAnimationFrame(function () {
      resizeQueued = false;
      Array.prototype.forEach.call(document.querySelectorAll(".masonry"), function (grid) {
        if (grid._qiaoObserver) layoutMasonry(grid, false);
      });
    });
  });

  window.Qiao = {
    csrf: csrf,
    post: post,
    getJSON: getJSON,
    request: request,
    toast: toast,
    t: t,
    enhance: enhance,
    layoutMasonry: function (grid) { layoutMasonry(grid, true); }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
