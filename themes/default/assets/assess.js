// The self-assessment page ("Where could I go?"). Everything runs in the reader's browser:
// the framework comes from assess/data.json on this site, the ratings live in this browser's
// localStorage, and nothing is ever sent anywhere (the page's CSP would refuse it anyway).
// Every name from the framework or from an imported file is set with textContent; the
// statements (level summaries, the target's words) are HTML the build rendered and
// sanitized, inserted as they are. The target's next step comes from its track's file,
// compare/tracks/<track>.json, on this site too.
//
// Past 2,000 roles assess/data.json is only the core (its `parts` say what is elsewhere):
// the roles of a family are fetched from assess/groups/<n>.json when the reader picks it or
// an input names one of them (found through compare/roles/, see families.js), and the level
// summaries from assess/levels/<n>.json for the skills being rated. `roles` is then sparse,
// indexed by the roles' numbers in the framework as every file is, and the ranking ranks one
// family at a time.
import { rank, reasons, percent, gap, duration } from "./assess-score.js";
import {
  dimensionCard,
  dimensionRows,
  lastLevel,
  levelName,
  levelPhrase,
  levelWords,
  fetchJson,
  loadTrack,
  roleOf,
  statement,
  stepCard,
} from "./steps.js";
import { findRole } from "./families.js";
import {
  LIMITS,
  addRoles,
  catalogOf,
  emptyAssessment,
  readFileText,
  readFragment,
  rolesInFragment,
  rolesInText,
  toDocument,
  encodeFragment,
} from "./assess-io.js";

const app = document.getElementById("assess-app");
const loading = document.getElementById("assess-loading");
const root = app ? app.getAttribute("data-root") || "" : "";
// One key per site, so two frameworks served from one host keep their ratings apart.
const STORAGE_KEY = `trellis-assess:${new URL(`${root}assess/`, window.location.href).pathname}`;
const PAGE_SIZE = 10;
/** The `format` of assess/data.json and the files beside it that this script reads. */
const FORMAT = 3;

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function link(text, href, className) {
  const a = el("a", className, text);
  a.href = href;
  return a;
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------
// The framework, from assess/data.json (layout in docs/theming.md).

let data;
let catalog;
let skills;
let roles;
let pathways;
let opportunities;
/** `[id, name]` per track: sparse past 2,000 roles, filled from the group files. */
let tracks;
/** Past 2,000 roles, what the core leaves to other files (`parts` of data.json); else null. */
let parts = null;
/** Large framework: the group of each role loaded, and each group's roles once loaded. */
const groupOf = new Map();
const members = [];
const groupLoads = new Map();

function pairs(flat) {
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function unpackPathway([id, title, skill, from, to, minutes]) {
  return { id, title, skill, from, to, minutes };
}

function unpackRole([id, title, track, grade, req, choices]) {
  return {
    id,
    title,
    track: tracks[track][1],
    trackId: tracks[track][0],
    choices: choices.map(([name, pick, flat]) => ({ name, pick, requirements: pairs(flat) })),
    grade: data.grades[grade],
    gradeIndex: grade,
    trackIndex: track,
    requirements: pairs(req),
  };
}

function unpack(raw) {
  parts = raw.parts || null;
  // `names` and `first` as steps.js reads a skill: levels run from `first` up. `summaries`
  // is null until its file of summaries is loaded.
  skills = raw.skills.map(([id, name, group, scale, summaries, first]) => ({
    id,
    name,
    group: raw.groups[group],
    names: raw.scales[scale],
    first,
    summaries,
  }));
  // Past 2,000 roles tracks, roles and pathways are sparse lists, filled as their files load
  // (the scoring walks them with forEach, which skips what is not there).
  tracks = [...raw.tracks];
  roles = parts ? new Array(parts.roles) : raw.roles.map(unpackRole);
  pathways = raw.pathways.map(unpackPathway);
  opportunities = raw.opportunities.map(([id, title, kind, req, page]) => ({ id, title, kind, requirements: pairs(req), page }));
  catalog = catalogOf(raw);
}

/** Every role's number, for a framework whose roles are all in the core. */
function allRoles() {
  return roles.map((_, i) => i);
}

/** Loads group `g`'s roles (once); resolves to their numbers. */
function loadGroup(g) {
  if (!groupLoads.has(g)) {
    const loading = fetchJson(`${root}assess/groups/${g}.json`).then((file) => {
      if (file.format !== FORMAT) throw new Error("a data format this page does not read");
      const list = [];
      for (const [index, id, name] of file.tracks) tracks[index] = [id, name];
      for (const [index, ...row] of file.roles) {
        if (!Number.isInteger(index) || index < 0 || index >= roles.length) continue;
        roles[index] = unpackRole(row);
        groupOf.set(index, g);
        list.push(index);
      }
      addRoles(catalog, file.roles.map(([index, id]) => [index, id]));
      members[g] = list;
      return list;
    });
    loading.catch(() => groupLoads.delete(g));
    groupLoads.set(g, loading);
  }
  return groupLoads.get(g);
}

/**
 * Loads the groups of the role ids an input names, so that the catalog knows them when the
 * input is read. An id not found (or whose lookup fails) stays unknown, and the reader of the
 * input lists it as left out.
 */
async function loadRolesNamed(ids) {
  if (!parts) return;
  await Promise.all(
    ids
      .filter((id) => !catalog.roles.has(id))
      .map(async (id) => {
        try {
          const found = await findRole(`${root}compare/roles/`, parts.shards, id);
          if (found && Number.isInteger(found[0]) && found[0] >= 0 && found[0] < parts.groups.length) await loadGroup(found[0]);
        } catch {
          // Left out as unknown by the reader of the input.
        }
      }),
  );
}

/** Loads the level summaries and pathways of skills `list` that are not loaded yet. */
function loadLevels(list) {
  if (!parts) return Promise.resolve();
  const per = parts.skills_per_file;
  const files = new Set(list.filter((s) => !skills[s].summaries).map((s) => Math.floor(s / per)));
  return Promise.all(
    [...files].map((n) =>
      fetchJson(`${root}assess/levels/${n}.json`).then((file) => {
        if (file.format !== FORMAT) throw new Error("a data format this page does not read");
        for (const [index, row] of file.pathways) pathways[index] = unpackPathway(row);
        file.summaries.forEach((summaries, i) => {
          const skill = skills[file.first + i];
          if (skill && Array.isArray(summaries)) skill.summaries = summaries;
        });
      }),
    ),
  );
}

/** The level summary of `skill` at `level`: text, "" when it has none, null when not loaded. */
function summaryOf(skill, level) {
  const s = skills[skill];
  return s.summaries ? s.summaries[level - s.first] || "" : null;
}

// ---------------------------------------------------------------------------------------
// State and storage.

let state = emptyAssessment();
/** "own": the reader's ratings, saved on every change; "shared": from a link, not saved. */
let mode = "own";
let shownRoles = PAGE_SIZE;
/** Set up in `main`: list and pick a role in each picker. */
let showCurrent = () => {};
let showTarget = () => {};
let storageWorks = true;

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function about() {
  return { framework: data.title, edition: data.edition };
}

function save() {
  if (mode !== "own") return;
  const store = storage();
  try {
    if (!store) throw new Error("no storage");
    store.setItem(STORAGE_KEY, JSON.stringify(toDocument(state, catalog, about())));
  } catch {
    if (storageWorks) {
      storageWorks = false;
      say("This browser does not let the page keep data, so your ratings last only until you close the page. Export them as a file to keep them.", "warn");
    }
  }
}

/** The stored assessment, validated like an import (the framework may have changed since). */
async function loadStored() {
  const store = storage();
  let raw = null;
  try {
    raw = store ? store.getItem(STORAGE_KEY) : null;
  } catch {
    raw = null;
  }
  if (raw === null) return { assessment: emptyAssessment(), ignored: [] };
  await loadRolesNamed(rolesInText(raw));
  const result = readFileText(raw, catalog);
  if (result.error) return { assessment: emptyAssessment(), ignored: [`what this browser had stored (${result.error})`] };
  return result;
}

function copyOf(assessment) {
  return {
    ratings: new Map(assessment.ratings),
    skills: [...assessment.skills],
    current: assessment.current,
    target: assessment.target,
  };
}

// ---------------------------------------------------------------------------------------
// Messages: one live region; an optional list of what was ignored and an optional action.

function say(text, kind = "info", { list = [], action = null } = {}) {
  const box = $("assess-messages");
  box.textContent = "";
  // Counts the messages, so a test can wait for the one an action leads to.
  box.setAttribute("data-said", String(Number(box.getAttribute("data-said") || 0) + 1));
  if (!text) return;
  const note = el("div", `assess-message assess-message-${kind}`);
  note.appendChild(el("p", null, text));
  if (list.length) {
    const ul = el("ul");
    const shown = list.slice(0, 8);
    for (const item of shown) ul.appendChild(el("li", null, item));
    if (list.length > shown.length) ul.appendChild(el("li", null, `and ${list.length - shown.length} more`));
    note.appendChild(ul);
  }
  if (action) {
    const button = el("button", "button secondary small", action.label);
    button.type = "button";
    button.addEventListener("click", action.run);
    note.appendChild(button);
  }
  box.appendChild(note);
}

/** The lead-in of the list of what an input had that was left out. */
function leftOut(ignored) {
  return ignored.length === 1 ? "This was left out:" : `These ${ignored.length} things were left out:`;
}

// ---------------------------------------------------------------------------------------
// Pickers.

/** Above this many roles a picker gets a box to narrow it, and lists only the matches. */
const MANY_ROLES = 300;
/** The most roles a narrowed picker lists at once. */
const LISTED_ROLES = 200;

/** Fills a role `<select>` with `list` (role numbers), grouped by track, lowest grade first. */
function fillRoleSelect(select, placeholder, list) {
  select.textContent = "";
  select.appendChild(el("option", null, placeholder)).value = "-1";
  const byTrack = new Map();
  for (const index of list) {
    const track = roles[index].trackIndex;
    if (!byTrack.has(track)) byTrack.set(track, []);
    byTrack.get(track).push(index);
  }
  for (const track of [...byTrack.keys()].sort((a, b) => a - b)) {
    const group = el("optgroup");
    const members = byTrack.get(track);
    group.label = roles[members[0]].track;
    members
      .sort((a, b) => roles[a].gradeIndex - roles[b].gradeIndex || (roles[a].title < roles[b].title ? -1 : roles[a].title > roles[b].title ? 1 : a - b))
      .forEach((index) => {
        const option = el("option", null, `${roles[index].title} (${roles[index].grade[0]})`);
        option.value = String(index);
        group.appendChild(option);
      });
    select.appendChild(group);
  }
}

/** `<option>`s of the families of a large framework, after a first `placeholder`. */
function fillFamilySelect(select, placeholder) {
  select.textContent = "";
  if (placeholder) select.appendChild(el("option", null, placeholder)).value = "-1";
  parts.groups.forEach(([name, count], g) => {
    select.appendChild(el("option", null, `${name} (${count.toLocaleString("en")} roles)`)).value = String(g);
  });
}

/**
 * A role picker: a `<select>`, and for a framework of many roles a box that narrows it to the
 * roles whose title, track or grade contain every word typed (a select of 10,000 options is
 * slow to build and no help to scroll). Past 2,000 roles a `<select>` of families comes
 * first, and the picker lists the roles of the family chosen (loaded then), with the role
 * picked whatever its family. Returns `show(selected)`, which makes sure the selected role
 * is listed and picked.
 */
function rolePicker(name, placeholder) {
  const select = $(`assess-${name}`);
  const find = $(`assess-${name}-find`);
  const note = $(`assess-${name}-note`);
  const family = $(`assess-${name}-group`);
  let pool = [];
  let haystack = null;
  let many = false;
  let listed = new Set();
  const setPool = (list) => {
    pool = list;
    many = pool.length > MANY_ROLES;
    haystack = many ? pool.map((i) => `${roles[i].title} ${roles[i].track} ${roles[i].grade[0]} ${roles[i].grade[1]}`.toLowerCase()) : null;
    find.parentElement.hidden = !many;
  };
  const fill = (selected) => {
    let list;
    if (!many) list = [...pool];
    else {
      const words = find.value.toLowerCase().split(/\s+/).filter(Boolean);
      list = [];
      let matches = 0;
      haystack.forEach((text, i) => {
        if (!words.every((w) => text.includes(w))) return;
        matches++;
        if (list.length < LISTED_ROLES) list.push(pool[i]);
      });
      note.textContent =
        words.length === 0
          ? `${pool.length.toLocaleString("en")} roles: type part of a title above to find one.`
          : matches === 0
            ? "No role matches; try fewer letters."
            : matches > LISTED_ROLES
              ? `${matches.toLocaleString("en")} roles match; the first ${LISTED_ROLES} are listed. Type more to narrow them.`
              : `${matches} role${matches === 1 ? "" : "s"} match${matches === 1 ? "es" : ""}.`;
    }
    if (selected >= 0 && !list.includes(selected)) list.push(selected);
    fillRoleSelect(select, parts && pool.length === 0 && selected < 0 ? "Choose a family first" : placeholder, list);
    listed = new Set(list);
    select.value = String(selected);
  };
  find.addEventListener("input", () => fill(Number(select.value)));
  if (!parts) {
    setPool(allRoles());
    fill(-1);
    return (selected) => {
      if (selected >= 0 && !listed.has(selected)) fill(selected);
      else select.value = String(selected);
    };
  }
  // A large framework: the family first. Its roles are listed once its file is loaded; the
  // role picked stays picked (and listed) until another is.
  family.parentElement.hidden = false;
  fillFamilySelect(family, "Choose a family");
  const showFamily = (g, selected) => {
    family.value = String(g);
    find.value = "";
    setPool(g >= 0 && members[g] ? members[g] : []);
    fill(selected);
  };
  family.addEventListener("change", async () => {
    const g = Number(family.value);
    if (g < 0) return showFamily(-1, Number(select.value));
    note.textContent = "Loading the family’s roles…";
    find.parentElement.hidden = false;
    try {
      await loadGroup(g);
    } catch (err) {
      say(`The roles of this family could not be loaded (${err.message}).`, "error");
      return;
    }
    if (family.value === String(g)) showFamily(g, Number(select.value));
  });
  showFamily(-1, -1);
  return (selected) => {
    const g = selected >= 0 ? groupOf.get(selected) : undefined;
    if (g !== undefined && family.value !== String(g)) showFamily(g, selected);
    else if (selected >= 0 && !listed.has(selected)) fill(selected);
    else select.value = String(selected);
  };
}

function fillSkillSelect(select) {
  select.textContent = "";
  select.appendChild(el("option", null, "Choose a skill")).value = "-1";
  const groups = new Map();
  skills.forEach((skill, index) => {
    if (!groups.has(skill.group)) groups.set(skill.group, []);
    groups.get(skill.group).push(index);
  });
  for (const [name, list] of groups) {
    const group = el("optgroup");
    group.label = name;
    for (const index of list) {
      const option = el("option", null, skills[index].name);
      option.value = String(index);
      group.appendChild(option);
    }
    select.appendChild(group);
  }
}

// ---------------------------------------------------------------------------------------
// Ratings.

/** The skills to show for rating, in the framework's order. */
function listedSkills() {
  const set = new Set();
  for (const index of [state.current, state.target]) {
    if (index < 0) continue;
    roles[index].requirements.forEach(([s]) => set.add(s));
    roles[index].choices.forEach((c) => c.requirements.forEach(([s]) => set.add(s)));
  }
  state.skills.forEach((s) => set.add(s));
  state.ratings.forEach((level, s) => {
    if (level > 0) set.add(s);
  });
  return [...set].sort((a, b) => a - b);
}

/** What a role asks of `skill`: `{level, choice}` (`choice` the name of the choice that offers it, or null), or null. */
function asks(roleIndex, skill) {
  if (roleIndex < 0) return null;
  const role = roles[roleIndex];
  const found = role.requirements.find(([s]) => s === skill);
  if (found) return { level: found[1], choice: null };
  for (const c of role.choices) {
    const option = c.requirements.find(([s]) => s === skill);
    if (option) return { level: option[1], choice: c.name };
  }
  return null;
}

/** "Practitioner (level 3 of 5)", on the skill's own range. */
function levelLabel(skill, level) {
  return `${levelName(skills[skill], level)} (${levelPhrase(skills[skill], level)})`;
}

function describeLevel(node, skill, level) {
  node.textContent = "";
  if (level > 0) {
    const s = skills[skill];
    node.appendChild(el("strong", null, `${levelName(s, level)}: `));
    const summary = summaryOf(skill, level);
    if (summary) node.appendChild(statement("span", null, summary));
    else if (summary === null) node.appendChild(el("span", "muted", "Loading its description…"));
    else node.appendChild(document.createTextNode("No description for this level."));
  } else {
    node.appendChild(el("span", "muted", "Not rated: pick the level that describes your work today."));
  }
}

function ratingRow(skill) {
  const s = skills[skill];
  const level = state.ratings.get(skill) || 0;
  const field = el("fieldset", "rating");
  field.id = `rate-${s.id}`;
  field.setAttribute("data-skill", s.id);
  const legend = el("legend");
  legend.appendChild(link(s.name, `${root}skills/${s.id}/`, "rating-skill"));
  legend.appendChild(el("span", "rating-group", s.group));
  field.appendChild(legend);

  const asked = [];
  const current = asks(state.current, skill);
  const target = asks(state.target, skill);
  const phrase = (who, a) => `${who} asks ${levelLabel(skill, a.level)}${a.choice ? ` as one of its ${a.choice} options` : ""}`;
  if (current) asked.push(phrase("your role", current));
  if (target) asked.push(phrase("your target", target));
  if (asked.length) field.appendChild(el("p", "rating-asks", capitalize(asked.join(" · "))));

  const choices = el("div", "rating-levels");
  const name = `rating-${skill}`;
  // "Not rated", then the skill's own levels, from its first.
  const values = [0];
  for (let value = s.first; value <= lastLevel(s); value++) values.push(value);
  for (const value of values) {
    const label = el("label", "pill");
    if (value > 0 && target && value === target.level) label.classList.add("pill-target");
    const input = el("input");
    input.type = "radio";
    input.name = name;
    input.value = String(value);
    input.checked = value === level;
    label.appendChild(input);
    const text = el("span", "pill-text");
    if (value === 0) text.textContent = "Not rated";
    else {
      text.appendChild(el("span", "pill-num", String(value)));
      text.appendChild(document.createTextNode(` ${levelName(s, value)}`));
    }
    label.appendChild(text);
    choices.appendChild(label);
  }
  field.appendChild(choices);

  const descriptor = el("p", "rating-descriptor");
  describeLevel(descriptor, skill, level);
  field.appendChild(descriptor);
  choices.addEventListener("change", (event) => {
    const value = Number(event.target.value);
    if (value > 0) state.ratings.set(skill, value);
    else state.ratings.delete(skill);
    describeLevel(descriptor, skill, value);
    save();
    renderResults();
  });

  const details = el("details", "rating-levels-detail");
  details.appendChild(el("summary", null, "What each level looks like"));
  const list = el("dl");
  s.names.forEach((name, i) => {
    list.appendChild(el("dt", null, `${s.first + i} ${name}`));
    const summary = summaryOf(skill, s.first + i);
    if (summary) list.appendChild(statement("dd", null, summary));
    else list.appendChild(el("dd", "muted", summary === null ? "Loading…" : "No description for this level."));
  });
  details.appendChild(list);
  field.appendChild(details);

  // Skills added by hand can be taken off the list again.
  const fromRoles = current !== null || target !== null;
  if (!fromRoles && level === 0 && state.skills.includes(skill)) {
    const remove = el("button", "button secondary small", "Remove from the list");
    remove.type = "button";
    remove.appendChild(el("span", "visually-hidden", `: ${s.name}`));
    remove.addEventListener("click", () => {
      state.skills = state.skills.filter((x) => x !== skill);
      save();
      renderAll();
      $("assess-add").focus();
    });
    field.appendChild(remove);
  }
  return field;
}

/** Counts the lists of ratings drawn, so that summaries arriving late redraw only the latest. */
let ratingsDrawn = 0;

function renderRatings() {
  const box = $("assess-ratings");
  const focused = document.activeElement;
  const focusName = focused && focused.name && focused.type === "radio" ? focused.name : null;
  box.textContent = "";
  const drawn = ++ratingsDrawn;
  const list = listedSkills();
  // A large framework: the rows are drawn at once, and again when their summaries arrive.
  const missing = list.filter((skill) => !skills[skill].summaries);
  if (missing.length) {
    loadLevels(missing).then(
      () => {
        if (drawn === ratingsDrawn && missing.some((skill) => skills[skill].summaries)) renderRatings();
      },
      (err) => say(`The descriptions of the levels could not be loaded (${err.message}).`, "error"),
    );
  }
  if (list.length === 0) {
    box.appendChild(
      el("p", "empty", "No skills to rate yet. Start from your current role above, pick a target role below, or add a skill."),
    );
  }
  for (const skill of list) box.appendChild(ratingRow(skill));
  if (focusName) {
    const again = box.querySelector(`input[name="${focusName}"]:checked`) || box.querySelector(`input[name="${focusName}"]`);
    if (again) again.focus();
  }
}

// ---------------------------------------------------------------------------------------
// The gap to the target.

function ratingsArray() {
  const array = new Array(skills.length).fill(0);
  state.ratings.forEach((level, skill) => {
    array[skill] = level;
  });
  return array;
}

function levelText(skill, level) {
  return level > 0 ? levelLabel(skill, level) : "not rated";
}

const STANDING = { meets: "meets", below: "below", unrated: "not rated" };

/** One row of the gap table: a requirement or an option of a choice, with its standing. */
function gapRow(row) {
  const skill = skills[row.skill];
  const tr = el("tr", `standing-${row.status}`);
  tr.setAttribute("data-skill", skill.id);
  const th = el("th");
  th.scope = "row";
  th.appendChild(link(skill.name, `${root}skills/${skill.id}/`));
  tr.appendChild(th);
  const you = el("td", row.rating ? null : "muted", levelText(row.skill, row.rating));
  you.setAttribute("data-label", "You");
  tr.appendChild(you);
  const asksCell = el("td", null, levelText(row.skill, row.required));
  asksCell.setAttribute("data-label", "It asks");
  tr.appendChild(asksCell);
  const standing = el("td");
  standing.setAttribute("data-label", "Standing");
  const text =
    row.status === "below" ? `${row.short} level${row.short === 1 ? "" : "s"} below` : STANDING[row.status];
  standing.appendChild(el("span", `standing standing-${row.status}`, text));
  tr.appendChild(standing);
  const learn = el("td");
  learn.setAttribute("data-label", "Learning");
  if (row.pathways.length) {
    const ul = el("ul", "plain");
    for (const p of row.pathways) {
      const pathway = pathways[p];
      const li = el("li");
      li.appendChild(link(pathway.title, `${root}pathways/${pathway.id}/`, "pathway-link"));
      if (pathway.minutes > 0) li.appendChild(el("span", "muted pathway-time", ` · ${duration(pathway.minutes)}`));
      ul.appendChild(li);
    }
    learn.appendChild(ul);
  } else if (row.status !== "meets") {
    learn.appendChild(el("span", "muted", "no pathway yet"));
  }
  tr.appendChild(learn);
  return tr;
}

/** "Archetype: any 1 of these 4 — met (you meet 2)". */
function choiceHeading(c) {
  const verdict = c.satisfied
    ? `met: you meet ${c.met} of them`
    : `not met: you meet ${c.met} of the ${c.pick} needed`;
  return `${c.name}: any ${c.pick} of these ${c.rows.length}, ${verdict}`;
}

/** Counts the gaps drawn, so that a track file arriving late fills only the latest. */
let gapDrawn = 0;

function renderGap() {
  const box = $("assess-gap");
  box.textContent = "";
  const drawn = ++gapDrawn;
  if (state.target < 0) {
    box.appendChild(el("p", "empty", "Pick a target role to see, skill by skill, where you stand against it and the learning that closes each gap."));
    return;
  }
  const role = roles[state.target];
  // A large framework: the pathways of the target's skills come with their level files.
  const asked = [...role.requirements, ...role.choices.flatMap((c) => c.requirements)].map(([s]) => s);
  if (asked.some((s) => !skills[s].summaries)) {
    box.appendChild(el("p", "muted", "Loading the target’s skills…"));
    loadLevels(asked).then(
      () => {
        if (drawn === gapDrawn && asked.every((s) => skills[s].summaries)) renderGap();
      },
      (err) => say(`The target’s skills could not be loaded (${err.message}).`, "error"),
    );
    return;
  }
  const ratings = ratingsArray();
  const result = gap(role.requirements, ratings, pathways, catalog.tops, { firsts: catalog.firsts, choices: role.choices });
  const title = el("h3", "gap-title");
  title.appendChild(document.createTextNode("Your gap to "));
  title.appendChild(link(role.title, `${root}roles/${role.id}/`));
  box.appendChild(title);
  box.appendChild(el("p", "muted", `${role.track} · ${role.grade[0]} ${role.grade[1]}`));
  const below = result.rows.filter((r) => r.status === "below").length;
  const unrated = result.rows.filter((r) => r.status === "unrated").length;
  const metSkills = result.rows.filter((r) => r.status === "meets").length;
  const parts = [`You meet ${metSkills} of the ${result.rows.length} skills it asks for`];
  if (below) parts.push(`${below} ${below === 1 ? "is" : "are"} below`);
  if (unrated) parts.push(`${unrated} not rated`);
  if (result.choices.length) {
    const open = result.choices.filter((c) => !c.satisfied).length;
    parts.push(open === 0 ? `every choice met` : `${open} of its ${result.choices.length} choice${result.choices.length === 1 ? "" : "s"} not met`);
  }
  const summary = el("p", "gap-summary", `${parts.join("; ")}.`);
  summary.id = "assess-gap-summary";
  box.appendChild(summary);
  if (result.pathways.length) {
    box.appendChild(
      el(
        "p",
        "gap-total",
        `Learning that closes the gaps: ${result.pathways.length} pathway${result.pathways.length === 1 ? "" : "s"}` +
          (result.minutes > 0 ? `, ${duration(result.minutes)} in all.` : "."),
      ),
    );
  }
  const scroll = el("div", "table-scroll");
  const table = el("table", "gap-table assess-gap-table");
  const head = el("thead");
  const headRow = el("tr");
  [
    ["Skill", "col-skill"],
    ["You", "col-level"],
    ["It asks", "col-level"],
    ["Standing", "col-change"],
    ["Learning that closes it", "col-learning"],
  ].forEach(([text, cls]) => {
    const th = el("th", cls, text);
    th.scope = "col";
    headRow.appendChild(th);
  });
  head.appendChild(headRow);
  table.appendChild(head);
  const body = el("tbody");
  for (const row of result.rows) body.appendChild(gapRow(row));
  table.appendChild(body);
  // Each choice: its own group of rows under a heading row that says whether it is met.
  for (const c of result.choices) {
    const group = el("tbody", `gap-choice ${c.satisfied ? "choice-met" : "choice-open"}`);
    group.setAttribute("data-choice", c.name);
    const headRowOfChoice = el("tr", "choice-row");
    const th = el("th", "choice-heading", choiceHeading(c));
    th.scope = "rowgroup";
    th.colSpan = 5;
    headRowOfChoice.appendChild(th);
    group.appendChild(headRowOfChoice);
    for (const row of c.rows) group.appendChild(gapRow(row));
    table.appendChild(group);
  }
  scroll.appendChild(table);
  box.appendChild(scroll);
  const steps = el("div", "next-step assess-steps");
  steps.id = "assess-steps";
  box.appendChild(steps);
  renderSteps(steps, role, result, drawn);
}

/**
 * What the target asks for, skill by skill, for each skill short of it: the target level's
 * summary, signals and examples and the target's own words, beside what the level you rated
 * says, statements it lacks marked new. From the track files of the target (and of your
 * role, for its words and its dimensions), fetched once.
 */
async function renderSteps(box, role, result, drawn) {
  const short = result.rows.filter((r) => r.status !== "meets");
  // A choice not met: each option short of its level is one way to meet it.
  const options = result.choices.filter((c) => !c.satisfied).flatMap((c) => c.rows.filter((r) => r.status !== "meets").map((r) => ({ ...r, choice: c.name })));
  const current = state.current >= 0 ? roles[state.current] : null;
  if (!short.length && !options.length && !current) return;
  const folder = `${root}compare/tracks/`;
  let target;
  let mine = null;
  try {
    const files = await Promise.all([
      loadTrack(folder, role.trackId),
      current ? loadTrack(folder, current.trackId) : null,
      loadLevels([...short, ...options].map((r) => r.skill)),
    ]);
    target = roleOf(files[0], role.id);
    mine = current && files[1] ? roleOf(files[1], current.id) : null;
  } catch (err) {
    if (drawn !== gapDrawn) return;
    box.appendChild(el("p", "notice", `What the target asks for in its own words could not be loaded (${err.message}).`));
    return;
  }
  if (drawn !== gapDrawn || !target) return;
  box.appendChild(el("h4", null, "What it asks for, skill by skill"));
  if (!short.length && !options.length) {
    box.appendChild(el("p", "no-change", "You meet every skill it asks for at its level."));
  } else {
    const help = el("p", "muted next-help", `For each skill you are short of: what ${role.title} asks for, beside what the level you rated says; what that level does not say is marked `);
    help.appendChild(el("ins")).appendChild(el("span", "new-mark", "new"));
    help.appendChild(document.createTextNode("."));
    box.appendChild(help);
  }
  const wordsOf = (r, skill) => {
    const q = r.requirements.find((x) => x.skill === skill) ?? r.choices.flatMap((c) => c.requirements).find((x) => x.skill === skill);
    return q ? q.expectations : [];
  };
  for (const row of [...short, ...options]) {
    const s = skills[row.skill];
    // The words of the level rated: from your role's file when it asks for that level, or the
    // target's; else only the level's summary.
    let now = null;
    if (row.rating > 0) {
      const file = [mine, target].find((r) => r && r.track.skills[s.id]?.levels?.[String(row.rating)]);
      const sameLevel = mine && mine.requirements.some((q) => q.skill === s.id && q.level === row.rating);
      const words = file
        ? levelWords(file.track, s.id, row.rating, sameLevel ? wordsOf(mine, s.id) : [])
        : { summary: summaryOf(row.skill, row.rating) || null, signals: [], examples: [], expectations: [] };
      now = { label: `You: ${levelName(s, row.rating)}, ${levelPhrase(s, row.rating)}`, words, roleLabel: sameLevel ? `In ${mine.title}` : "In this role" };
    }
    const next = {
      label: `It asks: ${levelName(s, row.required)}, ${levelPhrase(s, row.required)}`,
      words: levelWords(target.track, s.id, row.required, wordsOf(target, s.id)),
      roleLabel: `In ${target.title}`,
    };
    const card = stepCard({
      name: s.name,
      href: `${root}skills/${s.id}/`,
      summary: `${row.rating > 0 ? `${levelName(s, row.rating)} → ` : ""}${levelName(s, row.required)}`,
      kind: row.rating > 0 ? "raised" : "new",
      label: row.choice ? `one of ${row.choice}` : row.status === "below" ? `${row.short} level${row.short === 1 ? "" : "s"} below` : "not rated",
      now,
      next,
      open: !row.choice,
      nowMissing: "Not rated yet.",
    });
    card.setAttribute("data-skill", s.id);
    box.appendChild(card);
  }
  // Beyond skills: what the target's grade, track and role say, beside your role's.
  if (mine) {
    const changed = dimensionRows(mine, target).filter((d) => d.changed);
    if (changed.length) {
      box.appendChild(el("h4", null, "Beyond skills"));
      for (const d of changed) box.appendChild(dimensionCard(d, mine.title, target.title, false));
    }
  }
}

// ---------------------------------------------------------------------------------------
// Matching.

function matchItem(position, entry, item, kind) {
  const li = el("li", "match");
  li.setAttribute("data-id", item.id);
  li.appendChild(el("span", "match-rank", String(position)));
  const head = el("div", "match-head");
  const href = kind === "role" ? `${root}roles/${item.id}/` : `${root}${item.page || "opportunities/"}#opportunity-${item.id}`;
  const title = el("h4", "match-title");
  title.appendChild(link(item.title, href));
  if (kind === "role" && entry.index === state.current) title.appendChild(el("span", "badge", "your role"));
  if (kind === "role" && entry.index === state.target) title.appendChild(el("span", "badge badge-target", "your target"));
  head.appendChild(title);
  const facts = kind === "role" ? `${item.track} · ${item.grade[0]} ${item.grade[1]}` : capitalize(item.kind);
  head.appendChild(el("p", "match-facts", facts));
  li.appendChild(head);
  const score = el("p", "match-fit");
  const meter = el("meter", "fit-bar");
  meter.min = 0;
  meter.max = 100;
  meter.value = percent(entry.fit);
  meter.setAttribute("aria-hidden", "true");
  score.appendChild(meter);
  score.appendChild(el("strong", "fit-percent", `${percent(entry.fit)}%`));
  score.appendChild(document.createTextNode(" fit"));
  li.appendChild(score);
  // The reasons, one phrase per skill that is not met: the first, the count met, in bold.
  const [count, ...rest] = reasons(entry.fit, (s) => skills[s].name);
  const why = el("p", "match-reasons");
  why.appendChild(el("strong", null, capitalize(count)));
  why.appendChild(document.createTextNode(rest.length ? `; ${rest.join("; ")}.` : "."));
  li.appendChild(why);
  if (kind === "role" && entry.index !== state.target) {
    // The role's name is in the button's text, hidden from sight, so that a list of buttons
    // read out or searched by a screen reader says which role each one is for.
    const button = el("button", "button secondary small match-action", "Make this my target");
    button.type = "button";
    button.appendChild(el("span", "visually-hidden", `: ${item.title}`));
    button.addEventListener("click", () => setTarget(entry.index, true));
    li.appendChild(button);
  }
  return li;
}

/** Large framework: the family whose roles are ranked, if the reader chose one. */
let chosenRankGroup = -1;

/**
 * The family ranked and why: the one chosen, else that of the current role, else that of
 * the target; `{ group: -1 }` when there is none yet.
 */
function rankedGroup() {
  if (chosenRankGroup >= 0) return { group: chosenRankGroup, why: "" };
  for (const [index, why] of [
    [state.current, " (the family of your current role)"],
    [state.target, " (the family of your target)"],
  ]) {
    if (index >= 0 && groupOf.has(index)) return { group: groupOf.get(index), why };
  }
  return { group: -1, why: "" };
}

/** Counts the rankings drawn, so that a family arriving late fills only the latest. */
let matchesDrawn = 0;

function renderMatches() {
  const ratings = ratingsArray();
  const anyRated = ratings.some((l) => l > 0);
  const roleBox = $("assess-matches");
  const oppBox = $("assess-opportunities");
  roleBox.textContent = "";
  oppBox.textContent = "";
  const drawn = ++matchesDrawn;
  if (!anyRated) {
    roleBox.appendChild(el("p", "empty", "Rate at least one skill to see which roles fit you best."));
    oppBox.appendChild(el("p", "empty", "Rate at least one skill to see which open opportunities fit you."));
    return;
  }
  // A large framework ranks the roles of one family; the box above the list says which.
  let pool = null;
  let count = `${roles.length} roles`;
  if (parts) {
    const { group, why } = rankedGroup();
    $("assess-rank-group").value = String(group);
    if (group < 0) {
      roleBox.appendChild(el("p", "empty", "Pick your current role or a target above, or choose a family here, to rank its roles."));
    } else if (!members[group]) {
      roleBox.appendChild(el("p", "muted", `Loading the roles of ${parts.groups[group][0]}…`));
      loadGroup(group).then(
        () => {
          if (drawn === matchesDrawn) renderMatches();
        },
        (err) => say(`The roles of ${parts.groups[group][0]} could not be loaded (${err.message}).`, "error"),
      );
    } else {
      pool = members[group];
      count = `${pool.length.toLocaleString("en")} roles of ${parts.groups[group][0]}${why}`;
    }
  }
  if (!parts || pool) renderRoles(ratings, roleBox, pool, count);
  renderOpportunities(ratings, oppBox);
}

/** Ranks `pool` (role numbers; every role when null) and lists the best. */
function renderRoles(ratings, roleBox, pool, count) {
  let ranked;
  if (pool) {
    // Ranked as a list of their own, then numbered as in the framework again.
    ranked = rank(pool.map((i) => roles[i]), ratings).map((entry) => ({ ...entry, index: pool[entry.index] }));
  } else ranked = rank(roles, ratings);
  roleBox.appendChild(
    el(
      "p",
      "muted match-count",
      ranked.length === 0
        ? `No role ${pool ? `of the ${count} ` : ""}asks for a skill you have rated.`
        : `${ranked.length} of ${count} ask for a skill you have rated` +
            (ranked.length > shownRoles ? `; the best ${shownRoles} are shown.` : "."),
    ),
  );
  const list = el("ol", "matches");
  ranked.slice(0, shownRoles).forEach((entry, i) => list.appendChild(matchItem(i + 1, entry, roles[entry.index], "role")));
  roleBox.appendChild(list);
  if (ranked.length > shownRoles) {
    const more = el("button", "button secondary", `Show ${Math.min(PAGE_SIZE, ranked.length - shownRoles)} more`);
    more.type = "button";
    more.id = "assess-more";
    more.addEventListener("click", () => {
      const first = shownRoles;
      shownRoles += PAGE_SIZE;
      renderMatches();
      // Keyboard users continue where the new entries start.
      const next = $("assess-matches").querySelectorAll(".match")[first];
      const a = next && next.querySelector("a");
      if (a) a.focus();
    });
    roleBox.appendChild(more);
  }
}

function renderOpportunities(ratings, oppBox) {
  const rankedOpps = rank(opportunities, ratings);
  if (opportunities.length === 0) oppBox.appendChild(el("p", "empty", "There is no open opportunity right now."));
  else if (rankedOpps.length === 0) oppBox.appendChild(el("p", "empty", "No open opportunity asks for a skill you have rated."));
  else {
    const olist = el("ol", "matches");
    rankedOpps
      .slice(0, PAGE_SIZE)
      .forEach((entry, i) => olist.appendChild(matchItem(i + 1, entry, opportunities[entry.index], "opportunity")));
    oppBox.appendChild(olist);
  }
}

// ---------------------------------------------------------------------------------------
// The printed summary: the ratings as a table (the radio buttons do not print well).

function renderPrint() {
  const box = $("assess-print");
  box.textContent = "";
  const facts = [];
  if (state.current >= 0) facts.push(`Current role: ${roles[state.current].title}`);
  if (state.target >= 0) facts.push(`Target: ${roles[state.target].title}`);
  if (facts.length) box.appendChild(el("p", "print-facts", facts.join(" · ")));
  const rated = [...state.ratings.entries()].filter(([, l]) => l > 0).sort((a, b) => a[0] - b[0]);
  if (!rated.length) {
    box.appendChild(el("p", null, "No skill rated yet."));
    return;
  }
  const table = el("table", "print-ratings");
  const head = el("tr");
  ["Skill", "My rating", "Current role asks", "Target asks"].forEach((t) => {
    const th = el("th", null, t);
    th.scope = "col";
    head.appendChild(th);
  });
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const [skill, level] of rated) {
    const tr = el("tr");
    const th = el("th", null, skills[skill].name);
    th.scope = "row";
    tr.appendChild(th);
    tr.appendChild(el("td", null, levelText(skill, level)));
    const current = asks(state.current, skill);
    const target = asks(state.target, skill);
    const cell = (a) => (a ? `${levelText(skill, a.level)}${a.choice ? ` (one of ${a.choice})` : ""}` : "–");
    tr.appendChild(el("td", null, cell(current)));
    tr.appendChild(el("td", null, cell(target)));
    body.appendChild(tr);
  }
  table.appendChild(body);
  box.appendChild(table);
}

/** Everything that follows from the ratings: the count, the gap, the ranking, the print. */
function renderResults() {
  const rated = [...state.ratings.values()].filter((l) => l > 0).length;
  const count = $("assess-rated-count");
  const listed = listedSkills().length;
  count.textContent = listed === 0 ? "" : `${rated} of ${listed} skill${listed === 1 ? "" : "s"} rated`;
  renderGap();
  renderMatches();
  renderPrint();
}

function renderAll() {
  showCurrent(state.current);
  showTarget(state.target);
  $("assess-share-banner").hidden = mode !== "shared";
  renderRatings();
  renderResults();
}

// ---------------------------------------------------------------------------------------
// Actions.

function setTarget(index, focus) {
  state.target = index;
  save();
  renderAll();
  if (focus) {
    const heading = $("target-heading");
    heading.focus();
    heading.scrollIntoView({ block: "start" });
  }
}

/** Puts `next` in place of the ratings, saves it, and offers to undo. */
function replaceAssessment(next, message) {
  const before = copyOf(state);
  state = next;
  shownRoles = PAGE_SIZE;
  save();
  renderAll();
  say(message, "info", {
    action: {
      label: "Undo",
      run: () => {
        state = before;
        save();
        renderAll();
        say("Undone.");
      },
    },
  });
}

function prefill() {
  if (state.current < 0) {
    say("Pick your current role first.", "warn");
    $("assess-current").focus();
    return;
  }
  const next = copyOf(state);
  const role = roles[state.current];
  for (const [skill, level] of role.requirements) next.ratings.set(skill, level);
  replaceAssessment(
    next,
    `Your ratings now start from what ${role.title} asks: ${role.requirements.length} skills. Adjust each one to describe your work today.`,
  );
}

function startFromScratch() {
  const next = copyOf(state);
  next.ratings = new Map();
  next.skills = [];
  replaceAssessment(next, "Every rating is cleared: rate the skills below from scratch.");
}

function clearData() {
  const before = copyOf(state);
  const store = storage();
  try {
    if (store) store.removeItem(STORAGE_KEY);
  } catch {
    // Nothing was stored.
  }
  mode = "own";
  state = emptyAssessment();
  shownRoles = PAGE_SIZE;
  dropFragment();
  // The link written earlier carries the ratings: it goes too.
  $("assess-share-url").value = "";
  $("assess-share-box").hidden = true;
  renderAll();
  say("Your ratings are cleared: this browser no longer holds anything from this page.", "info", {
    action: {
      label: "Undo",
      run: () => {
        state = before;
        save();
        renderAll();
        say("Your ratings are back and kept in this browser again.");
      },
    },
  });
}

function exportFile() {
  const doc = toDocument(state, catalog, about());
  const blob = new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = el("a");
  a.href = url;
  a.download = "self-assessment.json";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  say(`Saved ${Object.keys(doc.ratings).length} ratings as self-assessment.json in your downloads.`);
}

async function importFile(input) {
  const file = input.files && input.files[0];
  input.value = "";
  if (!file) return;
  if (file.size > LIMITS.fileBytes) {
    say(`Nothing was imported: the file is too large (${file.size.toLocaleString("en")} bytes); a self-assessment is a few kilobytes.`, "error");
    return;
  }
  let contents;
  try {
    contents = await file.text();
  } catch {
    say("Nothing was imported: the file could not be read.", "error");
    return;
  }
  await loadRolesNamed(rolesInText(contents));
  const result = readFileText(contents, catalog);
  if (result.error) {
    say(`Nothing was imported: ${result.error}.`, "error");
    return;
  }
  mode = "own";
  dropFragment();
  state = result.assessment;
  shownRoles = PAGE_SIZE;
  save();
  renderAll();
  const count = result.assessment.ratings.size;
  const text = `Imported ${count} rating${count === 1 ? "" : "s"} from the file; they are kept in this browser.`;
  if (result.ignored.length) say(`${text} ${leftOut(result.ignored)}`, "warn", { list: result.ignored });
  else say(text);
}

function shareLink() {
  const url = `${window.location.href.split("#")[0]}#${encodeFragment(state, catalog)}`;
  const box = $("assess-share-box");
  const field = $("assess-share-url");
  field.value = url;
  box.hidden = false;
  field.focus();
  field.select();
}

async function copyLink() {
  const field = $("assess-share-url");
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    say("The link is copied.");
  } catch {
    say("Copy the selected link with Ctrl+C (or ⌘C).");
  }
}

function dropFragment() {
  if (window.location.hash && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
}

/** Applies the fragment: a role page's target, or a share link's ratings. */
async function applyFragment() {
  const hash = window.location.hash;
  await loadRolesNamed(rolesInFragment(hash));
  const found = readFragment(hash, catalog);
  if (found.kind === "target") {
    dropFragment();
    if (found.role < 0) {
      say("The link names a role this framework does not have; pick a target below.", "warn");
      return;
    }
    state.target = found.role;
    save();
    return;
  }
  if (found.kind !== "share") return;
  if (found.error) {
    say(`The share link was not opened: ${found.error}. Your own ratings are shown.`, "error");
    return;
  }
  mode = "shared";
  state = found.assessment;
  const count = state.ratings.size;
  const text = `Showing ${count} rating${count === 1 ? "" : "s"} from a share link. They are not kept in this browser unless you choose to.`;
  if (found.ignored.length) say(`${text} ${leftOut(found.ignored)}`, "warn", { list: found.ignored });
  else say(text);
}

function keepShared() {
  mode = "own";
  dropFragment();
  save();
  renderAll();
  say("These ratings are now kept in this browser, in place of any you had.");
}

async function leaveShared() {
  mode = "own";
  dropFragment();
  const stored = await loadStored();
  state = stored.assessment;
  renderAll();
  say("Back to your own ratings.");
}

// ---------------------------------------------------------------------------------------
// Start.

function wire() {
  $("assess-current").addEventListener("change", (event) => {
    state.current = Number(event.target.value);
    // The ranking follows the new role's family again.
    chosenRankGroup = -1;
    save();
    renderAll();
  });
  $("assess-target").addEventListener("change", (event) => setTarget(Number(event.target.value), false));
  $("assess-prefill").addEventListener("click", prefill);
  $("assess-scratch").addEventListener("click", startFromScratch);
  $("assess-add-button").addEventListener("click", () => {
    const skill = Number($("assess-add").value);
    if (!(skill >= 0)) {
      say("Choose a skill to add first.", "warn");
      $("assess-add").focus();
      return;
    }
    if (!state.skills.includes(skill)) state.skills.push(skill);
    save();
    renderAll();
    const row = $(`rate-${skills[skill].id}`);
    const first = row && row.querySelector("input:checked");
    if (first) first.focus();
  });
  $("assess-clear").addEventListener("click", clearData);
  $("assess-export").addEventListener("click", exportFile);
  $("assess-import").addEventListener("change", (event) => importFile(event.target));
  $("assess-share").addEventListener("click", shareLink);
  $("assess-copy").addEventListener("click", copyLink);
  $("assess-print-button").addEventListener("click", () => window.print());
  $("assess-keep").addEventListener("click", keepShared);
  $("assess-leave").addEventListener("click", leaveShared);
  window.addEventListener("hashchange", async () => {
    await applyFragment();
    renderAll();
  });
  // Another tab of this site changed the stored ratings: follow it, unless showing a link.
  window.addEventListener("storage", async (event) => {
    if (event.key !== STORAGE_KEY || mode !== "own") return;
    const stored = await loadStored();
    if (mode === "own") state = stored.assessment;
    renderAll();
  });
  if (parts) {
    $("assess-rank-group").addEventListener("change", (event) => {
      chosenRankGroup = Number(event.target.value);
      shownRoles = PAGE_SIZE;
      renderMatches();
    });
  }
}

async function main() {
  if (!app) return;
  // Shown only while the data loads, so that without scripts the page does not promise it.
  loading.hidden = false;
  let raw;
  try {
    const response = await fetch(`${root}assess/data.json`, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`status ${response.status}`);
    raw = await response.json();
    if (raw.format !== FORMAT) throw new Error("a data format this page does not read");
  } catch (err) {
    loading.textContent = `The framework could not be loaded (${err.message}). If you opened this page as a file, serve the site folder with a web server instead.`;
    loading.classList.add("notice");
    return;
  }
  data = raw;
  unpack(raw);
  showCurrent = rolePicker("current", "Choose your current role");
  showTarget = rolePicker("target", "Choose a role to aim for");
  if (parts) {
    const rankFamily = $("assess-rank-group");
    fillFamilySelect(rankFamily, "Choose a family");
    rankFamily.closest(".rank-family").hidden = false;
  }
  fillSkillSelect($("assess-add"));
  const stored = await loadStored();
  state = stored.assessment;
  if (stored.ignored.length) {
    say(
      `Some of what this browser had kept does not match this edition of the framework. ${leftOut(stored.ignored)}`,
      "warn",
      { list: stored.ignored },
    );
  }
  await applyFragment();
  // The first rows to rate are drawn with their level descriptions.
  await loadLevels(listedSkills()).catch(() => {});
  wire();
  loading.hidden = true;
  app.hidden = false;
  renderAll();
  app.setAttribute("data-ready", "true");
}

main();
