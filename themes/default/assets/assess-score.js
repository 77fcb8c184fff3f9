// The scoring of the self-assessment page: pure functions, no DOM and no storage, so Node
// can test them on their own (tests/browser/score.test.mjs) and the page runs exactly what
// was tested. The rule in words is on the page (templates/assess.html, "How the ranking
// works"); keep the two in step.
//
// Shapes used here:
// - ratings: an array indexed by skill number; a level from 1 up, or 0/undefined when the
//   reader has not rated the skill.
// - requirements: an array of [skill, level] pairs.
// - choices: an array of `{name, pick, requirements}`: any `pick` of the requirements.
// Levels are numbers on each skill's own range, which may start above 1 (a skill whose
// first level is 2 counts its first level as 2, as the site numbers it).

/** How one requirement stands against the ratings: "meets", "below" (by `short` levels) or "unrated". */
export function standing(rating, required) {
  const level = rating > 0 ? rating : 0;
  if (level === 0) return { status: "unrated", short: required };
  if (level >= required) return { status: "meets", short: 0 };
  return { status: "below", short: required - level };
}

/** The share of `option` (`{reached, asked}`) is larger than that of `other`: compared as fractions. */
function closer(option, other) {
  return option.reached * other.asked - other.reached * option.asked;
}

/**
 * How the ratings stand against one choice: its options each with their standing, ordered
 * closest first (met in full, then the larger share of the level asked, then as written);
 * the first `pick` of them are `picked`, the options the fit counts. `met` counts the
 * options met in full; the choice is `satisfied` when that reaches `pick`.
 */
export function choiceFit(choice, ratings) {
  const options = choice.requirements.map(([skill, required], order) => {
    const rating = ratings[skill] > 0 ? ratings[skill] : 0;
    const s = standing(rating, required);
    return { skill, required, rating, status: s.status, short: s.short, reached: Math.min(rating, required), asked: required, order };
  });
  const ordered = [...options].sort(
    (x, y) => (y.status === "meets") - (x.status === "meets") || -closer(x, y) || x.order - y.order,
  );
  const picked = ordered.slice(0, choice.pick);
  const met = options.filter((o) => o.status === "meets").length;
  return {
    name: choice.name,
    pick: choice.pick,
    options,
    picked: picked.map((o) => o.skill),
    reached: picked.reduce((sum, o) => sum + o.reached, 0),
    asked: picked.reduce((sum, o) => sum + o.asked, 0),
    met,
    satisfied: met >= choice.pick,
  };
}

/**
 * The fit of one set of requirements and choices: `reached` is the sum over its skills of
 * the reader's level capped at the level asked (an unrated skill gives 0); `asked` is the sum
 * of the levels asked. A choice counts through the `pick` options the ratings come closest
 * to (see `choiceFit`). `met` counts the skills met in full and the choices satisfied, of
 * `total` (the requirements and the choices); `below` lists `{skill, short}` and `unrated`
 * the skills not rated, both in the order of the requirements; `choices` the `choiceFit` of
 * each choice.
 */
export function fit(requirements, ratings, choices = []) {
  let reached = 0;
  let asked = 0;
  let met = 0;
  const below = [];
  const unrated = [];
  for (const [skill, required] of requirements) {
    const rating = ratings[skill] > 0 ? ratings[skill] : 0;
    const s = standing(rating, required);
    asked += required;
    reached += Math.min(rating, required);
    if (s.status === "meets") met++;
    else if (s.status === "below") below.push({ skill, short: s.short });
    else unrated.push(skill);
  }
  const fits = choices.map((c) => choiceFit(c, ratings));
  for (const c of fits) {
    reached += c.reached;
    asked += c.asked;
    if (c.satisfied) met++;
  }
  return { reached, asked, met, total: requirements.length + choices.length, below, unrated, choices: fits };
}

/** The fit as a share from 0 to 1 (1 for a role that asks for nothing). */
export function share(f) {
  return f.asked === 0 ? 1 : f.reached / f.asked;
}

/** Compares two strings by code point, the same in every browser and locale. */
function byCodePoint(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders two scored entries (`{fit, title, id}`), best first: higher share (compared exactly,
 * as fractions, so equal shares tie whatever their floating-point rounding), then more
 * skills met in full, then more levels asked in total, then title, then id.
 */
export function compareEntries(x, y) {
  const a = x.fit;
  const b = y.fit;
  // reached/asked against reached/asked without dividing, so that 2/4 and 3/6 tie exactly.
  const shareOrder = a.asked > 0 && b.asked > 0 ? b.reached * a.asked - a.reached * b.asked : share(b) - share(a);
  return (
    shareOrder ||
    b.met - a.met ||
    b.asked - a.asked ||
    byCodePoint(x.title, y.title) ||
    byCodePoint(x.id, y.id)
  );
}

/**
 * Ranks `items` (each `{id, title, requirements, choices}`, `choices` optional) against the
 * ratings, best first. Items that ask for nothing, or of which the ratings reach no level at
 * all, are left out: they say nothing about where the reader could go. Returns `{index, fit}`
 * per item kept, `index` being its position in `items`.
 */
export function rank(items, ratings) {
  const scored = [];
  items.forEach((item, index) => {
    const choices = item.choices || [];
    if (item.requirements.length === 0 && choices.length === 0) return;
    const f = fit(item.requirements, ratings, choices);
    if (f.reached === 0) return;
    scored.push({ index, id: item.id, title: item.title, fit: f });
  });
  scored.sort(compareEntries);
  return scored.map(({ index, fit: f }) => ({ index, fit: f }));
}

/** `1 level` / `2 levels`. */
function levels(n) {
  return n === 1 ? "1 level" : `${n} levels`;
}

/**
 * The reasons for a fit, one phrase each: "meets 7 of 9", then each skill below with how far
 * (furthest first, then in the order asked), then each choice not satisfied with how many of
 * its options are met ("Archetype: 0 of the 1 needed"), then each skill not rated.
 * `skillName(skill)` gives a skill's name.
 */
export function reasons(f, skillName) {
  const out = [`meets ${f.met} of ${f.total}`];
  const below = f.below
    .map((b, order) => ({ ...b, order }))
    .sort((x, y) => y.short - x.short || x.order - y.order);
  for (const b of below) out.push(`${skillName(b.skill)} ${levels(b.short)} below`);
  for (const c of f.choices || []) {
    if (!c.satisfied) out.push(`${c.name}: ${c.met} of the ${c.pick} needed`);
  }
  for (const s of f.unrated) out.push(`${skillName(s)} not rated`);
  return out;
}

/** The fit as a whole percentage, rounded down so that 100% always means every level reached. */
export function percent(f) {
  return f.asked === 0 ? 100 : Math.floor((100 * f.reached) / f.asked);
}

/**
 * Pathways (`{skill, from, to, minutes}`, `from`/`to` 0 when open-ended) that cover part of
 * the climb of `skill` from level `from` to `to` on a scale running from level `first` to
 * `top`: they start below the target and end above the current level. The same rule as the
 * site's role pages (`closing_pathways` in src/analyze). Returns their indexes, lowest range
 * first.
 */
export function closingPathways(pathways, skill, from, to, top, first = 1) {
  const found = [];
  pathways.forEach((p, index) => {
    if (p.skill !== skill) return;
    const start = p.from || first;
    const end = p.to || top;
    if (end > from && start < to) found.push({ start, end, index });
  });
  found.sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  return found.map((p) => p.index);
}

const STANDING_ORDER = { below: 0, unrated: 1, meets: 2 };

/**
 * The gap from the ratings to a target's requirements: one row per requirement with its
 * standing and the pathways that close it, in the order of the reasons: the skills below
 * (furthest first), then those not rated, then those met, each in the order asked.
 * `tops[skill]` is the number of each skill's highest level, `firsts[skill]` of its lowest
 * (1 when not given). Each of `choices` comes back in `choices` with its `choiceFit` and a
 * row per option, in the order written. Also returns the count met (requirements met and
 * choices satisfied) and the distinct pathways of the requirements and of the options of
 * choices not yet satisfied, with their total minutes.
 */
export function gap(requirements, ratings, pathways, tops, { firsts = [], choices = [] } = {}) {
  const row = ([skill, required], order) => {
    const rating = ratings[skill] > 0 ? ratings[skill] : 0;
    const s = standing(rating, required);
    const closing =
      s.status === "meets" ? [] : closingPathways(pathways, skill, rating, required, tops[skill], firsts[skill] || 1);
    return { skill, rating, required, status: s.status, short: s.short, pathways: closing, order };
  };
  const rows = requirements.map(row);
  rows.sort(
    (a, b) =>
      STANDING_ORDER[a.status] - STANDING_ORDER[b.status] ||
      (a.status === "below" ? b.short - a.short : 0) ||
      a.order - b.order,
  );
  const chosen = choices.map((c) => ({ ...choiceFit(c, ratings), rows: c.requirements.map(row) }));
  const open = chosen.filter((c) => !c.satisfied).flatMap((c) => c.rows);
  const distinct = [...new Set([...rows, ...open].flatMap((r) => r.pathways))].sort((a, b) => a - b);
  const minutes = distinct.reduce((sum, p) => sum + (pathways[p].minutes || 0), 0);
  const met = rows.filter((r) => r.status === "meets").length + chosen.filter((c) => c.satisfied).length;
  return { rows, choices: chosen, met, pathways: distinct, minutes };
}

/** `90` → `1 h 30 min`, as the site's pathway pages write it. */
export function duration(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  if (m === 0) return `${h} h`;
  return `${h} h ${m} min`;
}
