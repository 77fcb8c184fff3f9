// Compare two roles: the skills that change, what the other role asks for in its own words
// beside what yours says, its choices ("any N of these") and the dimensions beyond skills.
// Runs only in the reader's browser over the site's own files: the two roles' track files,
// compare/tracks/<track>.json. It sends nothing. Names are set with textContent; statements
// are the HTML the build rendered and sanitized (see steps.js).
import {
  CHANGE_LABEL,
  choiceStanding,
  closingPathways,
  dimensionCard,
  dimensionRows,
  el,
  fetchJson,
  levelBar,
  levelName,
  levelPhrase,
  levelWords,
  link,
  loadTrack,
  roleOf,
  skillRows,
  statement,
  stepCard,
  TRACK_FORMAT,
} from "./steps.js";
import { findRole } from "./families.js";

const result = document.getElementById("compare-result");
const status = document.getElementById("compare-status");
const form = document.querySelector(".compare-form");
const selectA = document.getElementById("compare-a");
const selectB = document.getElementById("compare-b");

const root = result ? result.getAttribute("data-root") || "" : "";
const folder = result ? result.getAttribute("data-folder") || "" : "";

/** The track id of the role picked in `select`, from its `<optgroup data-track>`. */
function trackOf(select) {
  const option = select.selectedOptions[0];
  return option && option.parentElement ? option.parentElement.getAttribute("data-track") : null;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A level cell of the table: the bar, or "not required". */
function levelCell(info, level, label, via) {
  const td = el("td");
  td.setAttribute("data-label", label);
  if (level > 0) {
    td.appendChild(levelBar(info, level));
    if (via) td.appendChild(el("span", "muted level-via", ` one of its ${via} options`));
  } else td.appendChild(el("span", "muted", "not required"));
  return td;
}

function learningCell(row) {
  const td = el("td");
  td.setAttribute("data-label", "Learning");
  if (row.change !== "new" && row.change !== "raised") return td;
  const found = closingPathways(row.info, row.from, row.to);
  if (!found.length) {
    td.appendChild(el("span", "muted", "no pathway yet"));
    return td;
  }
  const list = el("ul", "plain");
  for (const p of found) {
    const li = el("li");
    li.appendChild(link(p.title, `${root}pathways/${p.id}/`, "pathway-link"));
    list.appendChild(li);
  }
  td.appendChild(list);
  return td;
}

function gapTable(a, b, rows) {
  const scroll = el("div", "table-scroll");
  const table = el("table", "gap-table compare-table");
  const headRow = el("tr");
  [
    ["Skill", "col-skill"],
    [a.title, "col-level"],
    [b.title, "col-level"],
    ["Change", "col-change"],
    ["Learning", "col-learning"],
  ].forEach(([text, cls]) => {
    const th = el("th", cls, text);
    th.scope = "col";
    headRow.appendChild(th);
  });
  table.appendChild(el("thead")).appendChild(headRow);
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr", `change-${row.change}${row.textChanged ? " text-changed" : ""}`);
    tr.setAttribute("data-skill", row.skill);
    const th = el("th");
    th.scope = "row";
    th.appendChild(link(row.info.name, `${root}skills/${row.skill}/`));
    tr.appendChild(th);
    // On a phone the table turns into cards, each cell labelled from data-label.
    tr.appendChild(levelCell(row.info, row.from, "From", row.via));
    tr.appendChild(levelCell(row.info, row.to, "To", null));
    const changeCell = el("td");
    changeCell.setAttribute("data-label", "Change");
    changeCell.appendChild(
      row.textChanged
        ? el("span", "change change-text", "text changed")
        : el("span", `change change-${row.change}`, CHANGE_LABEL[row.change]),
    );
    tr.appendChild(changeCell);
    tr.appendChild(learningCell(row));
    body.appendChild(tr);
  }
  table.appendChild(body);
  scroll.appendChild(table);
  return scroll;
}

/** The side of a step card for level `level` of `row.skill` in role `r`. */
function side(r, id, info, level, expectations, wordsOnly, prefix) {
  return {
    label: `${prefix}: ${levelName(info, level)}, ${levelPhrase(info, level)}`,
    words: levelWords(r.track, id, level, expectations, wordsOnly),
    roleLabel: `In ${r.title}`,
  };
}

function skillSteps(a, b, rows) {
  const box = el("div", "next-step");
  box.appendChild(el("h3", null, "The next step, skill by skill"));
  const shown = rows.filter((r) => r.change !== "dropped" && (r.change !== "unchanged" || r.textChanged));
  if (!rows.some((r) => r.change !== "unchanged")) {
    box.appendChild(
      el(
        "p",
        "no-change",
        `No skill level changes between these roles: ${b.title} asks for every skill at the level it is now.` +
          (shown.length ? " What differs is what the roles say about it:" : ""),
      ),
    );
  }
  if (!shown.length) return box;
  const help = el("p", "muted next-help", `What ${b.title} asks for beside what ${a.title} says; statements ${a.title} does not have are marked `);
  help.appendChild(el("ins")).appendChild(el("span", "new-mark", "new"));
  help.appendChild(document.createTextNode("."));
  box.appendChild(help);
  for (const row of shown) {
    const wordsOnly = row.textChanged;
    const now = row.from > 0 ? side(a, row.skill, row.info, row.from, row.fromWords, wordsOnly, "Now") : null;
    if (now && row.via) now.label += ` (if ${row.info.name} is your ${row.via})`;
    const next = side(b, row.skill, row.info, row.to, row.toWords, wordsOnly, row.change === "lowered" ? "There" : "Needed");
    box.appendChild(
      stepCard({
        name: row.info.name,
        href: `${root}skills/${row.skill}/`,
        summary: `${row.from > 0 ? `${levelName(row.info, row.from)} → ` : ""}${levelName(row.info, row.to)}`,
        kind: row.textChanged ? "text" : row.change,
        label: row.textChanged ? "text changed" : CHANGE_LABEL[row.change],
        now,
        next,
        open: row.change === "new" || row.change === "raised",
        nowMissing: `Not required in ${a.title}.`,
      }),
    );
  }
  return box;
}

/** One choice of role `b`, and how `a` stands against it. */
function choiceSection(a, b, choice) {
  const standing = choiceStanding(a, choice);
  const box = el("section", `choice ${standing.satisfied ? "choice-met" : "choice-open"}`);
  box.setAttribute("data-choice", choice.name);
  const title = el("h4", "choice-title");
  title.appendChild(document.createTextNode(`${choice.name}: any ${choice.pick} of these ${choice.requirements.length}`));
  box.appendChild(title);
  if (choice.summary) box.appendChild(statement("p", "muted choice-summary", choice.summary));
  const names = (options) => options.map((o) => `${b.track.skills[o.skill].name} (${levelName(b.track.skills[o.skill], o.level)})`).join(", ");
  const met = standing.options.filter((o) => o.meets);
  let verdict;
  if (standing.satisfied) {
    verdict = `Met: ${a.title} already asks for ${names(met)}.`;
  } else {
    const open = standing.options.filter((o) => !o.meets);
    verdict =
      `Not met: ${a.title} meets ${standing.met} of the ${choice.pick} needed. Missing: any ${standing.missing} of ${names(open)}.` +
      (standing.held ? ` ${plural(standing.held, "option is", "options are")} met if it is the one you hold in ${a.title}'s own choice.` : "");
  }
  box.appendChild(el("p", `choice-verdict ${standing.satisfied ? "choice-verdict-met" : "choice-verdict-open"}`, verdict));
  const list = el("ul", "choice-options");
  for (const o of standing.options) {
    const info = b.track.skills[o.skill];
    const li = el("li", o.meets ? "option-met" : "option-open");
    li.appendChild(link(info.name, `${root}skills/${o.skill}/`));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(levelBar(info, o.level));
    const have =
      o.have > 0
        ? `${a.title}: ${levelName(info, o.have)}${o.via ? ` as one of its ${o.via} options` : ""}`
        : `${a.title}: not required`;
    li.appendChild(el("span", "muted option-have", ` · ${have}`));
    li.appendChild(el("span", `change change-${o.meets ? "unchanged" : o.have ? "raised" : "new"}`, o.meets ? "met" : o.have ? "to raise" : "new"));
    list.appendChild(li);
  }
  box.appendChild(list);
  // The words of each option not met, folded: they are alternatives, not all needed.
  const open = standing.satisfied ? [] : standing.options.filter((x) => !x.meets);
  for (const o of open) {
    const info = b.track.skills[o.skill];
    const now = o.have > 0 ? side(a, o.skill, info, o.have, o.haveWords, false, "Now") : null;
    const next = side(b, o.skill, info, o.level, o.expectations, false, "Needed");
    box.appendChild(
      stepCard({
        name: info.name,
        href: `${root}skills/${o.skill}/`,
        summary: `${o.have > 0 ? `${levelName(info, o.have)} → ` : ""}${levelName(info, o.level)}`,
        kind: o.have > 0 ? "raised" : "new",
        label: `one of ${choice.name}`,
        now,
        next,
        open: false,
        nowMissing: `Not required in ${a.title}.`,
      }),
    );
  }
  return box;
}

function choicesSection(a, b) {
  const box = el("div", "next-step compare-choices");
  box.appendChild(el("h3", null, "Choices"));
  for (const choice of b.choices) box.appendChild(choiceSection(a, b, choice));
  const dropped = a.choices.filter((c) => !b.choices.some((d) => d.name === c.name));
  for (const c of dropped) {
    box.appendChild(el("p", "muted", `${b.title} does not ask for ${a.title}'s ${c.name} (any ${c.pick} of ${c.requirements.length}).`));
  }
  return box;
}

function dimensionsSection(a, b, rows) {
  const box = el("div", "next-step compare-dimensions");
  box.appendChild(el("h3", null, "Beyond skills"));
  const changed = rows.filter((r) => r.changed);
  const same = rows.filter((r) => !r.changed);
  if (changed.length) {
    box.appendChild(el("p", "muted next-help", `What applies to ${b.title} beside what applies to ${a.title}, most general first.`));
    for (const row of changed) box.appendChild(dimensionCard(row, a.title, b.title, true));
  }
  if (same.length) {
    box.appendChild(el("p", "muted", `The same for both roles: ${same.map((r) => r.dimension.name).join(", ")}.`));
  }
  return box;
}

function render(a, b) {
  result.textContent = "";
  const rows = skillRows(a, b);
  const growth = rows.filter((r) => r.change === "new" || r.change === "raised").length;
  const dimensions = dimensionRows(a, b);
  const unmet = b.choices.filter((c) => !choiceStanding(a, c).satisfied).length;
  result.appendChild(el("h2", null, `From ${a.title} to ${b.title}`));
  const facts = [growth === 0 ? "No skill needs to grow" : `${plural(growth, "skill", "skills")} to grow`];
  if (b.choices.length) facts.push(unmet === 0 ? "every choice met" : `${plural(unmet, "choice", "choices")} not met`);
  const changedDims = dimensions.filter((d) => d.changed).length;
  if (dimensions.length) facts.push(changedDims ? `${plural(changedDims, "dimension", "dimensions")} worded differently` : "the same in every dimension");
  const summary = el("p", "muted compare-summary", `${facts.join("; ")}.`);
  result.appendChild(summary);
  if (rows.length) result.appendChild(gapTable(a, b, rows));
  result.appendChild(skillSteps(a, b, rows));
  if (b.choices.length || a.choices.length) result.appendChild(choicesSection(a, b));
  if (dimensions.length) result.appendChild(dimensionsSection(a, b, dimensions));
  // Said to screen readers once; the summary above shows it on screen.
  status.classList.add("visually-hidden");
  status.textContent = `${a.title} compared with ${b.title}: ${summary.textContent}`;
}

/** Counts the comparisons asked for, so a late answer to an earlier pick is dropped. */
let asked = 0;

async function update(push) {
  const mine = ++asked;
  const [idA, idB] = [selectA.value, selectB.value];
  if (push && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", `?a=${encodeURIComponent(idA)}&b=${encodeURIComponent(idB)}`);
  }
  status.classList.remove("visually-hidden");
  status.textContent = "Loading the two roles…";
  let a;
  let b;
  try {
    const [trackA, trackB] = await Promise.all([loadTrack(folder, trackOf(selectA)), loadTrack(folder, trackOf(selectB))]);
    a = roleOf(trackA, idA);
    b = roleOf(trackB, idB);
    if (!a || !b) throw new Error("a role is missing from its track's data");
  } catch (err) {
    if (mine !== asked) return;
    result.textContent = "";
    status.textContent = `The roles could not be loaded (${err.message}). If you opened this page as a file, serve the site folder with a web server instead.`;
    status.classList.add("notice");
    return;
  }
  if (mine !== asked) return;
  status.classList.remove("notice");
  render(a, b);
}

// ---------------------------------------------------------------------------------------
// A large framework's pickers: family, then track, then role. The page lists the groups of
// tracks; a group's file (compare/groups/<n>.json) gives its tracks and roles, and a role
// named in the address is found in compare/roles/<n>.json, n from a hash of its id.

const groupsFolder = result ? result.getAttribute("data-groups") : null;
const lookupFolder = result ? result.getAttribute("data-lookup") : null;
const shards = result ? Number(result.getAttribute("data-shards") || 0) : 0;

function option(value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

/** One side's three pickers; `choose` sets them to a group, track and role. */
function sidePickers(side) {
  const group = document.getElementById(`compare-${side}-group`);
  const track = document.getElementById(`compare-${side}-track`);
  const role = document.getElementById(`compare-${side}`);
  let tracks = [];
  function fillRoles(trackId, roleId) {
    const t = tracks.find((x) => x[0] === trackId) || tracks[0];
    // One optgroup naming the track, which `trackOf` reads.
    const list = document.createElement("optgroup");
    list.label = t[1];
    list.setAttribute("data-track", t[0]);
    for (const [id, title, grade] of t[2]) list.appendChild(option(id, `${title} (${grade})`));
    role.replaceChildren(list);
    track.value = t[0];
    if (roleId && t[2].some((r) => r[0] === roleId)) role.value = roleId;
  }
  async function choose(groupIndex, trackId, roleId) {
    group.value = String(groupIndex);
    const data = await fetchJson(`${groupsFolder}${groupIndex}.json`);
    if (data.format !== TRACK_FORMAT) throw new Error("a data format this page does not read");
    tracks = data.tracks;
    track.replaceChildren(...tracks.map(([id, name]) => option(id, name)));
    fillRoles(trackId, roleId);
  }
  group.addEventListener("change", () => choose(Number(group.value), null, null).then(() => update(true)));
  track.addEventListener("change", () => {
    fillRoles(track.value, null);
    update(true);
  });
  return { choose, roles: () => tracks };
}

async function startGroups(params) {
  const a = sidePickers("a");
  const b = sidePickers("b");
  status.textContent = "Loading the lists of roles…";
  try {
    const [foundA, foundB] = await Promise.all([findRole(lookupFolder, shards, params.get("a")), findRole(lookupFolder, shards, params.get("b"))]);
    await a.choose(foundA ? foundA[0] : 0, foundA ? foundA[1] : null, params.get("a"));
    if (foundB) await b.choose(foundB[0], foundB[1], params.get("b"));
    else {
      // Without a second role, the next one in the first role's track, as in the short list.
      const [group, trackId] = foundA || [0, selectA.selectedOptions[0].parentElement.getAttribute("data-track")];
      const roles = a.roles().find((t) => t[0] === trackId)[2];
      const at = roles.findIndex((r) => r[0] === selectA.value);
      await b.choose(group, trackId, (roles[at + 1] || roles[Math.max(at - 1, 0)])[0]);
    }
  } catch (err) {
    status.textContent = `The lists of roles could not be loaded (${err.message}). If you opened this page as a file, serve the site folder with a web server instead.`;
    status.classList.add("notice");
    return;
  }
  update(false);
}

if (result && form && selectA && selectB) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update(true);
  });
  selectA.addEventListener("change", () => update(true));
  selectB.addEventListener("change", () => update(true));
  const params = new URLSearchParams(window.location.search);
  if (groupsFolder) startGroups(params);
  else {
    // The page writes the list of roles once, in the first picker: the second is the same.
    if (selectB.options.length === 0) {
      selectB.replaceChildren(...[...selectA.children].map((node) => node.cloneNode(true)));
      const second = selectB.getAttribute("data-second");
      if (second) selectB.value = second;
    }
    const has = (select, id) => id !== null && [...select.options].some((o) => o.value === id);
    if (has(selectA, params.get("a"))) selectA.value = params.get("a");
    if (has(selectB, params.get("b"))) selectB.value = params.get("b");
    update(false);
  }
}
