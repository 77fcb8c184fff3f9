// Measures search on a built site in headless Chromium: the compressed bytes the browser
// fetches before the first result of a query appears (a fresh page, nothing cached), and
// the time from a keystroke to its results (typing queries letter by letter in one page).
// Usage: node search-bench.mjs SITE_DIR. Used by bench/search.sh; prints figures, asserts
// nothing about time.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { chromium } from "playwright-core";

const SITE = path.resolve(process.argv[2] || "public");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };
const server = createServer(async (req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = path.join(SITE, p);
  if (!file.startsWith(SITE)) { res.writeHead(403).end(); return; }
  try { if ((await stat(file)).isDirectory()) file = path.join(file, "index.html"); } catch {}
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;
const framework = JSON.parse(await readFile(path.join(SITE, "framework.json"), "utf8"));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const role = framework.roles[Math.floor(framework.roles.length / 2)];
const skill = framework.skills[Math.floor(framework.skills.length / 3)];
const queries = [
  role.title,
  skill.name,
  role.aliases[0] || role.title.split(" ")[0],
  skill.name.split(" ")[0].slice(0, 4),
  "stakeholder",
  "engineer",
];

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function p95(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; }

// 1. Bytes before the first result, each query in a fresh context (empty cache).
const bytes = [];
for (const q of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/roles/${role.id}/`);
  const fetched = new Map();
  page.on("response", async (res) => {
    if (!res.url().includes("/search/")) return;
    try { fetched.set(res.url(), gzipSync(await res.body(), { level: 9 }).length); } catch {}
  });
  await page.fill("#search-input", q);
  await page.waitForSelector(".site-header [role=option]", { timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(200);
  const script = gzipSync(await readFile(path.join(SITE, "assets/search.js")), { level: 9 }).length;
  const index = [...fetched.values()].reduce((a, b) => a + b, 0);
  const shown = await page.locator(".site-header [role=option]").count();
  bytes.push({ q, files: fetched.size, index, total: index + script, shown });
  await context.close();
}

// 2. Keystroke to results, typing each query letter by letter in one warm page.
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${origin}/roles/${role.id}/`);
const times = [];
for (const q of queries.concat(queries)) {
  const ms = await page.evaluate(async (query) => {
    const box = document.getElementById("search-input");
    box.value = "";
    box.dispatchEvent(new Event("input"));
    const out = [];
    for (const ch of query) {
      const before = document.documentElement.getAttribute("data-search-ready");
      const t0 = performance.now();
      box.value += ch;
      box.dispatchEvent(new Event("input"));
      if (!box.value.trim()) continue;
      // The script marks <html data-search-ready> once it has drawn the results.
      await new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (document.documentElement.getAttribute("data-search-ready") !== before) { observer.disconnect(); resolve(); }
        });
        observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-search-ready"] });
      });
      out.push(performance.now() - t0);
    }
    return out;
  }, q);
  times.push(...ms);
}
await browser.close();
server.close();

console.log("query                                  files  index gz  +search.js  results");
for (const b of bytes) {
  console.log(`${b.q.slice(0, 38).padEnd(38)} ${String(b.files).padStart(5)} ${String(b.index).padStart(9)} ${String(b.total).padStart(11)} ${String(b.shown).padStart(8)}`);
}
const totals = bytes.map((b) => b.total);
console.log(`bytes before the first result (gzip, incl. search.js): median ${median(totals)}, max ${Math.max(...totals)}`);
console.log(`keystroke to results: median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms over ${times.length} keystrokes`);
