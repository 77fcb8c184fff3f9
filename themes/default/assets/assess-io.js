// Reading and writing a self-assessment: the JSON document kept in localStorage and exported
// as a file, and the share link's fragment. Imported files and links are untrusted input, so
// everything is validated against the framework: unknown skills and roles, levels outside a
// skill's scale, wrong types and oversized input are left out and listed, never trusted.
// Pure functions without DOM or storage, tested by tests/browser/assess-io.test.mjs. Past
// 2,000 roles the catalog knows only the roles of the groups loaded so far (`addRoles`):
// the page loads the groups of the roles an input names (`rolesInText`, `rolesInFragment`)
// before reading it.
//
// An assessment is `{ ratings, skills, current, target }`: `ratings` a Map from skill number
// to level (on the skill's own range, which may start above 1), `skills` the numbers of
// skills added to rate by hand, `current` and `target` role numbers or -1. A catalog is
// `{ skills: Map id → number, firsts: [lowest level per skill], tops: [highest level per
// skill], roles: Map id → number, skillIds: [...], roleIds: [...] }`.

/** The `format` of an exported file. */
export const FILE_FORMAT = "trellis-self-assessment";
/** The version of the document; a newer one is refused rather than half read. */
export const FILE_VERSION = 1;

/** Input limits: a real assessment is a few hundred bytes; these are far above it. */
export const LIMITS = {
  /** Largest file accepted for import, in bytes. */
  fileBytes: 1000000,
  /** Longest share-link fragment accepted, in characters. */
  fragmentChars: 20000,
  /** Most ratings or skills read from one input; the rest are left out. */
  entries: 5000,
  /** Longest id quoted back in a message. */
  quoted: 40,
};

/** An empty assessment. */
export function emptyAssessment() {
  return { ratings: new Map(), skills: [], current: -1, target: -1 };
}

/** Builds the lookup tables from the page's data (`assess/data.json`). */
export function catalogOf(data) {
  const skills = new Map();
  const roles = new Map();
  data.skills.forEach((s, i) => skills.set(s[0], i));
  data.roles.forEach((r, i) => roles.set(r[0], i));
  return {
    skills,
    roles,
    firsts: data.skills.map((s) => s[5] || 1),
    tops: data.skills.map((s) => (s[5] || 1) + data.scales[s[3]].length - 1),
    skillIds: data.skills.map((s) => s[0]),
    roleIds: data.roles.map((r) => r[0]),
  };
}

/**
 * Adds the roles of a group file to a catalog made from the core of a large framework
 * (whose `roles` are empty): `rows` of `[number, id, …]`, numbered as in the framework.
 */
export function addRoles(catalog, rows) {
  for (const [index, id] of rows) {
    catalog.roles.set(id, index);
    catalog.roleIds[index] = id;
  }
}

/** A role id worth looking up: text of a sensible length (the readers below say the rest). */
function lookable(value) {
  return typeof value === "string" && value.length > 0 && value.length <= 200;
}

/**
 * The role ids a document's text names (its current role and target), read before the
 * document itself so that a large framework can load their groups first. Validates nothing:
 * `readFileText` does, and reports the ids the catalog still does not know.
 */
export function rolesInText(text) {
  if (typeof text !== "string" || text.length > LIMITS.fileBytes) return [];
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  return isPlainObject(value) ? [value.current, value.target].filter(lookable) : [];
}

/** The role ids a fragment names (`c`, `t`, or a role page's `target`), as `rolesInText`. */
export function rolesInFragment(hash) {
  const text = typeof hash === "string" ? hash.replace(/^#/, "") : "";
  if (text === "" || text.length > LIMITS.fragmentChars) return [];
  let params;
  try {
    params = new URLSearchParams(text);
  } catch {
    return [];
  }
  return ["c", "t", "target"].map((key) => params.get(key)).filter(lookable);
}

/**
 * A value from the input, safe and short enough to quote back in a message: text in quotes,
 * anything else as its JSON (so that "3" and 3 read differently).
 */
export function quote(value) {
  const isText = typeof value === "string";
  let text;
  if (isText) text = value;
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = undefined;
    }
    if (text === undefined) text = String(value);
  }
  // Control and invisible characters would make the message misleading.
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, "?");
  const chars = Array.from(text);
  if (chars.length > LIMITS.quoted) text = `${chars.slice(0, LIMITS.quoted).join("")}…`;
  return isText ? `“${text}”` : text;
}

function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads one rating `[id, level]` into `out`; says in `ignored` what was left out and why.
 * A level of 0 or null means "not rated" and is dropped without a word.
 */
function readRating(id, level, catalog, out, ignored) {
  const skill = catalog.skills.get(id);
  if (typeof id !== "string" || skill === undefined) {
    ignored.push(`the rating of unknown skill ${quote(id)}`);
    return;
  }
  if (level === 0 || level === null) return;
  const top = catalog.tops[skill];
  const first = catalog.firsts ? catalog.firsts[skill] : 1;
  if (typeof level !== "number" || !Number.isInteger(level) || level < first || level > top) {
    ignored.push(`the rating ${quote(level)} of ${quote(id)}, which has levels ${first} to ${top}`);
    return;
  }
  if (out.ratings.has(skill)) ignored.push(`a second rating of ${quote(id)}`);
  else out.ratings.set(skill, level);
}

function readSkillList(list, catalog, out, ignored) {
  for (const id of list) {
    const skill = typeof id === "string" ? catalog.skills.get(id) : undefined;
    if (skill === undefined) ignored.push(`unknown skill ${quote(id)} in the skills to rate`);
    else if (!out.skills.includes(skill)) out.skills.push(skill);
  }
}

function readRole(value, field, catalog, ignored) {
  if (value === undefined || value === null || value === "") return -1;
  const role = typeof value === "string" ? catalog.roles.get(value) : undefined;
  if (role === undefined) {
    ignored.push(`unknown ${field} role ${quote(value)}`);
    return -1;
  }
  return role;
}

/** Leaves out entries beyond the limit, and says so. */
function capped(entries, what, ignored) {
  if (entries.length <= LIMITS.entries) return entries;
  ignored.push(`${entries.length - LIMITS.entries} ${what} beyond the first ${LIMITS.entries}`);
  return entries.slice(0, LIMITS.entries);
}

const KNOWN_FIELDS = new Set(["format", "version", "framework", "edition", "ratings", "skills", "current", "target"]);

/**
 * Reads a parsed JSON document (an exported file, or what localStorage holds). Returns
 * `{ assessment, ignored }`, or `{ error }` when the document is not a self-assessment at all.
 */
export function readDocument(value, catalog) {
  if (!isPlainObject(value)) return { error: "it is not a self-assessment file: it holds no JSON object" };
  if (value.format !== FILE_FORMAT) {
    return { error: `it is not a self-assessment file: its "format" is not "${FILE_FORMAT}"` };
  }
  if (value.version !== undefined && value.version !== FILE_VERSION) {
    return { error: `it is version ${quote(value.version)} of the file, and this page reads version ${FILE_VERSION}` };
  }
  const out = emptyAssessment();
  const ignored = [];
  for (const key of Object.keys(value)) {
    if (!KNOWN_FIELDS.has(key)) ignored.push(`the field ${quote(key)}`);
  }
  if (value.ratings !== undefined) {
    if (isPlainObject(value.ratings)) {
      for (const [id, level] of capped(Object.entries(value.ratings), "ratings", ignored)) {
        readRating(id, level, catalog, out, ignored);
      }
    } else {
      ignored.push(`"ratings", which is not an object of skill ids and levels`);
    }
  }
  if (value.skills !== undefined) {
    if (Array.isArray(value.skills)) readSkillList(capped(value.skills, "skills to rate", ignored), catalog, out, ignored);
    else ignored.push(`"skills", which is not a list of skill ids`);
  }
  out.current = readRole(value.current, "current", catalog, ignored);
  out.target = readRole(value.target, "target", catalog, ignored);
  return { assessment: out, ignored };
}

/** Reads the text of an imported file: size first, then JSON, then the document. */
export function readFileText(text, catalog) {
  if (typeof text !== "string") return { error: "the file could not be read as text" };
  if (text.length > LIMITS.fileBytes) {
    return { error: `the file is too large (more than ${LIMITS.fileBytes.toLocaleString("en")} characters); a self-assessment is a few kilobytes` };
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: "the file is not valid JSON" };
  }
  return readDocument(value, catalog);
}

/** The document to store or export: ratings by skill id, in the framework's skill order. */
export function toDocument(assessment, catalog, about = {}) {
  const ratings = {};
  [...assessment.ratings.entries()]
    .filter(([, level]) => level > 0)
    .sort((a, b) => a[0] - b[0])
    .forEach(([skill, level]) => {
      ratings[catalog.skillIds[skill]] = level;
    });
  const doc = { format: FILE_FORMAT, version: FILE_VERSION };
  if (about.framework) doc.framework = about.framework;
  if (about.edition) doc.edition = about.edition;
  doc.ratings = ratings;
  doc.skills = assessment.skills.map((s) => catalog.skillIds[s]);
  if (assessment.current >= 0) doc.current = catalog.roleIds[assessment.current];
  if (assessment.target >= 0) doc.target = catalog.roleIds[assessment.target];
  return doc;
}

/**
 * The fragment of a share link, without `#`: `v=1&r=skill.level,skill.level&s=…&c=…&t=…`.
 * Ids are kebab-case, so they need no escaping; they are encoded anyway in case a theme's
 * data differs.
 */
export function encodeFragment(assessment, catalog) {
  const enc = encodeURIComponent;
  const parts = [`v=${FILE_VERSION}`];
  const rated = [...assessment.ratings.entries()].filter(([, l]) => l > 0).sort((a, b) => a[0] - b[0]);
  parts.push(`r=${rated.map(([s, l]) => `${enc(catalog.skillIds[s])}.${l}`).join(",")}`);
  if (assessment.skills.length) parts.push(`s=${assessment.skills.map((s) => enc(catalog.skillIds[s])).join(",")}`);
  if (assessment.current >= 0) parts.push(`c=${enc(catalog.roleIds[assessment.current])}`);
  if (assessment.target >= 0) parts.push(`t=${enc(catalog.roleIds[assessment.target])}`);
  return parts.join("&");
}

/**
 * What a location's fragment asks for: `{ kind: "none" }`; `{ kind: "target", role }` from a
 * role page's "assess yourself against this role" link (`#target=id`); or `{ kind: "share",
 * assessment, ignored }` / `{ kind: "share", error }` for a share link.
 */
export function readFragment(hash, catalog) {
  const text = typeof hash === "string" ? hash.replace(/^#/, "") : "";
  if (text === "") return { kind: "none" };
  if (text.length > LIMITS.fragmentChars) {
    return { kind: "share", error: `the link is too long (${text.length.toLocaleString("en")} characters; a share link has at most ${LIMITS.fragmentChars.toLocaleString("en")})` };
  }
  let params;
  try {
    params = new URLSearchParams(text);
  } catch {
    return { kind: "share", error: "the link's ratings cannot be read" };
  }
  if (!params.has("r")) {
    if (params.has("target")) {
      const role = catalog.roles.get(params.get("target"));
      return role === undefined ? { kind: "target", role: -1, unknown: params.get("target") } : { kind: "target", role };
    }
    return { kind: "none" };
  }
  const version = params.get("v");
  if (version !== null && version !== String(FILE_VERSION)) {
    return { kind: "share", error: `the link is version ${quote(version)}, and this page reads version ${FILE_VERSION}` };
  }
  const out = emptyAssessment();
  const ignored = [];
  const entries = params.get("r") === "" ? [] : params.get("r").split(",");
  for (const entry of capped(entries, "ratings", ignored)) {
    const dot = entry.lastIndexOf(".");
    const id = dot < 0 ? entry : entry.slice(0, dot);
    const level = dot < 0 ? NaN : /^\d{1,3}$/.test(entry.slice(dot + 1)) ? Number(entry.slice(dot + 1)) : NaN;
    if (Number.isNaN(level) && catalog.skills.has(id)) {
      ignored.push(`the rating ${quote(entry.slice(dot + 1))} of ${quote(id)}, which is not a level number`);
      continue;
    }
    readRating(id, Number.isNaN(level) ? -1 : level, catalog, out, ignored);
  }
  if (params.has("s")) {
    const list = params.get("s") === "" ? [] : params.get("s").split(",");
    readSkillList(capped(list, "skills to rate", ignored), catalog, out, ignored);
  }
  out.current = readRole(params.get("c"), "current", catalog, ignored);
  out.target = readRole(params.get("t"), "target", catalog, ignored);
  return { kind: "share", assessment: out, ignored };
}
