// Unit tests of reading and writing a self-assessment (themes/default/assets/assess-io.js):
// the stored and exported document, the share link's fragment, and what each does with
// untrusted input. Run by `node --test` from tests/testsuite/browser.rs.

import { test } from "node:test";
import assert from "node:assert/strict";
import { loadAsset } from "./load-asset.mjs";

const io = await loadAsset("assess-io.js");
const { FILE_FORMAT, LIMITS, catalogOf, emptyAssessment, readDocument, readFileText, toDocument, encodeFragment, readFragment, quote } = io;

// The layout of assess/data.json, cut down to what the catalog reads.
const DATA = {
  scales: [["Awareness", "Working", "Practitioner", "Expert"], ["Buddy", "Mentor", "Coach"], ["Working", "Practitioner", "Expert"]],
  skills: [
    ["coding", "Coding", 0, 0, []],
    ["system-design", "System design", 0, 0, []],
    ["coaching", "Coaching", 1, 1, []],
    // Format 2: a skill whose levels start at 2, on the scale's names from the second on.
    ["mentoring", "Mentoring", 1, 2, [], 2],
  ],
  roles: [
    ["engineer", "Engineer", 0, 0, []],
    ["staff-engineer", "Staff engineer", 0, 1, []],
  ],
};
const catalog = catalogOf(DATA);

function assessment(ratings, { skills = [], current = -1, target = -1 } = {}) {
  return { ratings: new Map(ratings), skills, current, target };
}

test("the catalog knows each skill's range of levels from its scale and first level", () => {
  assert.deepEqual(catalog.tops, [4, 4, 3, 4]);
  assert.deepEqual(catalog.firsts, [1, 1, 1, 2]);
  assert.equal(catalog.skills.get("coaching"), 2);
  assert.equal(catalog.roles.get("staff-engineer"), 1);
});

test("a rating below a skill's first level is left out and says the skill's range", () => {
  const doc = { format: FILE_FORMAT, version: 1, ratings: { mentoring: 1, coaching: 1 } };
  const back = readFileText(JSON.stringify({ ...doc, ratings: { mentoring: 1 } }), catalog);
  assert.deepEqual(back.ignored, ["the rating 1 of “mentoring”, which has levels 2 to 4"]);
  const ok = readFileText(JSON.stringify({ ...doc, ratings: { mentoring: 4 } }), catalog);
  assert.deepEqual([...ok.assessment.ratings], [[3, 4]]);
});

test("a document written by the page reads back as the same assessment", () => {
  const original = assessment([[2, 1], [0, 3]], { skills: [1], current: 0, target: 1 });
  const doc = toDocument(original, catalog, { framework: "Fixture", edition: "1" });
  assert.deepEqual(doc, {
    format: FILE_FORMAT,
    version: 1,
    framework: "Fixture",
    edition: "1",
    ratings: { coding: 3, coaching: 1 },
    skills: ["system-design"],
    current: "engineer",
    target: "staff-engineer",
  });
  const back = readFileText(JSON.stringify(doc), catalog);
  assert.deepEqual(back.ignored, []);
  assert.deepEqual([...back.assessment.ratings].sort(), [[0, 3], [2, 1]]);
  assert.deepEqual(back.assessment.skills, [1]);
  assert.equal(back.assessment.current, 0);
  assert.equal(back.assessment.target, 1);
});

test("a file that is not a self-assessment is refused whole", () => {
  assert.match(readFileText("{not json", catalog).error, /not valid JSON/);
  assert.match(readFileText("[1, 2]", catalog).error, /no JSON object/);
  assert.match(readFileText("null", catalog).error, /no JSON object/);
  assert.match(readFileText(JSON.stringify({ ratings: { coding: 2 } }), catalog).error, /"format"/);
  assert.match(readFileText(JSON.stringify({ format: FILE_FORMAT, version: 2 }), catalog).error, /version 2 of the file/);
  assert.match(readFileText(" ".repeat(LIMITS.fileBytes + 1), catalog).error, /too large/);
  assert.match(readFileText(undefined, catalog).error, /could not be read/);
});

test("unknown skills, levels out of range, wrong types and unknown roles are left out and listed", () => {
  const doc = {
    format: FILE_FORMAT,
    version: 1,
    ratings: {
      coding: 2,
      "no-such-skill": 2,
      "system-design": 5, // the scale has 4 levels
      coaching: 2.5,
      constructor: 1,
      __proto__: 3,
    },
    skills: ["coaching", 42, "nope"],
    current: "nobody",
    target: ["staff-engineer"],
    extra: true,
  };
  const { assessment: a, ignored } = readDocument(JSON.parse(JSON.stringify(doc)), catalog);
  assert.deepEqual([...a.ratings], [[0, 2]]);
  assert.deepEqual(a.skills, [2]);
  assert.equal(a.current, -1);
  assert.equal(a.target, -1);
  assert.deepEqual(ignored, [
    "the field “extra”",
    "the rating of unknown skill “no-such-skill”",
    "the rating 5 of “system-design”, which has levels 1 to 4",
    "the rating 2.5 of “coaching”, which has levels 1 to 3",
    "the rating of unknown skill “constructor”",
    "unknown skill 42 in the skills to rate",
    "unknown skill “nope” in the skills to rate",
    "unknown current role “nobody”",
    "unknown target role [\"staff-engineer\"]",
  ]);
});

test("a level given as text is not a level, and 0 or null means not rated", () => {
  const { assessment: a, ignored } = readDocument(
    { format: FILE_FORMAT, ratings: { coding: "3", "system-design": 0, coaching: null } },
    catalog,
  );
  assert.equal(a.ratings.size, 0);
  assert.deepEqual(ignored, ["the rating “3” of “coding”, which has levels 1 to 4"]);
});

test("fields of the wrong shape are left out, not trusted", () => {
  const { assessment: a, ignored } = readDocument({ format: FILE_FORMAT, ratings: [["coding", 2]], skills: "coding" }, catalog);
  assert.equal(a.ratings.size, 0);
  assert.deepEqual(a.skills, []);
  assert.equal(ignored.length, 2);
});

test("huge inputs are cut at the entry limit, and the message says how many were dropped", () => {
  const ratings = {};
  for (let i = 0; i < LIMITS.entries + 250; i++) ratings[`skill-${i}`] = 1;
  const { ignored } = readDocument({ format: FILE_FORMAT, ratings }, catalog);
  assert.equal(ignored[0], `250 ratings beyond the first ${LIMITS.entries}`);
  assert.equal(ignored.length, 1 + LIMITS.entries);
});

test("quoted input is short, and control and invisible characters are shown as ?", () => {
  assert.equal(quote("a\u0000b\u202ec"), "“a?b?c”");
  const long = quote("x".repeat(500));
  assert.equal(Array.from(long).length, LIMITS.quoted + 3);
  assert.ok(long.endsWith("…”"));
  assert.equal(quote(7), "7");
});

test("a share link carries the assessment in its fragment and reads back the same", () => {
  const original = assessment([[1, 2], [0, 4], [2, 3]], { skills: [1], current: 0, target: 1 });
  const fragment = encodeFragment(original, catalog);
  assert.equal(fragment, "v=1&r=coding.4,system-design.2,coaching.3&s=system-design&c=engineer&t=staff-engineer");
  const back = readFragment(`#${fragment}`, catalog);
  assert.equal(back.kind, "share");
  assert.deepEqual(back.ignored, []);
  assert.deepEqual([...back.assessment.ratings].sort(), [[0, 4], [1, 2], [2, 3]]);
  assert.deepEqual(back.assessment.skills, [1]);
  assert.equal(back.assessment.current, 0);
  assert.equal(back.assessment.target, 1);
  // No ratings at all is still a share link.
  assert.equal(readFragment(`#${encodeFragment(emptyAssessment(), catalog)}`, catalog).assessment.ratings.size, 0);
});

test("a share link with bad entries keeps the good ones and lists the rest", () => {
  const hostile = "#v=1&r=coding.3,%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.2,system-design.9,coaching.x,coding.1,coaching&c=nobody";
  const { kind, assessment: a, ignored } = readFragment(hostile, catalog);
  assert.equal(kind, "share");
  assert.deepEqual([...a.ratings], [[0, 3]]);
  assert.equal(a.current, -1);
  assert.deepEqual(ignored, [
    "the rating of unknown skill “<img src=x onerror=alert(1)>”",
    "the rating 9 of “system-design”, which has levels 1 to 4",
    "the rating “x” of “coaching”, which is not a level number",
    "a second rating of “coding”",
    "the rating “coaching” of “coaching”, which is not a level number",
    "unknown current role “nobody”",
  ]);
});

test("an over-long or newer share link is refused whole", () => {
  const long = readFragment(`#v=1&r=${"coding.1,".repeat(3000)}`, catalog);
  assert.match(long.error, /too long/);
  assert.match(readFragment("#v=9&r=coding.1", catalog).error, /version “9”/);
});

test("a role page's link names a target, and other fragments ask for nothing", () => {
  assert.deepEqual(readFragment("#target=staff-engineer", catalog), { kind: "target", role: 1 });
  assert.deepEqual(readFragment("#target=gone", catalog), { kind: "target", role: -1, unknown: "gone" });
  assert.deepEqual(readFragment("", catalog), { kind: "none" });
  assert.deepEqual(readFragment("#", catalog), { kind: "none" });
  assert.deepEqual(readFragment("#main", catalog), { kind: "none" });
});

test("past 2,000 roles the catalog knows the roles of the groups loaded, numbered as the framework", () => {
  const { addRoles } = io;
  const large = catalogOf({ ...DATA, roles: [] });
  const doc = JSON.stringify({ format: FILE_FORMAT, ratings: { coding: 2 }, current: "data-lead", target: "unloaded-role" });
  assert.equal(readDocument(JSON.parse(doc), large).assessment.current, -1, "nothing loaded yet");
  // A group file's rows start with the role's number in the framework.
  addRoles(large, [[4012, "data-lead", "Data lead"], [17, "analyst", "Analyst"]]);
  const read = readFileText(doc, large);
  assert.equal(read.assessment.current, 4012);
  assert.equal(read.assessment.target, -1);
  assert.deepEqual(read.ignored, ["unknown target role “unloaded-role”"]);
  assert.equal(toDocument(read.assessment, large).current, "data-lead");
  assert.match(encodeFragment(assessment([[0, 2]], { current: 17 }), large), /&c=analyst$/);
  assert.deepEqual(readFragment("#target=data-lead", large), { kind: "target", role: 4012 });
});

test("the role ids an input names are found before it is read, whatever else it holds", () => {
  const { rolesInText, rolesInFragment } = io;
  assert.deepEqual(rolesInText(JSON.stringify({ format: FILE_FORMAT, current: "a", target: "b", ratings: 3 })), ["a", "b"]);
  assert.deepEqual(rolesInText(JSON.stringify({ current: 7, target: "" })), [], "only non-empty text");
  assert.deepEqual(rolesInText("{ not JSON"), []);
  assert.deepEqual(rolesInText(JSON.stringify(["a"])), []);
  assert.deepEqual(rolesInText(JSON.stringify({ current: "x".repeat(201) })), [], "no lookup of an absurd id");
  assert.deepEqual(rolesInFragment("#v=1&r=coding.3&c=senior&t=staff"), ["senior", "staff"]);
  assert.deepEqual(rolesInFragment("#target=data-lead"), ["data-lead"]);
  assert.deepEqual(rolesInFragment(`#r=${"x".repeat(LIMITS.fragmentChars)}&c=a`), [], "too long to be read at all");
  assert.deepEqual(rolesInFragment(""), []);
});
