// The scoring of the self-assessment page: pure functions, no DOM and no storage, so Node
// can test them on their own (tests/browser/score.test.mjs) and the page runs exactly what
// was tested. The rule in words is on the page (templates/assess.html, "How the ranking
// works"); keep the two in step.
//
// Shapes used here:
// - ratings: an array indexed by skill number; a level from 1 up, or 0/undefined when the
//   reader has not rated the skill.
// - requirements: an array of [skill, level] pairs.

/** How one requirement stands against the ratings: "meets", "below" (by `short` levels) or "unrated". */
export function standing(rating, required) {
  const level = rating > 0 ? rating : 0;
  if (level === 0) return { status: "unrated", short: required };
  if (level >= required) return { status: "meets", short: 0 };
  return { status: "below", short: required - level };
}

/**
 * The fit of one set of requirements: `reached` is the sum over its skills of the reader's
 * level capped at the level asked (an unrated skill gives 0); `asked` is the sum of the levels
 * asked. `met` counts the skills met in full; `below` lists `{skill, short}` and `unrated`
 * the skills not rated, both in the order of the requirements.
 */
export function fit(requirements, ratings) {
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
  return { reached, asked, met, total: requirements.length, below, unrated };
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
 * Ranks `items` (each `{id, title, requirements}`) against the ratings, best first. Items that
 * ask for nothing, or of which the ratings reach no level at all, are left out: they say
 * nothing about where the reader could go. Returns `{index, fit}` per item kept, `index`
 * being its position in `items`.
 */
export function rank(items, ratings) {
  const scored = [];
  items.forEach((item, index) => {
    if (item.requirements.length === 0) return;
    const f = fit(item.requirements, ratings);
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
 * (furthest first, then in the order asked), then each skill not rated.
 * `skillName(skill)` gives a skill's name.
 */
export function reasons(f, skillName) {
  const out = [`meets ${f.met} of ${f.total}`];
  const below = f.below
    .map((b, order) => ({ ...b, order }))
    .sort((x, y) => y.short - x.short || x.order - y.order);
  for (const b of below) out.push(`${skillName(b.skill)} ${levels(b.short)} below`);
  for (const s of f.unrated) out.push(`${skillName(s)} not rated`);
  return out;
}

/** The fit as a whole percentage, rounded down so that 100% always means every level reached. */
export function percent(f) {
  return f.asked === 0 ? 100 : Math.floor((100 * f.reached) / f.asked);
}

/**
 * Pathways (`{skill, from, to, minutes}`, `from`/`to` 0 when open-ended) that cover part of
 * the climb of `skill` from level `from` to `to` on a scale of `top` levels: they start below
 * the target and end above the current level. The same rule as the site's role pages
 * (`closing_pathways` in src/analyze). Returns their indexes, lowest range first.
 */
export function closingPathways(pathways, skill, from, to, top) {
  const found = [];
  pathways.forEach((p, index) => {
    if (p.skill !== skill) return;
    const start = p.from || 1;
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
 * `tops[skill]` is the number of levels of each skill. Also returns the count met and the
 * distinct pathways with their total minutes.
 */
export function gap(requirements, ratings, pathways, tops) {
  const rows = requirements.map(([skill, required], order) => {
    const rating = ratings[skill] > 0 ? ratings[skill] : 0;
    const s = standing(rating, required);
    const closing = s.status === "meets" ? [] : closingPathways(pathways, skill, rating, required, tops[skill]);
    return { skill, rating, required, status: s.status, short: s.short, pathways: closing, order };
  });
  rows.sort(
    (a, b) =>
      STANDING_ORDER[a.status] - STANDING_ORDER[b.status] ||
      (a.status === "below" ? b.short - a.short : 0) ||
      a.order - b.order,
  );
  const distinct = [...new Set(rows.flatMap((r) => r.pathways))].sort((a, b) => a - b);
  const minutes = distinct.reduce((sum, p) => sum + (pathways[p].minutes || 0), 0);
  return { rows, met: rows.filter((r) => r.status === "meets").length, pathways: distinct, minutes };
}

/** `90` → `1 h 30 min`, as the site's pathway pages write it. */
export function duration(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  if (m === 0) return `${h} h`;
  return `${h} h ${m} min`;
}
