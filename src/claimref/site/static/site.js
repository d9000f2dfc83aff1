/* claimref site: filtering the claims of the index page. No network, no libraries; without
   JavaScript the filter form stays hidden and every claim is listed. The text search matches as
   `claimref claims --search` does: case and accents ignored, Cyrillic also by its Latin spelling,
   a person on record by any form of their name (the folded text of each claim is in the page). */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("claims");
  var source = document.getElementById("search-data");
  if (!form || !table || !source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var shown = document.getElementById("shown");
  var facets = ["lang", "tag", "person", "place"];
  var marks = /[\u0300-\u036f\u0483-\u0487\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

  function fold(text) {
    return text.normalize("NFKD").replace(marks, "").toLowerCase()
      .replace(/\u00df/g, "ss").replace(/\u03c2/g, "\u03c3");
  }

  function translit(text) {
    var out = "";
    for (var i = 0; i < text.length; i += 1) {
      var ch = text.charAt(i);
      out += Object.prototype.hasOwnProperty.call(data.letters, ch) ? data.letters[ch] : ch;
    }
    return out;
  }

  function searchTerms(text) {
    var terms = [text, translit(text)];
    var key = fold(translit(text));
    data.people.forEach(function (person) {
      if (person.keys.some(function (k) { return k.indexOf(key) >= 0; })) {
        terms = terms.concat(person.terms);
      }
    });
    return terms.filter(function (t) { return t.trim() !== ""; }).map(fold);
  }

  function has(row, name, value) {
    var tokens = (row.getAttribute("data-" + name) || "").split(" ");
    return tokens.indexOf(value) >= 0;
  }

  function apply() {
    var status = form.elements.status.value;
    var text = form.elements.q.value;
    var terms = text.trim() === "" ? [] : searchTerms(text);
    var count = 0;
    rows.forEach(function (row) {
      var ok = !status || row.getAttribute("data-status") === status;
      facets.forEach(function (name) {
        var value = form.elements[name].value;
        ok = ok && (!value || has(row, name, value));
      });
      if (ok && terms.length) {
        var hay = row.getAttribute("data-search");
        ok = terms.some(function (t) { return hay.indexOf(t) >= 0; });
      }
      row.hidden = !ok;
      count += ok ? 1 : 0;
    });
    var noun = rows.length === 1 ? " claim" : " claims";
    shown.textContent = count === rows.length ? rows.length + noun
      : count + " of " + rows.length + noun + " shown";
    remember();
  }

  function remember() {
    var parts = [];
    ["status", "q"].concat(facets).forEach(function (name) {
      var value = form.elements[name].value;
      if (value) {
        parts.push(name + "=" + encodeURIComponent(value));
      }
    });
    try {
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
    } catch (e) {
      /* some browsers refuse this on file:// pages; the filters still work */
    }
  }

  function restore() {
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var pair = part.split("=");
      var field = form.elements[pair[0]];
      if (pair.length === 2 && field) {
        field.value = decodeURIComponent(pair[1]);
      }
    });
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  window.addEventListener("hashchange", function () { restore(); apply(); });
  restore();
  apply();
}());
