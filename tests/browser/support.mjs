// What the browser scripts share: a static server for a built site, the launch of Debian's
// headless Chromium, and axe-core run under the site's CSP.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Debian's Chromium, or the one `CHROMIUM` names. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// ---------------------------------------------------------------------------------------
// A tiny static server: the site as any web server would serve it.

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
  ".woff2": "font/woff2",
};

async function fileFor(site, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.normalize(path.join(site, decoded));
  if (file !== site && !file.startsWith(site + path.sep)) return null;
  try {
    const s = await stat(file);
    if (s.isDirectory()) {
      if (!decoded.endsWith("/")) return { redirect: urlPath + "/" };
      const index = path.join(file, "index.html");
      return (await stat(index).catch(() => null))?.isFile() ? { file: index } : null;
    }
    return s.isFile() ? { file } : null;
  } catch {
    return null;
  }
}

export function serve(site, port = 0) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    const found = await fileFor(site, url.pathname);
    if (found?.redirect) {
      res.writeHead(301, { Location: found.redirect + url.search });
      res.end();
      return;
    }
    const file = found?.file ?? path.join(site, "404.html");
    const status = found ? 200 : 404;
    try {
      const body = await readFile(file);
      res.writeHead(status, {
        "Content-Type": TYPES[path.extname(file).toLowerCase()] || "application/octet-stream",
        "Content-Length": body.length,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("not found");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

/** Headless Chromium with everything that would reach the network on its own turned off. */
export function launch() {
  // Playwright gives every launch a fresh, temporary user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Runs axe-core in the page. The site's CSP (`default-src 'self'`) refuses inline scripts,
 * so axe is not injected as a <script> element: its source is evaluated through the
 * DevTools protocol, which CSP does not govern. The page keeps its CSP for everything else.
 */
export async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary, html: n.html })),
    }));
  });
  const problems = [];
  for (const v of results) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    problems.push(`axe ${v.impact}: ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"})`);
    for (const n of v.nodes.slice(0, 5)) {
      problems.push(`  at ${n.target}\n    ${n.html.slice(0, 200)}\n    ${(n.summary || "").split("\n").join("\n    ")}`);
    }
    if (v.nodes.length > 5) problems.push(`  … and ${v.nodes.length - 5} more`);
  }
  return problems;
}

/** Counts checks and prints one line for each: `ok    name`, or `FAIL  name` and its problems. */
export class Checks {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }

  report(name, problems) {
    if (problems.length === 0) {
      this.passed++;
      console.log(`ok    ${name}`);
    } else {
      this.failed++;
      console.log(`FAIL  ${name}`);
      for (const p of problems) console.log(`        ${String(p).replace(/\n/g, "\n        ")}`);
    }
  }

  /** Prints `label: N passed, N failed` and exits 0, or 1 when any check failed. */
  finish(label) {
    console.log(`${label}: ${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed === 0 ? 0 : 1);
  }
}
