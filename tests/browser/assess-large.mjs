// The self-assessment page of a framework past 2,000 roles, in headless Chromium: the page
// then opens on the core of the data (assess/data.json) and fetches a family's roles
// (assess/groups/<n>.json) when it is picked or named, and the level descriptions
// (assess/levels/<n>.json) of the skills being rated. Works on any such build: the roles it
// picks are read from the site's own files. It picks a family and a role, fills in from it,
// checks a level description, aims at a role of another family (gap and next-step cards),
// checks the ranking of the current role's family and of another one, reloads (ratings and
// roles come back from localStorage), opens a share link and a role page's link naming roles
// of families not loaded, and imports a file naming others (an unknown role is left out and
// said so), and runs axe-core once the families are shown. Every request is recorded: all must go to the site itself, and no file fetched on
// opening may pass 1 MB.
//
// Usage: node assess-large.mjs SITE_DIR   (a build of a framework of more than 2,000 roles)
// Prints one line per check and a last line `assess-large: N passed, N failed`.

import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CHROMIUM, Checks, axe, launch, serve } from "./support.mjs";

const SITE = path.resolve(process.argv[2] || "");
const read = (rel) => JSON.parse(readFileSync(path.join(SITE, rel), "utf8"));
if (!existsSync(path.join(SITE, "assess", "data.json"))) {
  console.error("usage: node assess-large.mjs SITE_DIR (a framework of more than 2,000 roles built by `trellis build`)");
  process.exit(2);
}
const core = read("assess/data.json");
if (!core.parts || core.parts.groups.length < 3) {
  console.error(`${SITE} does not split its roles in three families or more: build a framework of more than 2,000 roles`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM}: install Debian's \`chromium\` package`);
  process.exit(2);
}

/** The most bytes a file fetched on opening may have (issue 16). */
const OPENING_LIMIT = 1000000;

const checks = new Checks();
const group = (g) => read(`assess/groups/${g}.json`).roles;
const skillIds = core.skills.map((s) => s[0]);
const summaryOf = (skill, level) => {
  const per = core.parts.skills_per_file;
  const file = read(`assess/levels/${Math.floor(skill / per)}.json`);
  return file.summaries[skill % per][level - core.skills[skill][5]];
};
/** The role of group `g` at `at` (rows as the group files write them) with the most skills. */
function pickRole(g) {
  const rows = group(g);
  return rows.reduce((best, r) => (r[5].length > best[5].length ? r : best), rows[0]);
}
const [current, target, shared, sharedTarget, imported] = [pickRole(1), pickRole(2), pickRole(0), group(2)[1], group(0)[1]];

const requests = [];
/** Responses by path: bytes and whether the page was ready when it was asked for. */
const responses = [];
const errors = [];
let readyAt = null;

async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce", ...options });
  context.on("request", (req) => requests.push(req.url()));
  context.on("response", async (res) => {
    const length = Number(res.headers()["content-length"] || (await res.body().catch(() => Buffer.alloc(0))).length);
    responses.push({ url: res.url(), bytes: length, opening: readyAt === null });
  });
  return context;
}

async function open(context, url) {
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`${page.url()}: console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`${page.url()}: page error: ${err.message}`));
  readyAt = null;
  await page.goto(url, { waitUntil: "load" });
  await page.locator("#assess-app[data-ready=true]").waitFor({ state: "visible", timeout: 30000 });
  readyAt = Date.now();
  return page;
}

/** The checked level of each skill row: `{ skill: "level" }`. */
function shownRatings(page) {
  return page.$$eval("#assess-ratings fieldset.rating", (rows) =>
    Object.fromEntries(rows.map((row) => [row.getAttribute("data-skill"), row.querySelector("input:checked")?.value ?? null])),
  );
}

/** Picks family `g`, then role `row` (as in a group file), in picker `name`. */
async function pick(page, name, g, row) {
  await page.selectOption(`#assess-${name}-group`, String(g));
  // Listed once the family's file is loaded; a family of many roles narrows to the title.
  await page.waitForFunction((n) => document.querySelectorAll(`#assess-${n} option`).length > 1, name);
  if (await page.locator(`#assess-${name}-find`).isVisible()) await page.fill(`#assess-${name}-find`, row[2]);
  await page.selectOption(`#assess-${name}`, String(row[0]));
}

function same(label, got, want, problems) {
  if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${label}:\n  want ${JSON.stringify(want)}\n  got  ${JSON.stringify(got)}`);
}

const picked = (page, name) => page.$eval(`#assess-${name}`, (s) => s.value);

async function main() {
  const server = await serve(SITE);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const url = `${origin}/assess/`;
  const browser = await launch();
  const scratch = await mkdtemp(path.join(os.tmpdir(), "trellis-assess-large-"));
  try {
    let problems = [];
    const context = await newContext(browser);
    const page = await open(context, url);
    const opened = responses.filter((r) => r.opening).map((r) => new URL(r.url).pathname);
    if (opened.some((p) => p.startsWith("/assess/groups/") || p.startsWith("/assess/levels/"))) problems.push(`a fresh page fetched a family or level file: ${opened.join(" ")}`);
    same("families listed", await page.$$eval("#assess-current-group option", (o) => o.length), core.parts.groups.length + 1, problems);
    same("the role picker before a family is chosen", await page.$$eval("#assess-current option", (o) => o.map((x) => x.textContent)), ["Choose a family first"], problems);
    checks.report("a fresh page loads only the core and lists the families", problems);

    problems = [];
    await pick(page, "current", 1, current);
    await page.click("#assess-prefill");
    // Its requirements at their levels; the options of its choices listed, not rated.
    const options = current[6].flatMap((c) => c[2].filter((_, i) => i % 2 === 0)).map((skill) => [skillIds[skill], "0"]);
    const wanted = Object.fromEntries([
      ...options,
      ...Array.from({ length: current[5].length / 2 }, (_, i) => [skillIds[current[5][2 * i]], String(current[5][2 * i + 1])]),
    ]);
    // Rows come in the framework's order of skills: compared without order.
    const sorted = (o) => Object.entries(o).sort();
    same("ratings filled in from the current role", sorted(await shownRatings(page)), sorted(wanted), problems);
    // The first requirement whose level has a description.
    const at = Array.from({ length: current[5].length / 2 }, (_, i) => 2 * i).find((i) => summaryOf(current[5][i], current[5][i + 1])) ?? 0;
    const [first, level] = [current[5][at], current[5][at + 1]];
    const descriptor = page.locator(`#rate-${skillIds[first]} .rating-descriptor`);
    await page.waitForFunction((id) => !/Loading/.test(document.querySelector(`#rate-${id} .rating-descriptor`).textContent), skillIds[first], { timeout: 10000 }).catch(() => {});
    const words = (html) => html.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    const summary = summaryOf(first, level);
    const text = await descriptor.textContent();
    if (!summary || !text.includes(words(summary))) problems.push(`the level description of ${skillIds[first]}: want ${JSON.stringify(words(summary))}, got ${JSON.stringify(text)}`);
    // Rate it one level lower, as a reader would: its description follows.
    const lower = Math.max(level - 1, core.skills[first][5]);
    await page.check(`#rate-${skillIds[first]} input[value="${lower}"]`);
    const lowerText = await descriptor.textContent();
    const lowerWords = summaryOf(first, lower) ? words(summaryOf(first, lower)) : "No description for this level.";
    if (!lowerText.includes(lowerWords)) problems.push(`after rating ${lower}: want ${JSON.stringify(lowerWords)}, got ${JSON.stringify(lowerText)}`);
    checks.report("pick a family and a role, fill in from it, rate: the level descriptions arrive", problems);

    problems = [];
    await pick(page, "target", 2, target);
    await page.locator("#assess-gap tbody tr").first().waitFor();
    const gapRows = await page.locator("#assess-gap tbody tr[data-skill]").count();
    // A row per requirement, and per option of each choice.
    if (gapRows < target[5].length / 2) problems.push(`${gapRows} rows of gap for ${target[5].length / 2} requirements`);
    const title = await page.locator(".gap-title a").textContent();
    same("the gap's title", title, target[2], problems);
    await page.locator("#assess-steps details.next-skill").first().waitFor({ timeout: 10000 }).catch(() => {});
    const cards = await page.locator("#assess-steps details.next-skill").count();
    if (cards === 0) problems.push("no next-step card for the skills short of the target");
    // The learning of each row: pathways of its skill, from the skill's level file.
    const learning = await page.$$eval("#assess-gap tbody tr[data-skill]", (rows) =>
      rows.flatMap((tr) => [...tr.querySelectorAll(".pathway-link")].map((a) => [tr.getAttribute("data-skill"), a.getAttribute("href")])),
    );
    for (const [skill, href] of learning) {
      const index = skillIds.indexOf(skill);
      const file = read(`assess/levels/${Math.floor(index / core.parts.skills_per_file)}.json`);
      if (!file.pathways.some(([, p]) => p[2] === index && href.endsWith(`pathways/${p[0]}/`))) problems.push(`${href} is not a pathway of ${skill}`);
    }
    checks.report(`aim at a role of another family: ${gapRows} rows of gap, ${learning.length} pathways, ${cards} next-step cards`, problems);

    problems = [];
    const familyOf = (g) => new Set(group(g).map((r) => r[1]));
    await page.locator("#assess-matches .match").first().waitFor();
    const note = await page.locator("#assess-matches .match-count").textContent();
    const name = core.parts.groups[1][0];
    if (!note.includes(`roles of ${name} (the family of your current role)`)) problems.push(`the ranking does not say it ranks ${name}: ${note}`);
    const ranked = await page.$$eval("#assess-matches .match", (items) => items.map((li) => li.getAttribute("data-id")));
    const outside = ranked.filter((id) => !familyOf(1).has(id));
    if (ranked.length === 0 || outside.length) problems.push(`ranked roles outside ${name}: ${outside.join(", ")} (of ${ranked.length})`);
    same("the family select of the ranking", await page.$eval("#assess-rank-group", (s) => s.value), "1", problems);
    await page.selectOption("#assess-rank-group", "2");
    await page.waitForFunction((n) => document.querySelector("#assess-matches .match-count")?.textContent.includes(`roles of ${n}`), core.parts.groups[2][0]);
    const rankedOther = await page.$$eval("#assess-matches .match", (items) => items.map((li) => li.getAttribute("data-id")));
    if (!rankedOther.length || rankedOther.some((id) => !familyOf(2).has(id))) problems.push(`ranking another family: ${rankedOther.join(", ")}`);
    if ((await page.locator("#assess-opportunities .match").count()) === 0 && core.opportunities.length) {
      const opp = await page.locator("#assess-opportunities").textContent();
      if (!/No open opportunity/.test(opp)) problems.push(`opportunities: ${opp}`);
    }
    // The family pickers are labelled and the page passes axe with them shown.
    problems.push(...(await axe(page)));
    checks.report(`the ranking ranks the current role's family, and another on request (${ranked.length}, then ${rankedOther.length} shown)`, problems);

    problems = [];
    const before = await shownRatings(page);
    readyAt = null;
    await page.reload({ waitUntil: "load" });
    await page.locator("#assess-app[data-ready=true]").waitFor({ state: "visible" });
    readyAt = Date.now();
    same("ratings after a reload", await shownRatings(page), before, problems);
    same("current role after a reload", await picked(page, "current"), String(current[0]), problems);
    same("target after a reload", await picked(page, "target"), String(target[0]), problems);
    same("families of the pickers after a reload", [await picked(page, "current-group"), await picked(page, "target-group")], ["1", "2"], problems);
    same("the gap after a reload", await page.locator(".gap-title a").textContent(), target[2], problems);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])));
    same("what localStorage holds", [stored.current, stored.target], [current[1], target[1]], problems);
    checks.report("a reload brings back the ratings, both roles and their families from localStorage", problems);

    problems = [];
    const friend = await newContext(browser);
    const skill = skillIds[shared[5][0]];
    const link = `${url}#v=1&r=${skill}.${shared[5][1]}&c=${shared[1]}&t=${sharedTarget[1]}`;
    const sp = await open(friend, link);
    same("current role from the share link", await picked(sp, "current"), String(shared[0]), problems);
    same("target from the share link", await picked(sp, "target"), String(sharedTarget[0]), problems);
    same("families from the share link", [await picked(sp, "current-group"), await picked(sp, "target-group")], ["0", "2"], problems);
    if (!(await sp.locator("#assess-share-banner").isVisible())) problems.push("no banner says the ratings come from a link");
    same("the rating from the share link", (await shownRatings(sp))[skill], String(shared[5][1]), problems);
    await friend.close();
    checks.report("a share link naming roles of families not loaded opens them", problems);

    problems = [];
    const visitor = await newContext(browser);
    const vp = await open(visitor, `${url}#target=${current[1]}`);
    same("target from a role page's link", await picked(vp, "target"), String(current[0]), problems);
    if (vp.url() !== url) problems.push(`the fragment stayed: ${vp.url()}`);
    const file = path.join(scratch, "assessment.json");
    await writeFile(file, JSON.stringify({ format: "trellis-self-assessment", version: 1, ratings: { [skill]: 1 }, current: imported[1], target: "no-such-role" }));
    const said = await vp.locator("#assess-messages").getAttribute("data-said");
    await vp.setInputFiles("#assess-import", file);
    await vp.waitForFunction((b) => document.getElementById("assess-messages").getAttribute("data-said") !== b, said);
    const message = await vp.locator("#assess-messages").innerText();
    if (!message.includes("Imported 1 rating")) problems.push(`import message: ${message}`);
    if (!message.includes("unknown target role “no-such-role”")) problems.push(`the unknown role is not said to be left out: ${message}`);
    same("current role from the file", await picked(vp, "current"), String(imported[0]), problems);
    same("its family", await picked(vp, "current-group"), "0", problems);
    same("the rating from the file", (await shownRatings(vp))[skill], "1", problems);
    await visitor.close();
    checks.report("a role page's link and an imported file name roles of other families; an unknown one is left out", problems);

    await context.close();
    problems = [...errors];
    for (const u of requests.filter((u) => !u.startsWith(`${origin}/`))) problems.push(`request outside the site: ${u}`);
    const openingFiles = responses.filter((r) => r.opening);
    const largest = openingFiles.reduce((a, b) => (b.bytes > a.bytes ? b : a), { bytes: 0, url: "" });
    for (const r of openingFiles.filter((r) => r.bytes > OPENING_LIMIT)) problems.push(`fetched on opening and over 1 MB: ${r.url} (${r.bytes} bytes)`);
    const largestAny = responses.reduce((a, b) => (b.bytes > a.bytes ? b : a), { bytes: 0, url: "" });
    checks.report(
      `network: ${requests.length} requests, all to the site itself; largest fetched on opening ${new URL(largest.url).pathname} (${largest.bytes} bytes), largest at all ${new URL(largestAny.url).pathname} (${largestAny.bytes} bytes); no console error`,
      problems,
    );
  } finally {
    await browser.close();
    server.close();
    await rm(scratch, { recursive: true, force: true });
  }
  checks.finish("assess-large");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
