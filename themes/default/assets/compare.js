// Compare two roles, skill by skill. Runs only in the reader's browser over data embedded
// in the page; it sends nothing. Contributor text is only ever set with textContent.
(function () {
  "use strict";
  var dataElement = document.getElementById("compare-data");
  var result = document.getElementById("compare-result");
  var form = document.querySelector(".compare-form");
  if (!dataElement || !result || !form) return;
  var data = JSON.parse(dataElement.textContent);
  var selectA = document.getElementById("compare-a");
  var selectB = document.getElementById("compare-b");
  var root = "../";
  var byId = {};
  data.roles.forEach(function (role, index) { byId[role.id] = index; });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function levelBar(level, max, name) {
    var wrap = el("span", "level");
    wrap.title = name + ": level " + level + " of " + max;
    var bar = el("span", "level-bar");
    bar.setAttribute("aria-hidden", "true");
    for (var i = 0; i < max; i++) bar.appendChild(el("span", i < level ? "seg on" : "seg"));
    wrap.appendChild(bar);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(el("span", "level-name", name));
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(el("span", "level-num", level + "/" + max));
    return wrap;
  }

  // The same ordering and pathway rule as the site's role pages (src/analyze).
  var ORDER = { "new": 0, "raised": 1, "unchanged": 2, "lowered": 3, "dropped": 4 };
  var LABEL = { "new": "new", "raised": "raised", "unchanged": "unchanged", "lowered": "lowered", "dropped": "not required" };

  function gap(a, b) {
    var levels = {};
    a.req.forEach(function (r) { levels[r[0]] = [r[1], 0]; });
    b.req.forEach(function (r) { (levels[r[0]] = levels[r[0]] || [0, 0])[1] = r[1]; });
    var rows = Object.keys(levels).map(function (key) {
      var skill = Number(key), from = levels[key][0], to = levels[key][1], change;
      if (from === 0) change = "new";
      else if (to === 0) change = "dropped";
      else if (to > from) change = "raised";
      else if (to === from) change = "unchanged";
      else change = "lowered";
      var pathways = [];
      if (change === "new" || change === "raised") {
        var top = data.skills[skill].levels.length;
        data.pathways.forEach(function (p) {
          var start = p.from || 1, end = p.to || top;
          if (p.skill === skill && end > from && start < to) pathways.push(p);
        });
      }
      return { skill: skill, from: from, to: to, change: change, pathways: pathways };
    });
    rows.sort(function (x, y) { return (ORDER[x.change] - ORDER[y.change]) || (x.skill - y.skill); });
    return rows;
  }

  function render(aId, bId) {
    result.textContent = "";
    var a = data.roles[byId[aId]], b = data.roles[byId[bId]];
    if (!a || !b) return;
    var rows = gap(a, b);
    var growth = rows.filter(function (r) { return r.change === "new" || r.change === "raised"; }).length;
    var heading = el("h2", null, "From " + a.title + " to " + b.title);
    result.appendChild(heading);
    result.appendChild(el("p", "muted", growth === 0 ? "No skill needs to grow." :
      growth === 1 ? "1 skill to grow." : growth + " skills to grow."));
    var scroll = el("div", "table-scroll");
    var table = el("table", "gap-table");
    var head = el("thead"), headRow = el("tr");
    [["Skill", "col-skill"], [a.title, "col-level"], [b.title, "col-level"], ["Change", "col-change"],
      ["What the needed level looks like", "col-descriptor"], ["Learning", "col-learning"]].forEach(function (c) {
      var th = el("th", c[1], c[0]); th.scope = "col"; headRow.appendChild(th);
    });
    head.appendChild(headRow); table.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (r) {
      var skill = data.skills[r.skill], max = skill.levels.length;
      var tr = el("tr", "change-" + r.change);
      var th = el("th"); th.scope = "row";
      var link = el("a", null, skill.name); link.href = root + "skills/" + skill.id + "/";
      th.appendChild(link); tr.appendChild(th);
      // On a phone the table turns into cards, each cell labelled from data-label.
      [[r.from, "From"], [r.to, "To"]].forEach(function (pair) {
        var level = pair[0], td = el("td");
        td.setAttribute("data-label", pair[1]);
        if (level > 0) td.appendChild(levelBar(level, max, skill.levels[level - 1][0]));
        else td.appendChild(el("span", "muted", "not required"));
        tr.appendChild(td);
      });
      var changeCell = el("td"); changeCell.appendChild(el("span", "change change-" + r.change, LABEL[r.change]));
      changeCell.setAttribute("data-label", "Change");
      tr.appendChild(changeCell);
      // What the needed level looks like, for the skills that change.
      var looks = el("td", null, r.to > 0 && r.change !== "unchanged" ? (skill.levels[r.to - 1][1] || "") : "");
      looks.setAttribute("data-label", "Looks like");
      tr.appendChild(looks);
      var learn = el("td");
      learn.setAttribute("data-label", "Learning");
      if (r.pathways.length) {
        var list = el("ul", "plain");
        r.pathways.forEach(function (p) {
          var li = el("li"), pl = el("a", null, p.title);
          pl.href = root + "pathways/" + p.id + "/"; li.appendChild(pl); list.appendChild(li);
        });
        learn.appendChild(list);
      }
      tr.appendChild(learn);
      body.appendChild(tr);
    });
    table.appendChild(body); scroll.appendChild(table); result.appendChild(scroll);
  }

  function update(push) {
    render(selectA.value, selectB.value);
    if (push && window.history && window.history.replaceState) {
      var query = "?a=" + encodeURIComponent(selectA.value) + "&b=" + encodeURIComponent(selectB.value);
      window.history.replaceState(null, "", query);
    }
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("a") in byId) selectA.value = params.get("a");
  if (params.get("b") in byId) selectB.value = params.get("b");
  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  selectA.addEventListener("change", function () { update(true); });
  selectB.addEventListener("change", function () { update(true); });
  update(false);
})();
