// Measures the self-assessment page on a built site in headless Chromium: the size of
// assess/data.json (raw and gzip -9), the time from opening the page to a ready page (fresh
// context, nothing cached), and the time a rating change and a change of target take to
// re-rank the roles and redraw (the page's own work, layout included). Past 2,000 roles the
// page ranks one family: the roles are picked from the largest, whose file it loads.
// Usage: node assess-bench.mjs SITE_DIR. Used by bench/assess.sh; prints figures, asserts
// nothing about time.

import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { launch, serve } from "./support.mjs";

const SITE = path.resolve(process.argv[2] || "public");
const RUNS = Number(process.env.RUNS || 5);
const raw = readFileSync(path.join(SITE, "assess", "data.json"));
const data = JSON.parse(raw);

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function ms(x) {
  return `${x.toFixed(1)} ms`;
}

const server = await serve(SITE);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();

// The roles to pick, `[number, id, title, …]`: every role, or past 2,000 the largest family's.
const family = data.parts ? data.parts.groups.reduce((best, g, i, all) => (g[1] > all[best][1] ? i : best), 0) : -1;
const pool = data.parts
  ? JSON.parse(readFileSync(path.join(SITE, "assess", "groups", `${family}.json`))).roles
  : data.roles.map((r, i) => [i, ...r]);
const roleCount = data.parts ? data.parts.roles : data.roles.length;

console.log(`roles ${roleCount} (${pool.length} ranked at a time), skills ${data.skills.length}, pathways ${data.parts ? "(in the level files)" : data.pathways.length}, open opportunities ${data.opportunities.length}`);
console.log(`assess/data.json: ${raw.length} bytes, ${gzipSync(raw, { level: 9 }).length} bytes gzip -9`);

const loads = [];
const reloads = [];
const rerates = [];
const retargets = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(`${origin}/assess/`);
  await page.locator("#assess-app[data-ready=true]").waitFor({ timeout: 60000 });
  loads.push(Date.now() - start);
  // Start from a role in the middle of the list and aim at another.
  const role = Math.floor(pool.length / 2);
  const pick = async (name, at) => {
    if (family >= 0) {
      await page.selectOption(`#assess-${name}-group`, String(family));
      await page.waitForFunction((n) => document.querySelectorAll(`#assess-${n} option`).length > 1, name);
    }
    // A large framework's pickers list only the roles that match what is typed.
    if (await page.locator(`#assess-${name}-find`).isVisible()) await page.fill(`#assess-${name}-find`, pool[at][2]);
    await page.selectOption(`#assess-${name}`, String(pool[at][0]));
  };
  await pick("current", role);
  await page.click("#assess-prefill");
  await pick("target", role + 1);
  await page.locator("#assess-matches .match-action").first().waitFor();
  // Move the first skill's rating up and down: each change ranks every role again.
  for (let i = 0; i < 10; i++) {
    rerates.push(
      await page.evaluate((level) => {
        const row = document.querySelector("#assess-ratings fieldset.rating");
        const input = row.querySelector(`input[value="${level}"]`);
        const t = performance.now();
        input.click();
        void document.body.offsetHeight;
        return performance.now() - t;
      }, 1 + (i % 3)),
    );
  }
  for (let i = 0; i < 5; i++) {
    retargets.push(
      await page.evaluate((value) => {
        // "Make this my target" on a ranked role: the gap, the list to rate and the ranking.
        const buttons = document.querySelectorAll("#assess-matches .match-action");
        const t = performance.now();
        buttons[value % buttons.length].click();
        void document.body.offsetHeight;
        return performance.now() - t;
      }, i + 1),
    );
  }
  // Opened again with both roles and the ratings kept: their families and level files too.
  const again = Date.now();
  await page.reload();
  await page.locator("#assess-app[data-ready=true]").waitFor({ timeout: 60000 });
  reloads.push(Date.now() - again);
  await context.close();
}
console.log(`open to ready (fetch, parse, fill the role lists): median ${ms(median(loads))} over ${RUNS} fresh pages (${loads.join(", ")} ms)`);
console.log(`opened again with the roles and ratings kept (their families and level descriptions too): median ${ms(median(reloads))} (${reloads.join(", ")} ms)`);
console.log(`a rating change (re-rank ${pool.length} roles, redraw): median ${ms(median(rerates))}, worst ${ms(Math.max(...rerates))} over ${rerates.length}`);
console.log(`a change of target from the ranking (rate list, gap, ranking): median ${ms(median(retargets))}, worst ${ms(Math.max(...retargets))} over ${retargets.length}`);
await browser.close();
server.close();
