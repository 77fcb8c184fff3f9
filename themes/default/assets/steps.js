// The next step between two roles, shared by the compare page (compare.js) and the
// self-assessment (assess.js): what each side's level says, the roles' own words, the
// choices ("any N of these") and the dimensions, from the track files the build writes to
// compare/tracks/<track>.json (layout in docs/theming.md).
//
// The first half is pure (no DOM), so Node tests it on its own (tests/browser/steps.test.mjs).
// The second half builds the page's pieces. Names and titles are set with textContent;
// statements arrive as inline HTML the build rendered from Markdown and sanitized, and are
// inserted as they are, never built from contributor text here.

/** The `format` of the track files this script reads. */
export const TRACK_FORMAT = 1;

// ---------------------------------------------------------------------------------------
// Levels on a skill's own scale.

/** The number of the skill's highest level (`skill` as in a track file). */
export function lastLevel(skill) {
  return skill.first + skill.names.length - 1;
}

/** The name of level `level`, or "level N" if the skill has no such level. */
export function levelName(skill, level) {
  return skill.names[level - skill.first] ?? `level ${level}`;
}

/** "level 3 of 5", or "level 3 of 2–5" for a skill whose levels start at 2. */
export function levelPhrase(skill, level) {
  const last = lastLevel(skill);
  return `level ${level} of ${skill.first > 1 ? `${skill.first}–${last}` : last}`;
}

// ---------------------------------------------------------------------------------------
// Statements.

/** A statement as compared: lowercase, every run of whitespace one space (as src/analyze/step.rs). */
export function normalized(text) {
  return text.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
}

/**
 * What level `level` of skill `id` says in track file `track`, with a role's `expectations`
 * for it: `{summary, signals, examples, expectations}`, each statement inline HTML.
 * `wordsOnly` keeps only the expectations (two roles at the same level share the rest).
 */
export function levelWords(track, id, level, expectations, wordsOnly = false) {
  const words = (!wordsOnly && track.skills[id]?.levels?.[String(level)]) || {};
  return {
    summary: words.summary ?? null,
    signals: words.signals ?? [],
    examples: words.examples ?? [],
    expectations: expectations ?? [],
  };
}

/** Every statement of `words`, summary first. */
export function statementsOf(words) {
  return [...(words.summary ? [words.summary] : []), ...words.signals, ...words.examples, ...words.expectations];
}

/**
 * Marks each statement of `after` that `before` lacks as new: returns the same shape with
 * `{html, isNew}` per statement and `allNew`. Without `before` (the skill is new to the
 * reader), or when every statement is new, none is marked one by one and `allNew` is true.
 */
export function markNew(before, after) {
  const known = before ? new Set(statementsOf(before).map(normalized)) : null;
  const mark = (html) => ({ html, isNew: known !== null && !known.has(normalized(html)) });
  const out = {
    summary: after.summary ? mark(after.summary) : null,
    signals: after.signals.map(mark),
    examples: after.examples.map(mark),
    expectations: after.expectations.map(mark),
  };
  const all = [...(out.summary ? [out.summary] : []), ...out.signals, ...out.examples, ...out.expectations];
  const allNew = known === null || all.every((s) => s.isNew);
  if (allNew) all.forEach((s) => (s.isNew = false));
  return { ...out, allNew };
}

// ---------------------------------------------------------------------------------------
// A role in its track file.

/**
 * A role of a track file as the scripts use it: `{id, title, grade, track, requirements,
 * choices, expectations}`; `requirements` are `{skill, level, expectations}`, each choice
 * `{name, pick, summary, requirements}`. `null` when the file has no such role.
 */
export function roleOf(track, id) {
  const raw = track.roles[id];
  if (!raw) return null;
  const requirement = ([skill, level, expectations]) => ({ skill, level, expectations });
  return {
    id,
    title: raw.title,
    grade: raw.grade,
    track,
    requirements: raw.requirements.map(requirement),
    choices: raw.choices.map((c) => ({ ...c, requirements: c.requirements.map(requirement) })),
    expectations: raw.expectations,
  };
}

/** The role's level for `skill` from its own requirements, or 0. */
function plainLevel(role, skill) {
  return role.requirements.find((q) => q.skill === skill)?.level ?? 0;
}

/** The requirement of `skill` in one of the role's choices, with the choice, or null. */
function inChoice(role, skill) {
  for (const choice of role.choices) {
    const q = choice.requirements.find((r) => r.skill === skill);
    if (q) return { choice, requirement: q };
  }
  return null;
}

/** Which skills every choice of the role offers. */
function choiceSkills(role) {
  return new Set(role.choices.flatMap((c) => c.requirements.map((q) => q.skill)));
}

const ORDER = { new: 0, raised: 1, unchanged: 2, lowered: 3, dropped: 4 };

/** How a level changes: new, raised, unchanged, lowered or dropped (0: not required). */
export function change(from, to) {
  if (from === 0) return "new";
  if (to === 0) return "dropped";
  if (to > from) return "raised";
  if (to === from) return "unchanged";
  return "lowered";
}

/** Words for readers, as on the role pages. */
export const CHANGE_LABEL = {
  new: "new",
  raised: "raised",
  unchanged: "unchanged",
  lowered: "lowered",
  dropped: "not required",
};

/** Skill `id` as either role's track file knows it. */
function skillOf(a, b, id) {
  return b.track.skills[id] ?? a.track.skills[id];
}

/** Two lists of statements are the same when they read the same, in order. */
function sameWords(x, y) {
  return x.length === y.length && x.every((t, i) => normalized(t) === normalized(y[i]));
}

/**
 * The skill rows from role `a` to role `b`: every skill either asks for in its own
 * requirements, except those `b` asks for only as one of its choices (shown with the
 * choice). A skill `a` holds only as one of its choice's options counts at that level, with
 * `via` naming the choice. Ordered new, raised, unchanged, lowered, dropped, then as the
 * framework orders skills. `textChanged`: same level, different words of the two roles.
 */
export function skillRows(a, b) {
  const offered = choiceSkills(b);
  const ids = new Set();
  a.requirements.forEach((q) => {
    if (b.requirements.some((r) => r.skill === q.skill) || !offered.has(q.skill)) ids.add(q.skill);
  });
  b.requirements.forEach((q) => ids.add(q.skill));
  const rows = [...ids].map((id) => {
    const fromReq = a.requirements.find((q) => q.skill === id) ?? null;
    const toReq = b.requirements.find((q) => q.skill === id) ?? null;
    let from = fromReq ? fromReq.level : 0;
    let via = null;
    let fromWords = fromReq ? fromReq.expectations : [];
    if (!fromReq && toReq) {
      const held = inChoice(a, id);
      if (held) {
        from = held.requirement.level;
        via = held.choice.name;
        fromWords = held.requirement.expectations;
      }
    }
    const to = toReq ? toReq.level : 0;
    const kind = change(from, to);
    const textChanged = kind === "unchanged" && !sameWords(fromWords, toReq.expectations);
    return { skill: id, info: skillOf(a, b, id), from, to, via, change: kind, textChanged, fromWords, toWords: toReq ? toReq.expectations : [] };
  });
  rows.sort((x, y) => ORDER[x.change] - ORDER[y.change] || x.info.order - y.info.order);
  return rows;
}

/**
 * How role `a` stands against one choice of role `b`: per option its level in `a` (its own
 * requirement, or in one of its choices, `via`), whether that meets the option, and whether
 * the choice is met: at least `pick` options met by `a`'s own requirements. `missing` is how
 * many more options must be met; `held` counts options `a` offers in a choice of its own
 * at the level (met if that is the option the reader holds).
 */
export function choiceStanding(a, choice) {
  const options = choice.requirements.map((q) => {
    const own = plainLevel(a, q.skill);
    const held = own > 0 ? null : inChoice(a, q.skill);
    const level = own || (held ? held.requirement.level : 0);
    return {
      skill: q.skill,
      level: q.level,
      expectations: q.expectations,
      have: level,
      via: held ? held.choice.name : null,
      haveWords: own > 0 ? a.requirements.find((r) => r.skill === q.skill).expectations : held ? held.requirement.expectations : [],
      meets: own >= q.level,
      heldMeets: own === 0 && held !== null && level >= q.level,
    };
  });
  const met = options.filter((o) => o.meets).length;
  return {
    options,
    met,
    held: options.filter((o) => o.heldMeets).length,
    satisfied: met >= choice.pick,
    missing: Math.max(0, choice.pick - met),
  };
}

/**
 * The text of each dimension that applies to role `r`, in layers, most general first:
 * `[{dimension, layers: [{label, statements}]}]`, one entry per dimension of the file.
 */
export function dimensionsOf(r) {
  const grade = r.track.grades[r.grade] ?? { name: r.grade, expectations: [], track: [] };
  return r.track.dimensions.map((dimension, i) => ({
    dimension,
    layers: [
      { label: `Every ${grade.name} (${r.grade})`, statements: grade.expectations[i] ?? [] },
      { label: `${r.track.track.name} at ${r.grade}`, statements: grade.track[i] ?? [] },
      { label: `${r.title}'s own`, statements: r.expectations[i] ?? [] },
    ].filter((l) => l.statements.length > 0),
  }));
}

/**
 * Each dimension from `a` to `b`: `{dimension, from, to, changed}`, where `from` and `to` are
 * the layers of `dimensionsOf`; `changed` when the statements differ, ignoring layers.
 * Dimensions neither role has text for are left out.
 */
export function dimensionRows(a, b) {
  const left = dimensionsOf(a);
  const right = dimensionsOf(b);
  const flat = (d) => d.layers.flatMap((l) => l.statements);
  return right
    .map((d, i) => {
      const from = left.find((x) => x.dimension.id === d.dimension.id) ?? { layers: [] };
      return { dimension: d.dimension, from: from.layers, to: d.layers, changed: !sameWords(flat(from), flat(d)) };
    })
    .filter((row) => row.from.length > 0 || row.to.length > 0);
}

/**
 * Pathways of a skill (`[id, title, from, to]`, 0 when open-ended) that cover part of the
 * climb from `from` to `to`: they start below the target and end above the current level,
 * as on the role pages (`closing_pathways` in src/analyze). Lowest range first.
 */
export function closingPathways(skill, from, to) {
  const found = [];
  skill.pathways.forEach(([id, title, start, end], index) => {
    const s = start || skill.first;
    const e = end || lastLevel(skill);
    if (e > from && s < to) found.push({ id, title, start: s, end: e, index });
  });
  found.sort((x, y) => x.start - y.start || x.end - y.end || x.index - y.index);
  return found;
}

// ---------------------------------------------------------------------------------------
// Loading track files.

const loaded = new Map();

/**
 * The track file of `trackId` from `folder` (the URL of compare/tracks/, ending in `/`),
 * fetched once per page. Rejects with a message a reader can act on.
 */
export function loadTrack(folder, trackId) {
  return fetchJson(`${folder}${encodeURIComponent(trackId)}.json`).then((track) => {
    if (track.format !== TRACK_FORMAT) throw new Error("a data format this page does not read");
    return track;
  });
}

/** A JSON file of this site, fetched once per page; a failed fetch is tried again next time. */
export function fetchJson(url) {
  if (!loaded.has(url)) {
    const promise = fetch(url, { credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error(`status ${response.status}`);
      return response.json();
    });
    promise.catch(() => loaded.delete(url));
    loaded.set(url, promise);
  }
  return loaded.get(url);
}

// ---------------------------------------------------------------------------------------
// The page's pieces. These need a document; the functions above do not.

/** An element with a class and text (set with textContent). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** An element holding `html`, a statement the build rendered and sanitized. */
export function statement(tag, className, html) {
  const node = el(tag, className);
  node.innerHTML = html;
  return node;
}

/** A link. */
export function link(text, href, className) {
  const a = el("a", className, text);
  a.href = href;
  return a;
}

/**
 * A level as the site's `level_bar` draws it: a `<meter>` the stylesheet cuts into one
 * segment per level (hidden from screen readers, which read the words instead), the level's
 * name, and in a `<small>` where it sits on the skill's own scale.
 */
export function levelBar(skill, level) {
  const last = lastLevel(skill);
  const wrap = el("span", "level");
  const meter = el("meter", `m${last}`);
  // A scale starting at `first` fills from `first - 1`, so its first level shows one segment.
  if (skill.first > 1) meter.min = skill.first - 1;
  meter.max = last;
  meter.value = level;
  meter.setAttribute("aria-hidden", "true");
  wrap.appendChild(meter);
  wrap.appendChild(document.createTextNode(` ${levelName(skill, level)} `));
  wrap.appendChild(el("small", null, levelPhrase(skill, level)));
  return wrap;
}

function marked(item) {
  const node = document.createDocumentFragment();
  if (item.isNew) {
    const ins = el("ins");
    ins.appendChild(el("span", "new-mark", "new"));
    ins.appendChild(document.createTextNode(" "));
    const text = el("span");
    text.innerHTML = item.html;
    ins.appendChild(text);
    node.appendChild(ins);
  } else {
    const text = el("span");
    text.innerHTML = item.html;
    node.appendChild(text);
  }
  return node;
}

/** One side's statements (from `markNew`), as partials/statements.html lays them out. */
export function statementsBlock(side, roleLabel = "In this role") {
  const box = document.createDocumentFragment();
  if (side.summary) box.appendChild(el("p", "descriptor")).appendChild(marked(side.summary));
  const list = (items, kind, className) => {
    if (!items.length) return;
    box.appendChild(el("p", "statement-kind", kind));
    const ul = el("ul", className);
    for (const item of items) ul.appendChild(el("li")).appendChild(marked(item));
    box.appendChild(ul);
  };
  list(side.signals, "Signals", "signals");
  list(side.examples, "Examples", "examples");
  list(side.expectations, roleLabel, "expectations");
  if (!side.summary && !side.signals.length && !side.examples.length && !side.expectations.length) {
    box.appendChild(el("p", "muted", "The framework says nothing more for this level."));
  }
  return box;
}

/** Statements without marks, in the shape `statementsBlock` takes. */
export function unmarked(words) {
  const plain = (html) => ({ html, isNew: false });
  return {
    summary: words.summary ? plain(words.summary) : null,
    signals: words.signals.map(plain),
    examples: words.examples.map(plain),
    expectations: words.expectations.map(plain),
  };
}

/**
 * A next-step card for one skill, for compare and the self-assessment: `now` (`{label,
 * words}` or null when the skill is new) beside `next` (`{label, words}`), the next side's
 * new statements marked. Here both sides' words are drawn, as these pages do not already
 * show the reader's; a role page's card (partials/step.html) links to them instead. `open` unfolds it on screen (print shows all).
 */
export function stepCard({ name, href, summary, kind, label, now, next, open, nowMissing }) {
  const details = el("details", `next-skill change-${kind === "text" ? "unchanged text-changed" : kind}`);
  details.open = open;
  const head = el("summary");
  head.appendChild(el("span", "next-skill-name", name));
  head.appendChild(document.createTextNode(` ${summary} `));
  head.appendChild(el("span", `change change-${kind}`, label));
  details.appendChild(head);
  const grid = el("div", "next-grid");
  const before = el("div", "next-side next-now");
  before.appendChild(el("p", "next-label", now ? now.label : "Now"));
  if (now) before.appendChild(statementsBlock(unmarked(now.words), now.roleLabel));
  else before.appendChild(el("p", "muted", nowMissing || "Not required now."));
  grid.appendChild(before);
  const after = el("div", "next-side next-next");
  const words = markNew(now ? now.words : null, next.words);
  const heading = el("p", "next-label", next.label);
  if (words.allNew && now) heading.appendChild(el("span", "muted", " (all new)"));
  after.appendChild(heading);
  after.appendChild(statementsBlock(words, next.roleLabel));
  grid.appendChild(after);
  details.appendChild(grid);
  if (href) {
    const more = el("p", "muted next-more");
    more.appendChild(link(`Every level of ${name}`, href));
    details.appendChild(more);
  }
  return details;
}

/** One side of a dimension: each layer's statements under its label, new ones marked. */
function layersBlock(layers, known) {
  const box = document.createDocumentFragment();
  const all = layers.flatMap((l) => l.statements);
  const allNew = known === null || all.every((t) => !known.has(normalized(t)));
  for (const layer of layers) {
    box.appendChild(el("p", "statement-kind", layer.label));
    const ul = el("ul", "expectations");
    for (const html of layer.statements) {
      const isNew = !allNew && !known.has(normalized(html));
      ul.appendChild(el("li")).appendChild(marked({ html, isNew }));
    }
    box.appendChild(ul);
  }
  if (!layers.length) box.appendChild(el("p", "muted", "Nothing is written for this role."));
  return { box, allNew: allNew && known !== null && all.length > 0 };
}

/**
 * A next-step card for one dimension (`row` from `dimensionRows`): what applies to the
 * current role beside what applies to the other, statements the current role lacks marked.
 */
export function dimensionCard(row, fromTitle, toTitle, open) {
  const details = el("details", "next-skill next-dimension change-raised");
  details.open = open;
  const head = el("summary");
  head.appendChild(el("span", "next-skill-name", row.dimension.name));
  head.appendChild(document.createTextNode(" "));
  head.appendChild(el("span", "change change-text", row.from.length ? "text changed" : "new"));
  details.appendChild(head);
  if (row.dimension.summary) details.appendChild(statement("p", "muted next-help", row.dimension.summary));
  const grid = el("div", "next-grid");
  const before = el("div", "next-side next-now");
  before.appendChild(el("p", "next-label", `Now: ${fromTitle}`));
  before.appendChild(layersBlock(row.from, null).box);
  grid.appendChild(before);
  const after = el("div", "next-side next-next");
  const known = row.from.length ? new Set(row.from.flatMap((l) => l.statements).map(normalized)) : null;
  const side = layersBlock(row.to, known);
  const label = el("p", "next-label", `There: ${toTitle}`);
  if (side.allNew) label.appendChild(el("span", "muted", " (all new)"));
  after.appendChild(label);
  after.appendChild(side.box);
  grid.appendChild(after);
  details.appendChild(grid);
  return details;
}
