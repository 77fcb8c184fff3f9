// The self-assessment page in headless Chromium, on the fixture framework
// tests/fixtures/assess (built with `--today 2026-11-28`), whose scores are worked out by
// hand below. It rates skills as a reader would, then checks the gap to a target, the
// ranking of roles and opportunities and the reasons given; that a reload keeps the
// ratings; clearing (and undoing it), exporting and importing files (good, partly bad and
// not a self-assessment at all); share links (kept only on request; hostile ones
// neutralized); the link from a role page; a keyboard-only session; the print view; axe-core
// at desktop and phone width and in dark mode; and that the CSP refuses a connection to
// another site. Every request of every page is recorded: all must go to the site itself.
//
// Usage: node assess.mjs SITE_DIR   (a build of tests/fixtures/assess)
// Prints one line per check and a last line `assess: N passed, N failed`; exits 1 on any
// failure.

import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CHROMIUM, Checks, axe, launch, serve } from "./support.mjs";

const SITE = path.resolve(process.argv[2] || "");
if (!existsSync(path.join(SITE, "assess", "data.json"))) {
  console.error("usage: node assess.mjs SITE_DIR (tests/fixtures/assess built by `trellis build`)");
  process.exit(2);
}
if (JSON.parse(readFileSync(path.join(SITE, "framework.json"), "utf8")).title !== "Assessment fixture") {
  console.error(`${SITE} is not a build of tests/fixtures/assess: the expected scores below are for that framework`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM}: install Debian's \`chromium\` package`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------
// What the fixture must give, worked out by hand from the rule on the page.
//
// The reader starts from Senior engineer (coding 3, stakeholder management 1, system
// design 2, testing 3), aims at Staff engineer, then marks stakeholder management "not
// rated" and coaching (Buddy, Mentor, Coach) level 1. Ratings: coding 3, system design 2,
// testing 3, coaching 1.

const RATINGS = { coding: "3", "system-design": "2", testing: "3", coaching: "1", "stakeholder-management": "0" };

// Staff engineer asks coaching 2, coding 3, stakeholder management 2, system design 3,
// testing 3. Pathways: coaching 1→2 (4 h), stakeholder management bottom→2 (1 h 30 min),
// system design 2→3 (2 h 45 min); design foundations (1→2) ends at the rating, so it is out.
// Rows: what is below (furthest first), then not rated, then met, each in the order asked.
const GAP_ROWS = [
  ["Coaching", "Buddy (level 1 of 3)", "Mentor (level 2 of 3)", "1 level below", "Coaching practice · 4 h"],
  ["System design", "Working (level 2 of 4)", "Practitioner (level 3 of 4)", "1 level below", "Design in depth · 2 h 45 min"],
  ["Stakeholder management", "not rated", "Working (level 2 of 4)", "not rated", "Stakeholder basics · 1 h 30 min"],
  ["Coding", "Practitioner (level 3 of 4)", "Practitioner (level 3 of 4)", "meets", ""],
  ["Testing", "Practitioner (level 3 of 4)", "Practitioner (level 3 of 4)", "meets", ""],
];
const GAP_SUMMARY = "You meet 2 of the 5 skills it asks for; 2 are below; 1 not rated.";
const GAP_TOTAL = "Learning that closes the gaps: 3 pathways, 8 h 15 min in all."; // 240 + 90 + 165 min

// Fit = levels reached (capped at the level asked) / levels asked.
// Engineer 5/5 (meets 3) and Junior engineer 2/2 (meets 2) tie on fit: more met comes first.
// Senior 8/9 = 88.9%, Staff 9/13 = 69.2%, Engineering manager 2/5 = 40%.
const ROLE_RANKING = [
  ["Engineer", "100%", "Meets 3 of 3."],
  ["Junior engineer", "100%", "Meets 2 of 2."],
  ["Senior engineer", "88%", "Meets 3 of 4; Stakeholder management not rated."],
  ["Staff engineer", "69%", "Meets 2 of 5; Coaching 1 level below; System design 1 level below; Stakeholder management not rated."],
  ["Engineering manager", "40%", "Meets 1 of 3; Coaching 1 level below; Stakeholder management not rated."],
];
// Open on 2026-11-28 (the old hackathon closed in 2020 and is not offered): the pairing
// rotation 5/5; the bug bash sprint and the testing clinic both 3/3 with one met, in order of
// title (their files are in the other order); the onboarding buddy 3/4 with one met before the
// code review guild 6/8 with none, though the guild asks for more; the mentoring circle 1/3.
const OPPORTUNITY_RANKING = [
  ["Pairing rotation", "100%", "Meets 2 of 2."],
  ["Bug bash sprint", "100%", "Meets 1 of 1."],
  ["Testing clinic", "100%", "Meets 1 of 1."],
  ["Onboarding buddy", "75%", "Meets 1 of 2; Coaching 1 level below."],
  ["Code review guild", "75%", "Meets 0 of 2; Coding 1 level below; Testing 1 level below."],
  ["Mentoring circle", "33%", "Meets 0 of 2; Coaching 1 level below; Stakeholder management not rated."],
];

// ---------------------------------------------------------------------------------------

const checks = new Checks();
const report = (name, problems) => checks.report(name, problems);

function same(label, got, want, problems) {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    problems.push(`${label}:\n  want ${JSON.stringify(want)}\n  got  ${JSON.stringify(got)}`);
  }
}

/** Every request any page makes, across every context. */
const requests = [];
/** Console errors and page errors, by page. */
const pageErrors = [];

async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce", acceptDownloads: true, ...options });
  context.on("request", (req) => requests.push(req.url()));
  return context;
}

async function openPage(context, url) {
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") pageErrors.push(`${page.url()}: console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => pageErrors.push(`${page.url()}: page error: ${err.message}`));
  page.on("dialog", async (dialog) => {
    pageErrors.push(`${page.url()}: a dialog opened: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await page.goto(url, { waitUntil: "load" });
  return page;
}

async function ready(page) {
  await page.locator("#assess-app[data-ready=true]").waitFor({ state: "visible", timeout: 10000 });
}

/** The checked level of each skill row shown: `{ skill: "level" }`. */
function shownRatings(page) {
  return page.$$eval("#assess-ratings fieldset.rating", (rows) =>
    Object.fromEntries(rows.map((row) => [row.getAttribute("data-skill"), row.querySelector("input:checked")?.value ?? null])),
  );
}

async function rate(page, skill, level) {
  await page.check(`#rate-${skill} input[value="${level}"]`);
}

function gapRows(page) {
  return page.$$eval("#assess-gap tbody tr", (rows) =>
    rows.map((tr) => [...tr.children].map((cell) => cell.textContent.replace(/\s+/g, " ").trim())),
  );
}

function ranking(page, box) {
  return page.$$eval(`${box} .match`, (items) =>
    items.map((li) => [
      li.querySelector(".match-title a").textContent,
      li.querySelector(".fit-percent").textContent,
      li.querySelector(".match-reasons").textContent,
    ]),
  );
}

function stored(page) {
  return page.evaluate(() => {
    const keys = Object.keys(localStorage);
    return { keys, value: keys.length ? JSON.parse(localStorage.getItem(keys[0])) : null };
  });
}

/** Chooses `file` in the import field and waits for the message the import ends with. */
async function importFile(page, file) {
  const said = await page.locator("#assess-messages").getAttribute("data-said");
  await page.setInputFiles("#assess-import", file);
  await page.waitForFunction((before) => document.getElementById("assess-messages").getAttribute("data-said") !== before, said);
}

function message(page) {
  return page.locator("#assess-messages").innerText();
}

/** Rates the fixture the way the header describes, through the page's own controls. */
async function rateTheFixture(page, problems) {
  await page.selectOption("#assess-current", { label: "Senior engineer (L3)" });
  await page.click("#assess-prefill");
  same("ratings filled in from Senior engineer", await shownRatings(page), {
    coding: "3",
    "system-design": "2",
    testing: "3",
    "stakeholder-management": "1",
  }, problems);
  await page.selectOption("#assess-target", { label: "Staff engineer (L4)" });
  const withTarget = await shownRatings(page);
  if (withTarget.coaching !== "0") problems.push(`the target's coaching is not listed as not rated: ${JSON.stringify(withTarget)}`);
  await rate(page, "stakeholder-management", 0);
  await rate(page, "coaching", 1);
}

async function checkResults(page, problems, when) {
  same(`${when}: ratings`, await shownRatings(page), RATINGS, problems);
  same(`${when}: gap rows`, await gapRows(page), GAP_ROWS, problems);
  same(`${when}: gap summary`, await page.locator(".gap-summary").textContent(), GAP_SUMMARY, problems);
  same(`${when}: learning total`, await page.locator(".gap-total").textContent(), GAP_TOTAL, problems);
  same(`${when}: role ranking`, await ranking(page, "#assess-matches"), ROLE_RANKING, problems);
  same(`${when}: opportunity ranking`, await ranking(page, "#assess-opportunities"), OPPORTUNITY_RANKING, problems);
  const badges = await page.$$eval("#assess-matches .match", (items) =>
    items.filter((li) => li.querySelector(".badge")).map((li) => `${li.getAttribute("data-id")}: ${[...li.querySelectorAll(".badge")].map((b) => b.textContent).join(", ")}`),
  );
  same(`${when}: badges`, badges, ["senior-engineer: your role", "staff-engineer: your target"], problems);
}

async function main() {
  const server = await serve(SITE);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const url = `${origin}/assess/`;
  const browser = await launch();
  const scratch = await mkdtemp(path.join(os.tmpdir(), "trellis-assess-"));
  try {
    // ----------------------------------------------------------------------------------
    const context = await newContext(browser);
    const page = await openPage(context, url);
    let problems = [];
    await ready(page);
    if ((await page.locator("#assess-ratings .rating").count()) !== 0) problems.push("a fresh browser shows ratings");
    await rateTheFixture(page, problems);
    await checkResults(page, problems, "after rating");
    const kept = await stored(page);
    same("what localStorage holds", kept.value && { ratings: kept.value.ratings, current: kept.value.current, target: kept.value.target }, {
      ratings: { coding: 3, "system-design": 2, testing: 3, coaching: 1 },
      current: "senior-engineer",
      target: "staff-engineer",
    }, problems);
    if (kept.keys.length !== 1 || kept.keys[0] !== "trellis-assess:/assess/") problems.push(`storage keys: ${JSON.stringify(kept.keys)}`);
    report("rate from a role: gap, ranking and reasons match the hand-worked fixture", problems);

    // ----------------------------------------------------------------------------------
    problems = [];
    await page.reload({ waitUntil: "load" });
    await ready(page);
    await checkResults(page, problems, "after a reload");
    same("target after a reload", await page.$eval("#assess-target option:checked", (o) => o.textContent), "Staff engineer (L4)", problems);
    report("a reload keeps the ratings, the current role and the target", problems);

    // ----------------------------------------------------------------------------------
    problems = [];
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#assess-export")]);
    const exported = path.join(scratch, "exported.json");
    await download.saveAs(exported);
    const doc = JSON.parse(await readFile(exported, "utf8"));
    same("the exported file", doc, {
      format: "trellis-self-assessment",
      version: 1,
      framework: "Assessment fixture",
      edition: "1",
      ratings: { coding: 3, "system-design": 2, testing: 3, coaching: 1 },
      skills: [],
      current: "senior-engineer",
      target: "staff-engineer",
    }, problems);
    same("the exported file's name", download.suggestedFilename(), "self-assessment.json", problems);

    await page.click("#assess-clear");
    same("storage after clearing", (await stored(page)).keys, [], problems);
    if ((await page.locator("#assess-ratings .rating").count()) !== 0) problems.push("ratings still shown after clearing");
    await page.getByRole("button", { name: "Undo" }).click();
    same("ratings after undoing the clear", await shownRatings(page), RATINGS, problems);
    await page.click("#assess-clear");
    await page.reload({ waitUntil: "load" });
    await ready(page);
    same("storage after clearing and reloading", (await stored(page)).keys, [], problems);
    if ((await page.locator("#assess-ratings .rating").count()) !== 0) problems.push("ratings came back after clearing and reloading");
    if (!/Rate at least one skill/.test(await page.locator("#assess-matches").textContent())) problems.push("the ranking did not empty");

    await importFile(page, exported);
    if (!/Imported 4 ratings/.test(await message(page))) problems.push(`import message: ${await message(page)}`);
    await checkResults(page, problems, "after importing the exported file");
    same("storage after the import", (await stored(page)).value?.ratings, { coding: 3, "system-design": 2, testing: 3, coaching: 1 }, problems);
    report("export to a file, clear (and undo), import the file back", problems);

    // ----------------------------------------------------------------------------------
    problems = [];
    const bad = path.join(scratch, "partly-bad.json");
    await writeFile(bad, JSON.stringify({
      format: "trellis-self-assessment",
      version: 1,
      ratings: { testing: 2, coding: 9, "no-such-skill": 2, coaching: "<b>3</b>" },
      current: "nobody",
      target: "engineer",
    }));
    await importFile(page, bad);
    const partly = await message(page);
    for (const expected of [
      "Imported 1 rating",
      "These 4 things were left out",
      "the rating 9 of “coding”, which has levels 1 to 4",
      "the rating of unknown skill “no-such-skill”",
      "the rating “<b>3</b>” of “coaching”, which has levels 1 to 3",
      "unknown current role “nobody”",
    ]) {
      if (!partly.includes(expected)) problems.push(`the message lacks "${expected}":\n${partly}`);
    }
    if ((await page.locator("#assess-messages b").count()) !== 0) problems.push("markup from the file became an element");
    same("ratings after the partly bad file", await shownRatings(page), { coding: "0", "system-design": "0", testing: "2" }, problems);

    const notJson = path.join(scratch, "not.json");
    await writeFile(notJson, "{ this is not JSON");
    await importFile(page, notJson);
    same("message for a file that is not JSON", await message(page), "Nothing was imported: the file is not valid JSON.", problems);
    const huge = path.join(scratch, "huge.json");
    await writeFile(huge, JSON.stringify({ format: "trellis-self-assessment", ratings: { testing: 1 }, padding: "x".repeat(1500000) }));
    await importFile(page, huge);
    if (!/^Nothing was imported: the file is too large/.test(await message(page))) problems.push(`message for a huge file: ${await message(page)}`);
    const other = path.join(scratch, "other.json");
    await writeFile(other, JSON.stringify({ ratings: { testing: 4 } }));
    await importFile(page, other);
    if (!/not a self-assessment file/.test(await message(page))) problems.push(`message for another JSON file: ${await message(page)}`);
    same("ratings after three refused files", (await shownRatings(page)).testing, "2", problems);
    report("imported files are validated: what is left out is listed, bad files change nothing", problems);

    // ----------------------------------------------------------------------------------
    problems = [];
    await importFile(page, exported);
    await page.click("#assess-share");
    const shareUrl = await page.inputValue("#assess-share-url");
    const expectedLink = `${url}#v=1&r=coding.3,system-design.2,testing.3,coaching.1&c=senior-engineer&t=staff-engineer`;
    same("the share link", shareUrl, expectedLink, problems);
    const friend = await newContext(browser);
    const shared = await openPage(friend, shareUrl);
    await ready(shared);
    await checkResults(shared, problems, "opened from the share link");
    if (!(await shared.locator("#assess-share-banner").isVisible())) problems.push("no banner says the ratings come from a link");
    same("a share link stores nothing by itself", (await stored(shared)).keys, [], problems);
    await rate(shared, "testing", 4);
    same("changes to shared ratings are not stored", (await stored(shared)).keys, [], problems);
    await shared.click("#assess-keep");
    same("kept ratings", (await stored(shared)).value?.ratings, { coding: 3, "system-design": 2, testing: 4, coaching: 1 }, problems);
    if (shared.url() !== url) problems.push(`the link's fragment stayed in the address: ${shared.url()}`);
    if (await shared.locator("#assess-share-banner").isVisible()) problems.push("the banner stayed after keeping");

    const hostileUrl = `${url}#v=1&r=coding.3,%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.2,testing.99,system-design.2.5`;
    const stranger = await newContext(browser);
    const hostile = await openPage(stranger, hostileUrl);
    await ready(hostile);
    const hostileText = await message(hostile);
    for (const expected of ["Showing 1 rating from a share link", "the rating of unknown skill “<img src=x onerror=alert(1)>”", "the rating 99 of “testing”"]) {
      if (!hostileText.includes(expected)) problems.push(`the hostile link's message lacks "${expected}":\n${hostileText}`);
    }
    if ((await hostile.locator("img").count()) !== 0) problems.push("the link's markup became an <img>");
    same("ratings from the hostile link", await shownRatings(hostile), { coding: "3" }, problems);
    const tooLong = await openPage(stranger, `${url}#v=1&r=${"coding.1,".repeat(3000)}`);
    await ready(tooLong);
    if (!/^The share link was not opened: the link is too long/.test(await message(tooLong))) problems.push(`over-long link: ${await message(tooLong)}`);
    await friend.close();
    await stranger.close();
    report("share links carry the ratings in the fragment, are kept only on request, and are validated", problems);

    // ----------------------------------------------------------------------------------
    problems = [];
    const visitor = await newContext(browser);
    const rolePage = await openPage(visitor, `${origin}/roles/engineering-manager/`);
    await Promise.all([rolePage.waitForURL(`${url}**`), rolePage.getByRole("link", { name: "Assess yourself against this role" }).click()]);
    await ready(rolePage);
    same("target from the role page", await rolePage.$eval("#assess-target option:checked", (o) => o.textContent), "Engineering manager (L3)", problems);
    if (rolePage.url() !== url) problems.push(`the role page's fragment stayed in the address: ${rolePage.url()}`);
    same("skills listed to rate for the target", Object.keys(await shownRatings(rolePage)), ["coding", "coaching", "stakeholder-management"], problems);
    const nav = await rolePage.locator(".site-header nav a", { hasText: "Assess yourself" }).getAttribute("href");
    same("the header's link", nav, "../assess/", problems);
    await visitor.close();
    report("a role page's link opens the assessment with that role as the target", problems);

    // ----------------------------------------------------------------------------------
    problems = [];
    const keys = await newContext(browser);
    const kb = await openPage(keys, url);
    await ready(kb);
    const focusedId = () => kb.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    const tabTo = async (test, limit = 80) => {
      for (let i = 0; i < limit; i++) {
        await kb.keyboard.press("Tab");
        if (await kb.evaluate(test)) return true;
      }
      return false;
    };
    if (!(await tabTo(() => document.activeElement?.id === "assess-current"))) problems.push("Tab never reached the current role");
    for (let i = 0; i < 3; i++) await kb.keyboard.press("ArrowDown"); // Junior, Engineer, Senior engineer
    same("current role chosen with the arrows", await kb.$eval("#assess-current option:checked", (o) => o.textContent), "Senior engineer (L3)", problems);
    await kb.keyboard.press("Tab");
    same("Tab after the role", await focusedId(), "assess-prefill", problems);
    await kb.keyboard.press("Enter");
    same("ratings from the keyboard", await shownRatings(kb), { coding: "3", "system-design": "2", testing: "3", "stakeholder-management": "1" }, problems);
    if (!(await tabTo(() => document.activeElement?.name === "rating-0"))) problems.push("Tab never reached the first rating");
    const outline = await kb.evaluate(() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle);
    if (outline === "none") problems.push("the focused level shows no focus outline");
    await kb.keyboard.press("ArrowRight");
    same("rating moved with an arrow key", (await stored(kb)).value?.ratings?.coding, 4, problems);
    if (!(await tabTo(() => document.activeElement?.textContent === "Make this my target: Staff engineer", 200))) {
      problems.push("Tab never reached “Make Staff engineer my target”");
    }
    await kb.keyboard.press("Enter");
    same("target set from the keyboard", await kb.$eval("#assess-target option:checked", (o) => o.textContent), "Staff engineer (L4)", problems);
    same("focus after choosing a target", await focusedId(), "target-heading", problems);
    await keys.close();
    report("keyboard only: choose a role, fill in, change a rating, pick a target", problems);

    // ----------------------------------------------------------------------------------
    problems = [];
    await page.emulateMedia({ media: "print" });
    const print = await page.evaluate(() => ({
      head: getComputedStyle(document.querySelector(".print-head")).display,
      controls: ["#assess-current", ".assess-data", "#assess-matches", "#assess-target"].map((s) => getComputedStyle(document.querySelector(s).closest(".no-print") || document.querySelector(s)).display),
      rows: [...document.querySelectorAll("#assess-print tbody tr")].map((tr) => tr.textContent),
      facts: document.querySelector(".print-facts")?.textContent,
      gap: getComputedStyle(document.querySelector(".assess-gap-table")).display,
    }));
    await page.emulateMedia({ media: "screen" });
    same("print view: the summary is shown", print.head, "block", problems);
    same("print view: controls are hidden", print.controls, ["none", "none", "none", "none"], problems);
    same("print view: facts", print.facts, "Current role: Senior engineer · Target: Staff engineer", problems);
    same("print view: rated skills", print.rows.length, 4, problems);
    if (print.gap === "none") problems.push("print view: the gap table is hidden");
    report("the print view shows the ratings, the target and the gap, without the controls", problems);

    // ----------------------------------------------------------------------------------
    // A framework of many roles: the same data with 600 more engineering roles, served from
    // the same address. The pickers then narrow to what is typed instead of listing all.
    problems = [];
    const fixtureData = JSON.parse(readFileSync(path.join(SITE, "assess", "data.json"), "utf8"));
    const big = structuredClone(fixtureData);
    for (let i = 1; i <= 600; i++) {
      big.roles.push([`extra-engineer-${i}`, `Extra engineer ${String(i).padStart(3, "0")}`, 0, i % 4, [0, 1 + (i % 4)], []]);
    }
    const large = await newContext(browser);
    await large.route(`${url}data.json`, (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(big) }));
    const lp = await openPage(large, url);
    await ready(lp);
    const listed = () => lp.$$eval("#assess-target option", (options) => options.map((o) => o.textContent));
    if (!(await lp.locator("#assess-target-find").isVisible())) problems.push("no box to narrow a list of 605 roles");
    same("roles listed before typing", (await listed()).length, 1 + 200, problems);
    same("the note before typing", await lp.locator("#assess-target-note").textContent(), "605 roles: type part of a title above to find one.", problems);
    // Every word typed must appear in the title, track or grade ("Staff" is also a grade).
    await lp.fill("#assess-target-find", "manager");
    same("roles listed for “manager”", await listed(), ["Choose a role to aim for", "Engineering manager (L3)"], problems);
    same("the note for “manager”", await lp.locator("#assess-target-note").textContent(), "1 role matches.", problems);
    await lp.fill("#assess-target-find", "staff");
    same("the note for “staff”", await lp.locator("#assess-target-note").textContent(), "151 roles match.", problems);
    await lp.selectOption("#assess-target", { label: "Staff engineer (L4)" });
    await lp.fill("#assess-target-find", "extra 05");
    const narrowed = (await listed()).slice(1);
    // 005, 050–059, 105, 205, 305, 405 and 505, and the role picked before.
    same("roles listed for “extra 05”", [narrowed.length, narrowed.filter((t) => /^Extra engineer \d*05/.test(t)).length], [17, 16], problems);
    same("the pick survives narrowing", await lp.$eval("#assess-target option:checked", (o) => o.textContent), "Staff engineer (L4)", problems);
    await lp.reload({ waitUntil: "load" });
    await ready(lp);
    same("the target after a reload, listed though nothing is typed", await lp.$eval("#assess-target option:checked", (o) => o.textContent), "Staff engineer (L4)", problems);
    problems.push(...(await axe(lp)));
    await large.close();
    report("a framework of many roles: the pickers narrow to what is typed", problems);

    // ----------------------------------------------------------------------------------
    for (const [name, options] of [
      ["desktop", {}],
      ["phone", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
      ["dark", { colorScheme: "dark" }],
    ]) {
      problems = [];
      const ctx = await newContext(browser, options);
      const p = await openPage(ctx, url);
      await ready(p);
      await rateTheFixture(p, problems);
      await p.click("#assess-share");
      problems.push(...(await axe(p)));
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`the page is ${overflow}px wider than the screen`);
      // With a share link's banner and a warning shown too.
      const q = await openPage(ctx, `${url}#v=1&r=coding.3,nope.2`);
      await ready(q);
      problems.push(...(await axe(q)));
      await ctx.close();
      report(`axe     ${name}: no serious or critical violation, no sideways scrolling`, problems);
    }

    // ----------------------------------------------------------------------------------
    // The CSP refuses a connection to another site even when a script asks for one. This
    // page is left out of the request log: the refused request is the point.
    problems = [];
    const probeContext = await browser.newContext();
    const probe = await probeContext.newPage();
    await probe.goto(url);
    const verdict = await probe.evaluate(
      () =>
        new Promise((resolve) => {
          document.addEventListener("securitypolicyviolation", (e) => resolve(`refused by ${e.effectiveDirective}`), { once: true });
          fetch("http://192.0.2.1/collect", { method: "POST", body: "ratings" }).then(
            () => resolve("sent"),
            () => setTimeout(() => resolve("failed without a CSP report"), 1000),
          );
        }),
    );
    same("a script's request to another site", verdict, "refused by connect-src", problems);
    await probeContext.close();
    report("the CSP refuses any connection outside the site", problems);

    await context.close();

    // ----------------------------------------------------------------------------------
    problems = [...pageErrors];
    const foreign = requests.filter((u) => !u.startsWith(`${origin}/`));
    for (const u of foreign) problems.push(`request outside the site: ${u}`);
    const paths = [...new Set(requests.filter((u) => u.startsWith(`${origin}/`)).map((u) => new URL(u).pathname))].sort();
    if (!paths.includes("/assess/data.json")) problems.push("the data file was never fetched");
    report(`network: ${requests.length} requests, all to the site itself (${paths.join(" ")}); no console error`, problems);
  } finally {
    await browser.close();
    server.close();
    await rm(scratch, { recursive: true, force: true });
  }
  checks.finish("assess");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
