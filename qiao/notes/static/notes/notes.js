/*
 * Compose/edit form niceties: previews of chosen photos with a description field and a
 * remove button, photos added over several picks, reordering of an edited note's photos,
 * and a live "n/9" count. The form works without any of this.
 */
(function () {
  "use strict";

  var ACCEPTED = ["image/jpeg", "image/png", "image/webp"];
  var canEditFiles = typeof DataTransfer === "function" && (function () {
    try { return !!new DataTransfer().items; } catch (e) { return false; }
  })();

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, name) { return name in values ? values[name] : m; });
  }

  function setup(form) {
    var input = form.querySelector("input[type=file][data-note-images]");
    var grid = form.querySelector("[data-previews]");
    var list = form.querySelector("[data-photo-list]");
    var max = parseInt(form.dataset.maxImages || "9", 10);
    var files = [];
    var alts = [];
    var urls = [];

    var count = form.querySelector("[data-photo-count]") || document.createElement("span");

    function keptCount() {
      return list ? list.querySelectorAll("input[name=keep]:checked").length : 0;
    }

    function updateCount() {
      var total = keptCount() + files.length;
      count.textContent = total + "/" + max;
      var bad = total < 1 || total > max;
      count.classList.toggle("is-over", bad);
    }

    function syncInput() {
      if (!canEditFiles || !input) return;
      var transfer = new DataTransfer();
      files.forEach(function (file) { transfer.items.add(file); });
      input.files = transfer.files;
    }

    function render() {
      urls.forEach(URL.revokeObjectURL);
      urls = [];
      grid.textContent = "";
      files.forEach(function (file, i) {
        var figure = document.createElement("figure");
        var img = document.createElement("img");
        var url = URL.createObjectURL(file);
        urls.push(url);
        img.src = url;
        img.alt = "";
        var number = document.createElement("figcaption");
        number.textContent = String(keptCount() + i + 1);
        var alt = document.createElement("input");
        alt.type = "text";
        alt.name = "alt_texts";
        alt.maxLength = 300;
        alt.placeholder = form.dataset.msgAltShort || "";
        alt.setAttribute("aria-label", form.dataset.msgAlt || "");
        alt.value = alts[i] || "";
        alt.addEventListener("input", function () { alts[i] = alt.value; });
        figure.appendChild(img);
        figure.appendChild(number);
        figure.appendChild(alt);
        if (canEditFiles) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "note-preview-remove";
          remove.textContent = "×";
          remove.setAttribute("aria-label", form.dataset.msgRemove || "Remove");
          remove.addEventListener("click", function () {
            files.splice(i, 1);
            alts.splice(i, 1);
            syncInput();
            render();
          });
          figure.appendChild(remove);
        }
        grid.appendChild(figure);
      });
      updateCount();
    }

    function showError(text) {
      var error = document.createElement("p");
      error.className = "preview-error";
      error.textContent = text;
      grid.appendChild(error);
    }

    if (input && grid) {
      input.addEventListener("change", function () {
        var chosen = Array.prototype.slice.call(input.files || []);
        var rejected = [];
        // With DataTransfer, a new pick adds to the photos chosen before; else it replaces them.
        if (!canEditFiles) { files = []; alts = []; }
        chosen.forEach(function (file) {
          if (ACCEPTED.indexOf(file.type) === -1) { rejected.push(file.name); return; }
          files.push(file);
        });
        syncInput();
        render();
        rejected.forEach(function (name) { showError(fill(form.dataset.msgType || "{name}", { name: name })); });
      });
    }

    // The first photo cannot move earlier, nor the last one later.
    function updateMoves() {
      var items = list.querySelectorAll("[data-photo]");
      Array.prototype.forEach.call(items, function (item, i) {
        var earlier = item.querySelector("[data-move='-1']");
        var later = item.querySelector("[data-move='1']");
        if (earlier) earlier.disabled = i === 0;
        if (later) later.disabled = i === items.length - 1;
      });
    }

    if (list) {
      Array.prototype.forEach.call(list.querySelectorAll("[data-photo]"), function (item) {
        var box = item.querySelector("input[name=keep]");
        box.addEventListener("change", function () {
          item.classList.toggle("is-removed", !box.checked);
          render();
        });
        var buttons = item.querySelector("[data-move-buttons]");
        if (!buttons) return;
        buttons.hidden = false;
        Array.prototype.forEach.call(buttons.querySelectorAll("[data-move]"), function (button) {
          button.addEventListener("click", function () {
            // The kept photos are posted in page order, so moving the item reorders the note.
            if (button.dataset.move === "-1" && item.previousElementSibling) {
              list.insertBefore(item, item.previousElementSibling);
            } else if (button.dataset.move === "1" && item.nextElementSibling) {
              list.insertBefore(item.nextElementSibling, item);
            }
            updateMoves();
            if (!button.disabled) button.focus();
          });
        });
      });
      updateMoves();
    }
    updateCount();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-note-form]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
