// Unit tests of the self-assessment's scoring (themes/default/assets/assess-score.js), run by
// `node --test` from tests/testsuite/browser.rs. Each expected value is worked out by hand
// from the rule the page states.

import { test } from "node:test";
import assert from "node:assert/strict";
import { loadAsset } from "./load-asset.mjs";

const score = await loadAsset("assess-score.js");
const { standing, fit, choiceFit, share, compareEntries, rank, reasons, percent, closingPathways, gap, duration } = score;

// Skills 0..4 of a made-up framework; ratings are arrays indexed by skill.
const NAMES = ["Coding", "System design", "Testing", "Coaching", "Stakeholder management"];
const name = (s) => NAMES[s];

test("a requirement is met at or above its level, below by the missing levels, or not rated", () => {
  assert.deepEqual(standing(3, 3), { status: "meets", short: 0 });
  assert.deepEqual(standing(4, 3), { status: "meets", short: 0 });
  assert.deepEqual(standing(1, 3), { status: "below", short: 2 });
  assert.deepEqual(standing(0, 2), { status: "unrated", short: 2 });
  assert.deepEqual(standing(undefined, 2), { status: "unrated", short: 2 });
});

test("fit counts each rating up to the level asked and an unrated skill as zero", () => {
  const ratings = [4, 2, undefined, 1];
  const f = fit([[0, 3], [1, 3], [2, 2], [3, 1]], ratings);
  // Coding 4 capped at 3, system design 2 of 3, testing unrated 0 of 2, coaching 1 of 1.
  assert.equal(f.reached, 3 + 2 + 0 + 1);
  assert.equal(f.asked, 3 + 3 + 2 + 1);
  assert.equal(f.met, 2);
  assert.equal(f.total, 4);
  assert.deepEqual(f.below, [{ skill: 1, short: 1 }]);
  assert.deepEqual(f.unrated, [2]);
  assert.equal(share(f), 6 / 9);
  assert.equal(percent(f), 66);
});

test("rating above every requirement scores exactly 100%, and 99.5% does not round up to it", () => {
  assert.equal(percent(fit([[0, 2], [1, 1]], [5, 5])), 100);
  const nearly = { reached: 199, asked: 200 };
  assert.equal(percent(nearly), 99);
  assert.equal(percent({ reached: 0, asked: 0 }), 100);
});

test("roles rank by fit, best first, with their index in the input", () => {
  const roles = [
    { id: "a", title: "A", requirements: [[0, 4]] }, // 2/4
    { id: "b", title: "B", requirements: [[0, 2]] }, // 2/2
    { id: "c", title: "C", requirements: [[0, 3]] }, // 2/3
  ];
  const ranked = rank(roles, [2]);
  assert.deepEqual(ranked.map((r) => r.index), [1, 2, 0]);
  assert.equal(ranked[0].fit.met, 1);
});

test("equal fractions tie exactly, then more skills met in full wins", () => {
  // x: 2/4 + 1/2 = 3/6 = 0.5 with none met; y: 2/4 with one met, one unrated (2/4 = 0.5).
  const x = { id: "x", title: "X", requirements: [[0, 4], [1, 2]] };
  const y = { id: "y", title: "Y", requirements: [[2, 2], [3, 2]] };
  const ratings = [2, 1, 2, 0];
  const fx = fit(x.requirements, ratings);
  const fy = fit(y.requirements, ratings);
  assert.equal(fx.reached * fy.asked, fy.reached * fx.asked, "the two shares are equal");
  assert.deepEqual(rank([x, y], ratings).map((r) => r.index), [1, 0], "y meets one skill in full, x none");
});

test("a share that floats round differently still ties: 1/3 against 2/6", () => {
  const x = { id: "x", title: "X", requirements: [[0, 3]] };
  const y = { id: "y", title: "Y", requirements: [[1, 3], [2, 3]] };
  // x: 1/3, met 0; y: 2/6 with system design 2 of 3 and testing unrated, met 0.
  const ratings = [1, 2, 0];
  // Same share and same count met: the one asking for more (6 levels) comes first.
  assert.deepEqual(rank([x, y], ratings).map((r) => r.index), [1, 0]);
});

test("with fit and skills met equal, the more demanding role comes first", () => {
  const junior = { id: "junior", title: "Junior", requirements: [[0, 1], [2, 1]] };
  const engineer = { id: "engineer", title: "Engineer", requirements: [[0, 2], [2, 2]] };
  assert.deepEqual(rank([junior, engineer], [3, 0, 3]).map((r) => r.index), [1, 0]);
});

test("complete ties are broken by title, then id, by code point and not by locale", () => {
  const req = [[0, 2]];
  const items = [
    { id: "z", title: "b role", requirements: req },
    { id: "y", title: "B role", requirements: req },
    { id: "x", title: "Á role", requirements: req },
    { id: "b", title: "B role", requirements: req },
  ];
  // "B" (66) < "b" (98) < "Á" (193); the two "B role" go by id.
  assert.deepEqual(rank(items, [2]).map((r) => items[r.index].id), ["b", "y", "z", "x"]);
});

test("the ranking does not depend on the order of the input", () => {
  const items = [];
  for (let i = 0; i < 40; i++) {
    items.push({ id: `r${i}`, title: `Role ${i % 7}`, requirements: [[i % 5, 1 + (i % 4)], [(i + 2) % 5, 1 + (i % 3)]] });
  }
  const ratings = [3, 1, 0, 2, 4];
  const ids = (list) => rank(list, ratings).map((r) => list[r.index].id);
  const forward = ids(items);
  const backward = ids([...items].reverse());
  const shuffled = ids([...items].sort((a, b) => (a.id.length * 7 + a.id.charCodeAt(1)) % 11 - (b.id.length * 7 + b.id.charCodeAt(1)) % 11));
  assert.deepEqual(backward, forward);
  assert.deepEqual(shuffled, forward);
  // And every neighbour pair is in order by the comparison itself.
  const ranked = rank(items, ratings).map((r) => ({ ...items[r.index], fit: r.fit }));
  for (let i = 1; i < ranked.length; i++) assert.ok(compareEntries(ranked[i - 1], ranked[i]) < 0);
});

test("roles the ratings reach not at all, or that ask for nothing, are left out", () => {
  const items = [
    { id: "a", title: "A", requirements: [[1, 2]] }, // only an unrated skill
    { id: "b", title: "B", requirements: [] },
    { id: "c", title: "C", requirements: [[0, 1], [1, 1]] },
  ];
  assert.deepEqual(rank(items, [1, 0]).map((r) => r.index), [2]);
  assert.deepEqual(rank(items, []), []);
});

test("reasons say how many are met, then each shortfall, furthest first, then what is not rated", () => {
  // Asked: coding 3, system design 3, testing 2, coaching 2, stakeholder management 1.
  const f = fit([[0, 3], [1, 3], [2, 2], [3, 2], [4, 1]], [3, 2, 0, 0, 0]);
  assert.deepEqual(reasons(f, name), [
    "meets 1 of 5",
    "System design 1 level below",
    "Testing not rated",
    "Coaching not rated",
    "Stakeholder management not rated",
  ]);
  const g = fit([[1, 3], [3, 2], [0, 4]], [1, 1, 0, 1]);
  // Coding 1 of 4 (3 below), system design 1 of 3 (2 below), coaching 1 of 2 (1 below).
  assert.deepEqual(reasons(g, name), [
    "meets 0 of 3",
    "Coding 3 levels below",
    "System design 2 levels below",
    "Coaching 1 level below",
  ]);
  // Equal shortfalls keep the order the role asks them in.
  const h = fit([[3, 2], [1, 2]], [0, 1, 0, 1]);
  assert.deepEqual(reasons(h, name), ["meets 0 of 2", "Coaching 1 level below", "System design 1 level below"]);
});

test("pathways close a gap when they start below the target and end above the rating", () => {
  const pathways = [
    { skill: 1, from: 1, to: 2, minutes: 90 }, // 0
    { skill: 1, from: 2, to: 3, minutes: 165 }, // 1
    { skill: 1, from: 3, to: 0, minutes: 30 }, // 2: from 3 to the top (4)
    { skill: 4, from: 0, to: 2, minutes: 90 }, // 3: from the bottom to 2
    { skill: 2, from: 1, to: 2, minutes: 10 }, // 4: another skill
  ];
  assert.deepEqual(closingPathways(pathways, 1, 2, 3, 4), [1]);
  assert.deepEqual(closingPathways(pathways, 1, 0, 4, 4), [0, 1, 2]);
  assert.deepEqual(closingPathways(pathways, 1, 1, 2, 4), [0]);
  assert.deepEqual(closingPathways(pathways, 1, 3, 4, 4), [2]);
  assert.deepEqual(closingPathways(pathways, 4, 0, 2, 4), [3], "an unrated skill needs the climb from the bottom");
  assert.deepEqual(closingPathways(pathways, 4, 2, 3, 4), [], "a pathway that ends at the rating does not help");
});

test("the gap lists what is below (furthest first), then not rated, then met, with the pathways and their time once", () => {
  const pathways = [
    { skill: 1, from: 2, to: 3, minutes: 165 },
    { skill: 4, from: 0, to: 2, minutes: 90 },
    { skill: 3, from: 1, to: 2, minutes: 240 },
    { skill: 3, from: 1, to: 3, minutes: 0 }, // no time given: counts as nothing
  ];
  const tops = [4, 4, 4, 3, 4];
  // Asked: coaching 2, coding 3, stakeholder management 2, system design 4, testing 3.
  const result = gap([[3, 2], [0, 3], [4, 2], [1, 4], [2, 3]], [3, 2, 3, 1, 0], pathways, tops);
  assert.deepEqual(
    result.rows.map((r) => [r.skill, r.rating, r.required, r.status, r.short, r.pathways]),
    [
      [1, 2, 4, "below", 2, [0]],
      [3, 1, 2, "below", 1, [2, 3]],
      [4, 0, 2, "unrated", 2, [1]],
      [0, 3, 3, "meets", 0, []],
      [2, 3, 3, "meets", 0, []],
    ],
  );
  assert.equal(result.met, 2);
  assert.deepEqual(result.pathways, [0, 1, 2, 3]);
  assert.equal(result.minutes, 165 + 90 + 240);
  // A pathway that closes two rows is counted once.
  const twice = gap([[1, 4], [1, 3]], [0, 1], [{ skill: 1, from: 0, to: 0, minutes: 60 }], [4, 4]);
  assert.deepEqual(twice.pathways, [0]);
  assert.equal(twice.minutes, 60);
});

// A choice: "Archetype", any 1 of system design 4, coaching 3 and stakeholder management 2.
const ARCHETYPE = { name: "Archetype", pick: 1, requirements: [[1, 4], [3, 3], [4, 2]] };

test("a choice is met when any `pick` of its options reach their level", () => {
  const c = choiceFit(ARCHETYPE, [0, 2, 0, 3, 1]);
  assert.equal(c.met, 1, "coaching 3 of 3");
  assert.equal(c.satisfied, true);
  assert.deepEqual(c.picked, [3], "the option met counts");
  assert.deepEqual([c.reached, c.asked], [3, 3]);
  // None met: the option with the largest share of its level counts (stakeholder 1 of 2
  // beats system design 2 of 4 only on order; system design 3 of 4 beats both).
  const d = choiceFit(ARCHETYPE, [0, 3, 0, 1, 1]);
  assert.equal(d.satisfied, false);
  assert.deepEqual(d.picked, [1], "3/4 is closer than 1/3 or 1/2");
  assert.deepEqual([d.reached, d.asked], [3, 4]);
  // Equal shares keep the order written; nothing rated still picks the first.
  assert.deepEqual(choiceFit(ARCHETYPE, [0, 2, 0, 0, 1]).picked, [1]);
  assert.deepEqual(choiceFit(ARCHETYPE, []).picked, [1]);
  // Pick 2 of 3: two options must be met.
  const two = { ...ARCHETYPE, pick: 2 };
  assert.equal(choiceFit(two, [0, 4, 0, 3, 0]).satisfied, true);
  const one = choiceFit(two, [0, 4, 0, 1, 0]);
  assert.equal(one.satisfied, false);
  assert.deepEqual(one.picked, [1, 3]);
  assert.deepEqual([one.reached, one.asked], [4 + 1, 4 + 3]);
});

test("a role's choices count in its fit, its count met and its reasons", () => {
  // Coding 2 asked and met; the archetype through coaching 3 of 3.
  const met = fit([[0, 2]], [2, 0, 0, 3, 0], [ARCHETYPE]);
  assert.deepEqual([met.reached, met.asked, met.met, met.total], [2 + 3, 2 + 3, 2, 2]);
  assert.equal(percent(met), 100);
  assert.deepEqual(reasons(met, name), ["meets 2 of 2"]);
  // Not met: the closest option counts, and the reasons say how many options are met.
  const short = fit([[0, 2]], [2, 1, 0, 0, 0], [ARCHETYPE]);
  assert.deepEqual([short.reached, short.asked, short.met, short.total], [2 + 1, 2 + 4, 1, 2]);
  assert.deepEqual(reasons(short, name), ["meets 1 of 2", "Archetype: 0 of the 1 needed"]);
  // A role that asks only for a choice is ranked too.
  const ranked = rank([{ id: "staff", title: "Staff", requirements: [], choices: [ARCHETYPE] }], [0, 0, 0, 3]);
  assert.equal(ranked.length, 1);
  assert.equal(ranked[0].fit.met, 1);
});

test("the gap shows each choice with a row per option, and the pathways of a choice not met", () => {
  const pathways = [
    { skill: 1, from: 2, to: 4, minutes: 60 },
    { skill: 0, from: 1, to: 2, minutes: 30 },
  ];
  const result = gap([[0, 2]], [1, 2, 0, 0, 0], pathways, [4, 4, 4, 3, 4], { choices: [ARCHETYPE] });
  assert.equal(result.choices.length, 1);
  const [c] = result.choices;
  assert.equal(c.satisfied, false);
  assert.deepEqual(c.rows.map((r) => [r.skill, r.status, r.pathways]), [[1, "below", [0]], [3, "unrated", []], [4, "unrated", []]]);
  assert.equal(result.met, 0);
  assert.deepEqual(result.pathways, [0, 1]);
  assert.equal(result.minutes, 90);
  // Once the choice is met its options' pathways no longer count.
  const done = gap([[0, 2]], [2, 2, 0, 3, 0], pathways, [4, 4, 4, 3, 4], { choices: [ARCHETYPE] });
  assert.equal(done.met, 2);
  assert.deepEqual(done.pathways, []);
});

test("a skill whose levels start at 2 is scored on its own numbers", () => {
  // Mentoring (skill 0) runs from 2 to 4; asked at 3.
  assert.deepEqual(standing(2, 3), { status: "below", short: 1 });
  const f = fit([[0, 3]], [2]);
  assert.deepEqual([f.reached, f.asked], [2, 3]);
  // A pathway without `from` starts at the skill's first level, not at 1: it takes a reader
  // who has that level further, so it does not help one who still needs it.
  const pathways = [{ skill: 0, from: 0, to: 0, minutes: 10 }];
  assert.deepEqual(closingPathways(pathways, 0, 0, 2, 4, 2), []);
  assert.deepEqual(closingPathways(pathways, 0, 2, 3, 4, 2), [0]);
  // Read as starting at 1, the same pathway would seem to lead to the first level.
  assert.deepEqual(closingPathways(pathways, 0, 0, 2, 4), [0]);
  const result = gap([[0, 2]], [], pathways, [4], { firsts: [2] });
  assert.deepEqual(result.rows[0].pathways, [], "nothing leads to the first level");
});

test("durations read like the site's pathway pages", () => {
  assert.equal(duration(45), "45 min");
  assert.equal(duration(120), "2 h");
  assert.equal(duration(495), "8 h 15 min");
  assert.equal(duration(0), "0 min");
});
