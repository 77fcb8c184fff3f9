// Search as you type, entirely in the reader's browser: this script fetches a few small
// index files from this site (search/*.json) and sends nothing anywhere. Without it, the
// search box submits to the A–Z page. Every string from the index is shown with
// textContent, never as markup.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var root = script.src.replace(/assets\/search\.js(\?.*)?$/, "");
  var base = root + "search/";
  var LIMIT = 12;
  var cache = {};
  var metaPromise = null;

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }
  function meta() {
    if (!metaPromise) metaPromise = load("meta.json");
    return metaPromise;
  }

  // The same tokenizer as the index (src/render/search.rs): lowercase runs of letters and digits.
  function tokens(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 0; });
  }
  function shardKey(term) { return Array.from(term).slice(0, 2).join(""); }
  function shardFile(key) {
    return "t-" + Array.from(key).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("") + ".json";
  }

  // True when a and b differ by at most one insertion, deletion or substitution.
  function withinOneEdit(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < la && j < lb) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (la > lb) i++; else if (lb > la) j++; else { i++; j++; }
    }
    return edits + (la - i) + (lb - j) <= 1;
  }

  // Scores documents for one query token: exact terms count fully, completions of the
  // last token (typed so far) a little less, one-edit typos of words of 5+ letters less.
  function matchToken(shard, token, isPrefix) {
    var scores = {}, matched = [];
    function add(term, factor) {
      matched.push(term);
      shard[term].forEach(function (p) {
        var s = p[1] * factor;
        if (!(p[0] in scores) || scores[p[0]] < s) scores[p[0]] = s;
      });
    }
    var terms = Object.keys(shard);
    if (shard[token]) add(token, 1);
    var completions = 0;
    if (isPrefix) {
      for (var i = 0; i < terms.length && completions < 40; i++) {
        var t = terms[i];
        if (t !== token && t.lastIndexOf(token, 0) === 0) { add(t, 0.8); completions++; }
      }
    }
    // One edit for words of five letters or more: the misspelt query may be a letter short.
    if (Array.from(token).length >= 4) {
      terms.forEach(function (t) {
        if (t !== token && t.length >= 5 && withinOneEdit(t, token)) add(t, 0.6);
      });
    }
    return { scores: scores, matched: matched };
  }

  function search(query, filters) {
    var words = tokens(query);
    if (!words.length) return Promise.resolve({ query: query, results: [], matched: [] });
    var endsWord = /[^\p{L}\p{N}]$/u.test(query);
    return meta().then(function (m) {
      return Promise.all(words.map(function (w) {
        var key = shardKey(w);
        return m.shards.indexOf(key) < 0 ? Promise.resolve({}) : load(shardFile(key));
      })).then(function (shards) {
        var total = null, matched = [];
        words.forEach(function (w, i) {
          var r = matchToken(shards[i], w, i === words.length - 1 && !endsWord);
          matched = matched.concat(r.matched);
          if (total === null) { total = r.scores; return; }
          var next = {};
          Object.keys(total).forEach(function (d) { if (d in r.scores) next[d] = total[d] + r.scores[d]; });
          total = next;
        });
        var ids = Object.keys(total || {}).map(Number);
        var needFacets = filters.track >= 0 || filters.grade >= 0 || filters.family >= 0;
        return (needFacets ? load("f.json") : Promise.resolve(null)).then(function (facets) {
          ids = ids.filter(function (d) {
            if (filters.kind >= 0) {
              var range = m.ranges[filters.kind];
              if (d < range[0] || d >= range[1]) return false;
            }
            if (facets) {
              var track = facets.r[d];
              if (filters.track >= 0 && track !== filters.track) return false;
              if (filters.family >= 0 && (track < 0 || m.tracks[track][1] !== filters.family)) return false;
              if (filters.grade >= 0 && facets.g[d] !== filters.grade) return false;
            }
            return true;
          });
          ids.sort(function (a, b) { return (total[b] - total[a]) || (a - b); });
          var top = ids.slice(0, LIMIT);
          var chunks = {};
          top.forEach(function (d) { chunks[Math.floor(d / m.chunk)] = true; });
          return Promise.all(Object.keys(chunks).map(function (c) {
            return load("d-" + c + ".json").then(function (docs) { chunks[c] = docs; });
          })).then(function () {
            return {
              query: query,
              count: ids.length,
              matched: matched,
              results: top.map(function (d) {
                var doc = chunks[Math.floor(d / m.chunk)][d % m.chunk];
                return {
                  kind: m.kinds[doc.k], title: doc.t, url: root + doc.u, snippet: doc.s,
                  track: doc.r >= 0 && doc.k === 0 ? m.tracks[doc.r][0] : null,
                  grade: doc.g >= 0 ? m.grades[doc.g] : null
                };
              })
            };
          });
        });
      });
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Appends `text` to `parent`, wrapping the parts that start a matched term in <mark>.
  function highlight(parent, text, matched) {
    var lower = text.toLowerCase(), i = 0, out = [];
    while (i < text.length) {
      var best = 0;
      var boundary = i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1]);
      if (boundary) {
        matched.forEach(function (t) {
          if (t.length > best && lower.lastIndexOf(t, i) === i) best = t.length;
        });
      }
      if (best > 0) { out.push([text.slice(i, i + best), true]); i += best; }
      else {
        if (out.length && !out[out.length - 1][1]) out[out.length - 1][0] += text[i];
        else out.push([text[i], false]);
        i++;
      }
    }
    out.forEach(function (part) {
      parent.appendChild(part[1] ? el("mark", null, part[0]) : document.createTextNode(part[0]));
    });
  }

  var KIND_NAMES = { role: "Role", skill: "Skill", track: "Track", pathway: "Pathway", opportunity: "Opportunity", guide: "Guide" };
  var KIND_LABELS = { role: "Roles", skill: "Skills", track: "Tracks", pathway: "Pathways", opportunity: "Opportunities", guide: "Guides" };
  var counter = 0;

  function enhance(form) {
    var input = form.querySelector("input[type=search]");
    if (!input) return;
    var id = "search-" + (++counter);
    var panel = el("div", "search-panel");
    panel.id = id + "-panel";
    panel.hidden = true;
    var filters = el("div", "search-filters");
    filters.setAttribute("role", "group");
    filters.setAttribute("aria-label", "Filter results");
    var kindSelect = el("select", "search-kind");
    var familySelect = el("select", "search-family");
    var gradeSelect = el("select", "search-grade");
    [[kindSelect, "Kind"], [familySelect, "Track or family"], [gradeSelect, "Grade"]].forEach(function (pair) {
      var label = el("label", "search-filter");
      label.appendChild(el("span", "search-filter-name", pair[1]));
      label.appendChild(pair[0]);
      filters.appendChild(label);
    });
    var status = el("p", "search-status");
    status.setAttribute("role", "status");
    var list = el("ul", "search-results");
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    panel.appendChild(filters);
    panel.appendChild(status);
    panel.appendChild(list);
    form.appendChild(panel);
    form.classList.add("search-enhanced");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var filled = false;
    function fillFilters() {
      if (filled) return meta();
      filled = true;
      return meta().then(function (m) {
        kindSelect.appendChild(new Option("Everything", "-1"));
        m.kinds.forEach(function (k, i) { kindSelect.appendChild(new Option(KIND_LABELS[k] || k, String(i))); });
        familySelect.appendChild(new Option("All tracks", ""));
        m.families.forEach(function (f, i) {
          var group = document.createElement("optgroup");
          group.label = f;
          group.appendChild(new Option("All of " + f, "f" + i));
          m.tracks.forEach(function (t, j) { if (t[1] === i) group.appendChild(new Option(t[0], "t" + j)); });
          familySelect.appendChild(group);
        });
        gradeSelect.appendChild(new Option("All grades", "-1"));
        m.grades.forEach(function (g, i) { gradeSelect.appendChild(new Option(g[0] + " " + g[1], String(i))); });
      });
    }

    var active = -1, current = [], seq = 0;
    function setActive(i) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
      active = (i + options.length) % options.length;
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }
    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
    }
    function currentFilters() {
      var fam = familySelect.value;
      return {
        kind: Number(kindSelect.value || -1),
        family: fam.charAt(0) === "f" ? Number(fam.slice(1)) : -1,
        track: fam.charAt(0) === "t" ? Number(fam.slice(1)) : -1,
        grade: Number(gradeSelect.value || -1)
      };
    }
    function render(result) {
      list.textContent = "";
      current = result.results;
      result.results.forEach(function (r, i) {
        var li = el("li", "search-result");
        li.id = id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        // An option holds no link of its own (a link inside an option is a nested control);
        // choosing it, by click or Enter, opens the page.
        var a = el("span", "search-result-link");
        li.setAttribute("data-href", r.url);
        var title = el("span", "search-result-title");
        highlight(title, r.title, result.matched);
        a.appendChild(title);
        var facts = el("span", "search-result-facts");
        var parts = [KIND_NAMES[r.kind] || r.kind];
        if (r.track) parts.push(r.track);
        if (r.grade) parts.push(r.grade[0] + " " + r.grade[1]);
        facts.textContent = parts.join(" · ");
        a.appendChild(facts);
        if (r.snippet) {
          var snippet = el("span", "search-result-snippet");
          highlight(snippet, r.snippet, result.matched);
          a.appendChild(snippet);
        }
        li.appendChild(a);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { window.location.href = r.url; });
        list.appendChild(li);
      });
      status.textContent = result.count === 0 ? "No match. Try fewer words, or the A–Z list." :
        result.count === 1 ? "1 result" : (result.count > LIMIT ? "Top " + LIMIT + " of " + result.count + " results" : result.count + " results");
      active = -1;
      input.removeAttribute("aria-activedescendant");
      document.documentElement.setAttribute("data-search-ready", String(seq));
    }
    function run() {
      var query = input.value;
      var mine = ++seq;
      if (!query.trim()) { open(false); list.textContent = ""; return; }
      fillFilters().then(function () { return search(query, currentFilters()); }).then(function (result) {
        if (mine !== seq) return;
        open(true);
        render(result);
      }).catch(function () {
        if (mine !== seq) return;
        open(true);
        list.textContent = "";
        status.textContent = "Search is unavailable here; use the A–Z list.";
      });
    }
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { fillFilters(); if (input.value.trim()) run(); });
    [kindSelect, familySelect, gradeSelect].forEach(function (s) { s.addEventListener("change", run); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (panel.hidden) run(); else setActive(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
      else if (e.key === "Escape") { open(false); }
      else if (e.key === "Enter" && !panel.hidden && current.length) {
        e.preventDefault();
        window.location.href = current[Math.max(active, 0)].url;
      }
    });
    form.addEventListener("focusout", function () {
      setTimeout(function () { if (!form.contains(document.activeElement)) open(false); }, 150);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.search"), enhance);
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
      var box = document.getElementById("home-search") || document.getElementById("search-input");
      if (box && box.offsetParent !== null) { e.preventDefault(); box.focus(); }
      else if ((box = document.getElementById("search-input"))) { e.preventDefault(); box.focus(); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
