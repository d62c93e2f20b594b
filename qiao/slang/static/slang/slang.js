/* Slang explainer: a tap (or hover) on a marked term shows its explanation; a tap on a
   Chinese word (with pinyin on) shows its dictionary entry. Without JavaScript the
   term is a link to its glossary page. Text is always inserted with textContent. */
(function () {
  "use strict";

  var cfgNode = document.getElementById("slang-i18n");
  if (!cfgNode) return;
  var cfg = JSON.parse(cfgNode.textContent);
  var cache = {};
  var popover = null;
  var trigger = null;
  var hoverTimer = null;
  var canHover = window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches;

  function getJSON(url) {
    if (window.Qiao && window.Qiao.getJSON) return window.Qiao.getJSON(url);
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function ensurePopover() {
    if (popover) return popover;
    popover = el("div", "slang-popover");
    popover.id = "slang-popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("tabindex", "-1");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () { clearTimeout(hoverTimer); });
    popover.addEventListener("mouseleave", function () { if (popover.dataset.hover) scheduleClose(); });
    document.body.appendChild(popover);
    return popover;
  }

  function place(target) {
    var rect = target.getBoundingClientRect();
    var width = popover.offsetWidth;
    var left = Math.min(Math.max(8, rect.left + window.scrollX), window.scrollX + document.documentElement.clientWidth - width - 8);
    popover.style.left = left + "px";
    var below = rect.bottom + window.scrollY + 6;
    var height = popover.offsetHeight;
    var room = window.innerHeight - rect.bottom;
    popover.style.top = (room < height + 12 && rect.top > height + 12 ? rect.top + window.scrollY - height - 6 : below) + "px";
  }

  function fill(children, label) {
    var box = ensurePopover();
    box.textContent = "";
    var close = el("button", "slang-popover-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", cfg.close);
    close.addEventListener("click", function () { closePopover(true); });
    box.appendChild(close);
    children.forEach(function (child) { box.appendChild(child); });
    box.setAttribute("aria-label", label);
  }

  function termContent(term) {
    var head = el("div", "slang-popover-head");
    var name = el("span", "slang-popover-term", term.term);
    name.lang = term.lang === "zh" ? "zh-Hans" : "en";
    head.appendChild(name);
    if (term.pinyin) head.appendChild(el("span", "slang-popover-pinyin", term.pinyin));
    var reg = el("span", "tag slang-register slang-register-" + term.register, (cfg.registers || {})[term.register] || term.register);
    head.appendChild(reg);
    var parts = [head, el("p", "slang-popover-meaning", term.meaning)];
    if (term.literal) parts.push(el("p", "slang-popover-literal", cfg.literal + ": " + term.literal));
    var more = el("a", "slang-popover-more", cfg.more);
    more.href = term.url;
    parts.push(more);
    return parts;
  }

  function open(target, hover) {
    var id = target.getAttribute("data-term-id");
    if (!id || !cfg.api) return;
    if (trigger && trigger !== target) closePopover(false);
    trigger = target;
    target.setAttribute("aria-expanded", "true");
    ensurePopover().dataset.hover = hover ? "1" : "";
    var url = cfg.api.replace("{id}", encodeURIComponent(id)) + "?reader_lang=" + encodeURIComponent(cfg.reader);
    var pending = cache[url] || (cache[url] = getJSON(url));
    pending.then(function (term) {
      if (trigger !== target) return;
      fill(termContent(term), term.term);
      show(target, hover);
    }).catch(function () {
      delete cache[url];
      if (trigger !== target) return;
      fill([el("p", "", cfg.error)], cfg.error);
      show(target, hover);
    });
  }

  function show(target, hover) {
    popover.hidden = false;
    place(target);
    target.setAttribute("aria-controls", popover.id);
    if (!hover) popover.focus({ preventScroll: true });
  }

  function closePopover(returnFocus) {
    clearTimeout(hoverTimer);
    if (popover) popover.hidden = true;
    if (trigger) {
      trigger.setAttribute("aria-expanded", "false");
      if (returnFocus) trigger.focus({ preventScroll: true });
    }
    trigger = null;
  }

  function scheduleClose() {
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(function () { closePopover(false); }, 250);
  }

  function lookup(word) {
    var text = word.getAttribute("data-word");
    if (!text || !cfg.lookup) return;
    if (trigger && trigger !== word) closePopover(false);
    trigger = word;
    word.setAttribute("aria-expanded", "true");
    var url = cfg.lookup + "?word=" + encodeURIComponent(text);
    var pending = cache[url] || (cache[url] = getJSON(url));
    pending.then(function (data) {
      if (trigger !== word) return;
      var head = el("div", "slang-popover-head");
      var name = el("span", "slang-popover-term", data.word);
      name.lang = "zh";
      head.appendChild(name);
      head.appendChild(el("span", "slang-popover-pinyin", (data.pinyin || []).join(" ")));
      var parts = [head];
      if (!data.entries.length) parts.push(el("p", "", cfg.no_gloss));
      data.entries.slice(0, 3).forEach(function (entry) {
        parts.push(el("p", "slang-popover-literal", entry.pinyin));
        var list = el("ul", "slang-popover-defs");
        entry.definitions.slice(0, 4).forEach(function (d) { list.appendChild(el("li", "", d)); });
        parts.push(list);
      });
      fill(parts, data.word);
      show(word, false);
    }).catch(function () {
      delete cache[url];
      if (trigger !== word) return;
      fill([el("p", "", cfg.error)], cfg.error);
      show(word, false);
    });
  }

  function enhance(root) {
    root.querySelectorAll("a.slang-term:not([data-slang-ready])").forEach(function (a) {
      a.setAttribute("data-slang-ready", "");
      a.setAttribute("role", "button");
      a.setAttribute("aria-haspopup", "dialog");
      a.setAttribute("aria-expanded", "false");
    });
    root.querySelectorAll(".py-word:not([data-slang-ready])").forEach(function (w) {
      w.setAttribute("data-slang-ready", "");
      w.setAttribute("role", "button");
      w.setAttribute("tabindex", "0");
      w.setAttribute("aria-haspopup", "dialog");
      w.setAttribute("aria-expanded", "false");
    });
  }

  document.addEventListener("click", function (event) {
    var term = event.target.closest && event.target.closest("a.slang-term");
    if (term) {
      event.preventDefault();
      if (trigger === term && popover && !popover.hidden && !popover.dataset.hover) closePopover(true);
      else open(term, false);
      return;
    }
    var word = event.target.closest && event.target.closest(".py-word");
    if (word) {
      event.preventDefault();
      if (trigger === word && popover && !popover.hidden) closePopover(true);
      else lookup(word);
      return;
    }
    if (popover && !popover.hidden && !popover.contains(event.target)) closePopover(false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popover && !popover.hidden) {
      closePopover(true);
      return;
    }
    var target = event.target;
    if ((event.key === " " || event.key === "Enter") && target.matches && target.matches(".py-word, a.slang-term")) {
      event.preventDefault();
      target.click();
    }
  });

  if (canHover) {
    document.addEventListener("mouseover", function (event) {
      var term = event.target.closest && event.target.closest("a.slang-term");
      if (!term) return;
      clearTimeout(hoverTimer);
      if (trigger === term) return;
      hoverTimer = setTimeout(function () { open(term, true); }, 300);
    });
    document.addEventListener("mouseout", function (event) {
      var term = event.target.closest && event.target.closest("a.slang-term");
      if (term && popover && popover.dataset.hover) scheduleClose();
      else if (term) clearTimeout(hoverTimer);
    });
  }

  window.addEventListener("resize", function () { if (trigger && popover && !popover.hidden) place(trigger); });

  enhance(document);
  new MutationObserver(function (records) {
    records.forEach(function (r) { r.addedNodes.forEach(function (n) { if (n.nodeType === 1) enhance(n); }); });
  }).observe(document.body, { childList: true, subtree: true });
  window.QiaoSlang = { enhance: enhance, close: closePopover };
})();
