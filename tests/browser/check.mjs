// Opens a built Trellis site in headless Chromium, the way a reader would, and fails on
// anything a reader or an auditor would object to:
//
// - any console error or uncaught page error (a CSP violation is a console error, so an
//   inline script or style the site's Content-Security-Policy refuses is caught here);
// - any request outside the site's own origin (no CDN, font, analytics), and any request
//   of the site's own that fails;
// - any axe-core accessibility violation of impact "serious" or "critical", checked at a
//   desktop width in light mode, at a phone width, and in dark mode (contrast differs);
// - the compare page not working out the comparison its address asks for.
// The self-assessment's behaviour has a script of its own, assess.mjs.
//
// Usage: node check.mjs SITE_DIR          run the checks
//        node check.mjs SITE_DIR --serve  only serve the site (to look at it by hand)
// Needs Debian's `chromium` at /usr/bin/chromium (or CHROMIUM=/path) and `npm ci` here.
// Prints one line per check and a last line `browser: N passed, N failed`; exits 1 on any
// failure.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CHROMIUM, Checks, axe, launch, serve as serveSite } from "./support.mjs";

const siteArg = process.argv[2];
if (!siteArg) {
  console.error("usage: node check.mjs SITE_DIR (a folder built by `trellis build`)");
  process.exit(2);
}
const SITE = path.resolve(siteArg);
if (!existsSync(path.join(SITE, "index.html")) || !existsSync(path.join(SITE, "framework.json"))) {
  console.error(`${SITE} is not a built Trellis site (no index.html or framework.json)`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM}: install Debian's \`chromium\` package (apt-get install chromium)`);
  process.exit(2);
}

const serve = (port) => serveSite(SITE, port);

// `--serve`: only serve, for a person to look at the site.
if (process.argv[3] === "--serve") {
  const server = await serve(Number(process.argv[4] || 8000));
  console.log(`serving ${SITE} at http://127.0.0.1:${server.address().port}/ (Ctrl-C to stop)`);
  await new Promise(() => {});
}

// ---------------------------------------------------------------------------------------
// What to open: real ids from the site's own framework.json, preferring the sample's.

const framework = JSON.parse(readFileSync(path.join(SITE, "framework.json"), "utf8"));

function pick(list, preferred, test = () => true) {
  return list.find((x) => x.id === preferred) ?? list.find(test) ?? list[0];
}

const track = pick(framework.tracks, "software-engineering");
const role = pick(framework.roles, "senior-software-engineer", (r) => r.next.length > 0);
const manager = pick(framework.roles, "engineering-manager", (r) => r.track !== role.track);
const skill = pick(framework.skills, "system-design");
const group = pick(framework.groups, skill.group);
const pathway = framework.pathways.length ? pick(framework.pathways, "system-design-working-to-practitioner") : null;
const from = pick(framework.roles, "software-engineer", (r) => r.next.length > 0);
const to = framework.roles.find((r) => r.id === "staff-engineer")
  ?? framework.roles.find((r) => r.id === from.next[0]?.role)
  ?? framework.roles.find((r) => r.id !== from.id);
const byId = (id) => framework.roles.find((r) => r.id === id);
// The pairs to compare: the one above, and in the sample a pair that shares a level in
// other words ("text changed") and one whose target asks for "any 1 of" an archetype.
const PAIRS = [
  [from, to],
  ...[["software-engineer-ii", "senior-software-engineer"], ["senior-software-engineer", "staff-engineer"]]
    .map(([a, b]) => [byId(a), byId(b)])
    .filter(([a, b]) => a && b),
];

const PAGES = [
  ["home", ""],
  [`track ${track.id}`, `tracks/${track.id}/`],
  [`role ${role.id}`, `roles/${role.id}/`],
  [`role ${manager.id}`, `roles/${manager.id}/`],
  [`skill ${skill.id}`, `skills/${skill.id}/`],
  [`group ${group.id}`, `groups/${group.id}/`],
  ...(pathway ? [[`pathway ${pathway.id}`, `pathways/${pathway.id}/`]] : []),
  ["opportunities", "opportunities/"],
  ["compare", "compare/"],
  ["assess", "assess/"],
  ...PAIRS.map(([a, b]) => [`compare ${a.id} → ${b.id}`, `compare/?a=${encodeURIComponent(a.id)}&b=${encodeURIComponent(b.id)}`, { pair: [a, b] }]),
  // A role with an "any 1 of" choice and dimensions, the assessment against it, free pages.
  ...(byId("staff-engineer") ? [["role staff-engineer", "roles/staff-engineer/", { role: byId("staff-engineer") }]] : []),
  ...(byId("senior-software-engineer") && byId("staff-engineer")
    ? [["assess senior → staff", `assess/#v=1&r=code-quality.3,system-design.3,debugging.2&c=senior-software-engineer&t=staff-engineer`, { assess: byId("staff-engineer") }]]
    : []),
  ...(framework.pages || []).slice(0, 1).map((p) => [`page ${p.id}`, `pages/${p.id}/`, { freePage: p }]),
  ...((framework.pages || []).length ? [["guides", "pages/"]] : []),
  ["A–Z", "az/"],
  ["privacy", "privacy/"],
  ["404", "no-such-page/", { status: 404 }],
];

const MODES = [
  { name: "desktop", viewport: { width: 1280, height: 900 }, colorScheme: "light" },
  { name: "phone", viewport: { width: 390, height: 844 }, colorScheme: "light", isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: "dark", viewport: { width: 1280, height: 900 }, colorScheme: "dark" },
];

// ---------------------------------------------------------------------------------------
// Checks.

const checks = new Checks();
const report = (name, problems) => checks.report(name, problems);

/**
 * The assessment from a share link against `target`, whose track file names its choices: each
 * choice is a group of rows under a heading that says whether it is met, and every skill
 * short of the target has its next step, in the target's words, whose links lead to pages.
 */
async function assessChecks(page, target) {
  const problems = [];
  const file = trackFile(target);
  const data = file.roles?.[target.id] ?? Object.values(file.roles || {}).find((r) => r.id === target.id);
  const choices = data?.choices || [];
  await page.locator("#assess-steps .next-skill").first().waitFor({ timeout: 10000 }).catch(() => problems.push("no next step appeared under the gap"));
  for (const c of choices) {
    const heading = (await page.locator(`tbody.gap-choice[data-choice="${c.name}"] th.choice-heading`).textContent().catch(() => null))?.trim();
    if (!heading) problems.push(`no rows for the choice ${c.name}`);
    else if (!heading.startsWith(`${c.name}: any ${c.pick} of these`)) problems.push(`choice heading reads "${heading}"`);
  }
  const shortOf = await page.$$eval("#assess-gap table.gap-table tr[data-skill]:not(.standing-meets)", (trs) => trs.map((t) => t.dataset.skill));
  const steps = await page.$$eval("#assess-steps .next-skill[data-skill]", (d) => d.map((x) => x.dataset.skill));
  for (const s of shortOf) if (!steps.includes(s)) problems.push(`no next step for ${s}, which the reader is short of`);
  const hrefs = await page.$$eval("#assess-steps a[href]", (as) => as.map((a) => a.href));
  for (const href of [...new Set(hrefs)]) {
    const res = await page.request.get(href);
    if (!res.ok()) problems.push(`a link in a next step leads to ${href}, which answers ${res.status()}`);
  }
  return problems;
}

/** A role page with choices and dimensions shows both. */
async function roleChecks(page, role) {
  const problems = [];
  // Only a role with choices has the section (a converted framework's role of this id may have none).
  if (choicesOf(role).length && !(await page.locator(".choice").count())) problems.push(`no choice section on ${role.id}`);
  if (framework.dimensions?.length && !(await page.locator("#dimensions, .dimensions").count())) problems.push(`no dimensions section on ${role.id}`);
  return problems;
}

/** A free page shows its title as the heading and a body. */
async function freePageChecks(page, p) {
  const problems = [];
  const h1 = (await page.locator("h1").textContent())?.trim();
  if (h1 !== p.title) problems.push(`the heading reads "${h1}", not "${p.title}"`);
  if (!(await page.locator("article .prose").count())) problems.push("the page has no body");
  return problems;
}

/**
 * How much of a drawn bar is filled, 0 to 1: the rightmost pixel of its middle row with the
 * colour of the fill (taken a few pixels in, past the rounded corner), over its width. The screenshot is read back through a
 * canvas on a blank page of the same context, outside the site and its CSP.
 */
async function filledShare(page, locator) {
  const png = (await locator.screenshot()).toString("base64");
  const blank = await page.context().newPage();
  try {
    await blank.setContent(`<img id="shot" src="data:image/png;base64,${png}">`);
    return await blank.evaluate(async () => {
      const img = document.getElementById("shot");
      await img.decode();
      const canvas = document.createElement("canvas");
      [canvas.width, canvas.height] = [img.naturalWidth, img.naturalHeight];
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const row = ctx.getImageData(0, Math.floor(img.naturalHeight / 2), img.naturalWidth, 1).data;
      const near = (i, j) => Math.abs(row[i] - row[j]) + Math.abs(row[i + 1] - row[j + 1]) + Math.abs(row[i + 2] - row[j + 2]) < 40;
      let last = -1;
      const fill = Math.min(5, img.naturalWidth - 1) * 4;
      for (let x = 0; x < img.naturalWidth; x++) if (near(x * 4, fill)) last = x;
      return (last + 1) / img.naturalWidth;
    });
  } finally {
    await blank.close();
  }
}

/** Opens `url` in a fresh page of `context`, watching every request and console message. */
async function open(context, origin, url, { status = 200 } = {}) {
  const page = await context.newPage();
  const problems = [];
  page.on("request", (req) => {
    const u = req.url();
    if (!u.startsWith(origin + "/") && u !== origin) problems.push(`request outside the site: ${u}`);
  });
  page.on("requestfailed", (req) => {
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on("response", (res) => {
    const expected = res.url() === url ? status : 200;
    if (res.status() !== expected && !(res.status() >= 300 && res.status() < 400)) {
      problems.push(`${res.url()} answered ${res.status()}, expected ${expected}`);
    }
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const loc = msg.location();
      // The browser reports the expected 404 of the 404 check itself as a console error.
      if (status === 404 && /status of 404/.test(msg.text()) && loc.url === url) return;
      problems.push(`console error: ${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  await page.goto(url, { waitUntil: "load" });
  return { page, problems };
}

/** A role's track file, as the compare page fetches it (framework.json has no choices). */
function trackFile(role) {
  return JSON.parse(readFileSync(path.join(SITE, "compare", "tracks", `${role.track}.json`), "utf8"));
}

/** A role's choices, `[{name, pick, requirements: [[skill, level, words]]}]`. */
function choicesOf(role) {
  return trackFile(role).roles[role.id].choices;
}

/**
 * The rows the compare page must show for `a` → `b`, worked out from framework.json: every
 * skill either role asks for, except those `b` asks for only as one of its choices; a skill
 * `a` holds only in a choice counts at that level. Same level in other words is "text
 * changed". Also each row's level names, from framework.json.
 */
function expectedComparison(a, b) {
  const offered = new Set(choicesOf(b).flatMap((c) => c.requirements.map((q) => q[0])));
  const held = new Map(choicesOf(a).flatMap((c) => c.requirements.map((q) => [q[0], q])));
  const rows = new Map();
  for (const q of a.requirements) {
    if (!offered.has(q.skill) || b.requirements.some((r) => r.skill === q.skill)) rows.set(q.skill, [q.level, 0, q.expectations, []]);
  }
  for (const q of b.requirements) {
    const mine = rows.get(q.skill) ?? (held.has(q.skill) ? [held.get(q.skill)[1], 0, null, []] : [0, 0, [], []]);
    rows.set(q.skill, [mine[0], q.level, mine[2], q.expectations]);
  }
  const skillOf = (id) => framework.skills.find((s) => s.id === id);
  const label = ([x, y, wx, wy]) =>
    x === 0 ? "new" : y === 0 ? "not required" : y > x ? "raised" : y === x ? (wx !== null && JSON.stringify(wx) !== JSON.stringify(wy) ? "text changed" : "unchanged") : "lowered";
  return [...rows.entries()].map(([id, l]) => `${skillOf(id)?.name ?? id}: ${label(l)}`).sort();
}

async function compareChecks(page, a, b) {
  const problems = [];
  const result = page.locator("#compare-result table.gap-table");
  try {
    await result.waitFor({ state: "visible", timeout: 5000 });
  } catch {
    return ["no comparison table appeared under #compare-result"];
  }
  const selected = await page.evaluate(() => [
    document.getElementById("compare-a").value,
    document.getElementById("compare-b").value,
  ]);
  if (selected[0] !== a.id || selected[1] !== b.id) {
    problems.push(`the selects show ${selected.join(" → ")}, the address asked for ${a.id} → ${b.id}`);
  }
  const heading = (await page.locator("#compare-result h2").textContent())?.trim();
  if (heading !== `From ${a.title} to ${b.title}`) problems.push(`heading is "${heading}"`);
  const rows = await page.$$eval("#compare-result tbody tr", (trs) =>
    trs.map((tr) => `${tr.querySelector("th").textContent.trim()}: ${tr.querySelector(".change").textContent.trim()}`),
  );
  const want = expectedComparison(a, b);
  const got = [...rows].sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    problems.push(`rows differ from framework.json:\n  want ${want.join("; ")}\n  got  ${got.join("; ")}`);
  }
  // Levels read as names on the skill's own scale, never as a ratio over the longest one.
  const cells = await page.$$eval("#compare-result tbody tr", (trs) =>
    trs.flatMap((tr) =>
      [...tr.querySelectorAll(".level")].map((l) => ({
        skill: tr.getAttribute("data-skill"),
        // The name is the bar's own text, "level N of M" its <small>.
        name: [...l.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").trim(),
        num: l.querySelector("small").textContent,
        meter: l.querySelector("meter") !== null,
      })),
    ),
  );
  for (const c of cells) {
    const skill = framework.skills.find((s) => s.id === c.skill);
    const match = /^level (\d+) of (?:(\d+)–)?(\d+)$/.exec(c.num);
    if (!match) {
      problems.push(`${c.skill}: "${c.num}" is not "level N of M" on the skill's own range`);
      continue;
    }
    const [level, first, last] = [Number(match[1]), Number(match[2] || 1), Number(match[3])];
    if (last - first + 1 !== skill.levels.length) problems.push(`${c.skill}: range ${first}–${last} but the skill has ${skill.levels.length} levels`);
    if (skill.levels[level - first]?.name !== c.name) problems.push(`${c.skill}: level ${level} named "${c.name}", not "${skill.levels[level - first]?.name}"`);
    if (!c.meter) problems.push(`${c.skill}: the level bar is not a <meter>`);
  }
  // The bars are drawn filled to their level, as a person sees them (issue 16: they were
  // empty grey). Measured on the rendered pixels of the first few.
  const meters = page.locator("#compare-result tbody .level > meter");
  for (let i = 0; i < Math.min(4, await meters.count()); i++) {
    const m = meters.nth(i);
    const [value, min, max] = await m.evaluate((x) => [x.value, x.min, x.max]);
    const want = (value - min) / (max - min);
    const got = await filledShare(page, m);
    if (Math.abs(got - want) > 0.08) problems.push(`level bar ${i + 1} is drawn ${Math.round(got * 100)}% filled for level ${value} of ${min + 1}–${max} (${Math.round(want * 100)}%)`);
  }
  // Each skill that changes has its next step; "text changed" compares the roles' own words.
  const steps = await page.$$eval("#compare-result .next-skill:not(.next-dimension)", (d) => d.length);
  const changing = want.filter((w) => !w.endsWith(": unchanged") && !w.endsWith(": not required")).length;
  if (steps < changing) problems.push(`${steps} next-step cards for ${changing} skills that change`);
  if (want.some((w) => w.endsWith(": text changed"))) {
    const cards = await page.$$eval("#compare-result .next-skill.text-changed .next-next .expectations li", (l) => l.length);
    if (cards === 0) problems.push("a \"text changed\" skill shows none of the target role's own words");
  }
  // Choices: each of the target's is shown, with whether the current role meets it.
  for (const choice of choicesOf(b)) {
    const box = page.locator(`#compare-result .choice[data-choice="${choice.name}"]`);
    if ((await box.count()) !== 1) {
      problems.push(`the choice "${choice.name}" is not shown`);
      continue;
    }
    const options = await box.locator(".choice-options li").count();
    if (options !== choice.requirements.length) problems.push(`"${choice.name}" lists ${options} options, not ${choice.requirements.length}`);
    const met = choice.requirements.filter(([skill, level]) => (a.requirements.find((q) => q.skill === skill)?.level ?? 0) >= level).length;
    const verdict = (await box.locator(".choice-verdict").textContent()) || "";
    const wanted = met >= choice.pick ? "Met:" : "Not met:";
    if (!verdict.startsWith(wanted)) problems.push(`"${choice.name}" says "${verdict}", expected it to start "${wanted}"`);
  }
  // Picking another role updates the table and the address, without a reload.
  const other = framework.roles.find((r) => r.id !== a.id && r.id !== b.id);
  if (other) {
    await page.selectOption("#compare-b", other.id);
    await page.waitForFunction((t) => document.querySelector("#compare-result h2")?.textContent.trim() === t, `From ${a.title} to ${other.title}`, { timeout: 5000 }).catch(() => {});
    const h = (await page.locator("#compare-result h2").textContent())?.trim();
    if (h !== `From ${a.title} to ${other.title}`) problems.push(`after picking ${other.id} the heading is "${h}"`);
    if (!page.url().includes(`b=${encodeURIComponent(other.id)}`)) problems.push(`the address did not follow the pick: ${page.url()}`);
  }
  return problems;
}

/** Opens every page in one mode (viewport and colour scheme); returns `[label, problems]`s. */
async function checkMode(browser, origin, mode) {
  const { name: modeName, ...options } = mode;
  const context = await browser.newContext({ ...options, reducedMotion: "reduce" });
  const out = [];
  for (const [name, rel, opts] of PAGES) {
    const url = `${origin}/${rel}`;
    const label = `${modeName.padEnd(7)} ${name}`;
    try {
      const { page, problems } = await open(context, origin, url, opts);
      if (opts?.pair) {
        problems.push(...(await compareChecks(page, ...opts.pair)));
      }
      // The assessment fetches its data after the page loads: check it once it is drawn.
      if (name.startsWith("assess")) {
        await page.locator("#assess-app[data-ready=true]").waitFor({ timeout: 10000 }).catch(() => problems.push("the assessment never became ready"));
      }
      if (opts?.assess) problems.push(...(await assessChecks(page, opts.assess)));
      if (opts?.role) problems.push(...(await roleChecks(page, opts.role)));
      if (opts?.freePage) problems.push(...(await freePageChecks(page, opts.freePage)));
      // A page wider than the phone's screen scrolls sideways as a whole: only marked
      // regions (maps, wide tables) may scroll.
      if (modeName === "phone") {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) problems.push(`the page is ${overflow}px wider than the phone's screen`);
      }
      // The colour scheme really applies, so axe checks the contrast of the dark palette.
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const channels = (background.match(/\d+/g) || []).slice(0, 3).map(Number);
      const dark = channels.reduce((a, b) => a + b, 0) < 3 * 128;
      if (dark !== (options.colorScheme === "dark")) {
        problems.push(`background ${background} does not match the ${options.colorScheme} colour scheme`);
      }
      problems.push(...(await axe(page)));
      out.push([label, problems]);
      await page.close();
    } catch (err) {
      out.push([label, [`could not check: ${err.message}`]]);
    }
  }
  await context.close();
  return out;
}

/** Types `query` into the search box and returns the result titles and facts shown. */
async function searchFor(page, query) {
  const box = page.locator("#search-input");
  await box.fill("");
  const before = await page.evaluate(() => document.documentElement.getAttribute("data-search-ready"));
  await box.pressSequentially(query);
  await page.waitForFunction(
    (b) => document.documentElement.getAttribute("data-search-ready") !== b,
    before,
    { timeout: 5000 },
  );
  // The last keystroke's results: wait until no newer query is in flight.
  await page.waitForTimeout(50);
  return page.$$eval(".site-header [role=option]", (items) =>
    items.map((li) => ({
      title: li.querySelector(".search-result-title").textContent,
      facts: li.querySelector(".search-result-facts").textContent,
      marked: [...li.querySelectorAll("mark")].map((m) => m.textContent.toLowerCase()),
      href: new URL(li.getAttribute("data-href"), location.href).href,
    })),
  );
}

/** Search as a reader uses it: aliases, typos, facets and the keyboard. */
async function searchChecks(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await open(context, origin, `${origin}/roles/${role.id}/`);
  const expect = async (label, query, want, test = (r) => r.title === want) => {
    const results = await searchFor(page, query);
    if (!results.slice(0, 3).some(test)) {
      problems.push(`"${query}" (${label}) should find ${want}; got ${results.slice(0, 3).map((r) => r.title).join(", ") || "nothing"}`);
    }
    return results;
  };
  // From framework.json: an alias finds its role, a misspelt skill finds the skill.
  const aliased = framework.roles.find((r) => r.aliases.length > 0);
  if (aliased) await expect("alias", aliased.aliases[0], aliased.title);
  const firstWord = (s) => (s.name || s.title).split(/[^\p{L}\p{N}]+/u)[0];
  // A first word no other skill or role starts with finds its skill alone; in a framework
  // where every first word is shared (generated ones: 250 skills start "Accessible"), the
  // rest of the name comes with it.
  const starts = new Map();
  for (const x of [...framework.skills, ...framework.roles]) {
    const w = firstWord(x).toLowerCase();
    starts.set(w, (starts.get(w) || 0) + 1);
  }
  const long = framework.skills.filter((s) => firstWord(s).length >= 6);
  const unique = long.find((s) => starts.get(firstWord(s).toLowerCase()) === 1);
  const longSkill = unique || long[0] || skill;
  const word = firstWord(longSkill);
  // One letter dropped after the shard prefix.
  const typo = word.slice(0, 2) + word.slice(3) + (unique ? "" : longSkill.name.slice(word.length));
  await expect("one-letter typo", typo, longSkill.name);
  // The sample framework's own examples.
  if (framework.roles.some((r) => r.id === "senior-software-engineer")) {
    await expect("alias SWE III", "SWE III", "Senior software engineer");
    await expect("typo", "stakeholdr", "Stakeholder management");
    await expect("skill alias", "kubernetes", "Operations and reliability");
    await expect("half-remembered title", "senior dev", "Senior software engineer");
    const finance = await expect("prefix while typing", "financ", "Finance for non-financial managers");
    if (finance.length && !finance[0].marked.some((m) => m.startsWith("financ"))) {
      problems.push(`matched words are not highlighted: ${JSON.stringify(finance[0])}`);
    }
  }
  // A facet narrows the results: the kind filter keeps only skills, the grade filter one grade.
  const all = await searchFor(page, "engineer");
  const status = async () => (await page.locator(".site-header .search-status").textContent()) || "";
  const countOf = (text) => Number((text.match(/(\d+) results?$/) || [0, text.startsWith("1 ") ? 1 : 0])[1]);
  const total = countOf(await status());
  await page.selectOption(".site-header .search-kind", { label: "Skills" });
  await page.waitForTimeout(300);
  const skillsOnly = await page.$$eval(".site-header .search-result-facts", (e) => e.map((x) => x.textContent));
  const narrowed = countOf(await status());
  if (!(narrowed < total) || skillsOnly.some((f) => !f.startsWith("Skill"))) {
    problems.push(`the kind facet did not narrow "engineer" to skills: ${total} → ${narrowed} (${skillsOnly.join("; ")})`);
  }
  await page.selectOption(".site-header .search-kind", { label: "Everything" });
  const grade = framework.grades.find((g) => framework.roles.some((r) => r.grade === g.id && /engineer/i.test(r.title)));
  if (grade && all.length) {
    await page.selectOption(".site-header .search-grade", { label: `${grade.id} ${grade.name}` });
    await page.waitForTimeout(300);
    const facts = await page.$$eval(".site-header .search-result-facts", (e) => e.map((x) => x.textContent));
    if (!facts.length || facts.some((f) => !f.endsWith(`${grade.id} ${grade.name}`))) {
      problems.push(`the grade facet let other grades through: ${facts.join("; ")}`);
    }
    await page.selectOption(".site-header .search-grade", { label: "All grades" });
  }
  // The results panel is accessible too.
  await searchFor(page, "engineer");
  problems.push(...(await axe(page)));
  // Keyboard: `/` focuses the box, arrows move, Enter opens.
  await page.locator("main h1").click();
  await page.keyboard.press("/");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (focused !== "search-input") problems.push(`"/" focused ${focused || "nothing"}, not the search box`);
  const results = await searchFor(page, aliased ? aliased.aliases[0] : skill.name);
  await page.keyboard.press("ArrowDown");
  const selected = await page.locator(".site-header [role=option][aria-selected=true]").count();
  if (selected !== 1) problems.push(`ArrowDown selected ${selected} results`);
  await Promise.all([page.waitForURL(results[0]?.href || "**", { timeout: 5000 }).catch(() => {}), page.keyboard.press("Enter")]);
  if (results[0] && page.url() !== results[0].href) problems.push(`Enter opened ${page.url()}, not ${results[0].href}`);
  report("search  alias, typo, prefix, facets, keyboard, axe", problems);
  await context.close();
}

async function main() {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  try {
    // The three modes run side by side, each in its own context; results print in order.
    const results = await Promise.all(MODES.map((mode) => checkMode(browser, origin, mode)));
    for (const [label, problems] of results.flat()) report(label, problems);
    await searchChecks(browser, origin);
    // Reading needs no JavaScript: without it the compare page says what to do instead.
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      const { page, problems } = await open(noScript, origin, `${origin}/compare/`);
      if (!(await page.locator(".notice").isVisible())) problems.push("no <noscript> notice shown");
      const { page: rolePage, problems: roleProblems } = await open(noScript, origin, `${origin}/roles/${role.id}/`);
      if ((await rolePage.locator(".requirement").count()) === 0) roleProblems.push("no requirement shown");
      // Without the script the search box is a plain form that opens the A–Z page.
      const action = await rolePage.locator(".site-header form.search").getAttribute("action");
      if (!/az\/$/.test(action || "")) roleProblems.push(`the search form submits to ${action}, not the A–Z page`);
      // The self-assessment says what it needs and shows none of its controls.
      const { page: assessPage, problems: assessProblems } = await open(noScript, origin, `${origin}/assess/`);
      if (!(await assessPage.locator(".notice").isVisible())) assessProblems.push("no <noscript> notice on the assessment");
      if (await assessPage.locator("#assess-app").isVisible()) assessProblems.push("the assessment's controls show without a script");
      if (await assessPage.locator("#assess-loading").isVisible()) assessProblems.push("the assessment says it is loading, without a script to load");
      report("no-js   compare notice, role page, assessment notice", [...problems, ...roleProblems, ...assessProblems]);
    } catch (err) {
      report("no-js   compare notice, role page, assessment notice", [`could not check: ${err.message}`]);
    }
    await noScript.close();
  } finally {
    await browser.close();
    server.close();
  }
  checks.finish("browser");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
