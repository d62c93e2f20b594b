/*
 * Infinite scroll for feeds of note cards.
 *
 * The page renders its first page and a "More" link (which works without
 * JavaScript). When that link scrolls into view, this fetches the next page as
 * an HTML fragment (?cursor=…&fragment=1) and appends its cards to the
 * .masonry grid; qiao.js places each new card in the shortest column.
 */
(function () {
  "use strict";
  if (window.__qiaoFeeds) return;
  window.__qiaoFeeds = true;
  if (!window.fetch || !window.DOMParser) return;

  function fragmentUrl(href) {
    var url = new URL(href, window.location.href);
    url.searchParams.set("fragment", "1");
    return url.toString();
  }

  function load(nav, observer) {
    var link = nav.querySelector("[data-feed-next]");
    var grid = document.querySelector("[data-feed]");
    if (!link || !grid || nav.dataset.loading) return;
    nav.dataset.loading = "1";
    nav.setAttribute("aria-busy", "true");
    fetch(fragmentUrl(link.href), { credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var page = doc.querySelector("[data-feed-page]");
        var cards = page ? Array.prototype.slice.call(page.children) : [];
        cards.forEach(function (card) {
          var node = document.importNode(card, true);
          // Straight into the grid: qiao.js moves it into the shortest column.
          grid.appendChild(node);
        });
        var nextNav = doc.querySelector("[data-feed-more]");
        observer.unobserve(nav);
        if (nextNav) {
          var fresh = document.importNode(nextNav, true);
          nav.replaceWith(fresh);
          watch(fresh, observer);
        } else {
          nav.remove();
        }
      })
      .catch(function () {
        // Leave the "More" link for a click (it loads the next page normally).
        delete nav.dataset.loading;
        nav.removeAttribute("aria-busy");
        observer.unobserve(nav);
      });
  }

  function watch(nav, observer) {
    if (nav.querySelector("[data-feed-next]")) observer.observe(nav);
  }

  function start() {
    var nav = document.querySelector("[data-feed-more]");
    if (!nav || !("IntersectionObserver" in window)) return;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) load(entry.target, observer);
      });
    }, { rootMargin: "800px 0px" });
    watch(nav, observer);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
