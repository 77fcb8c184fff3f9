// Drives `trellis serve` in headless Chromium the way an editor of the framework would:
// opens a role page, breaks the role's file and waits for the error overlay, checks that
// the overlay shows the file, line and message as text (a quoted `<img onerror>` must not
// become an element), fixes the file and waits for the page to reload without it, then
// edits the text and waits for the reloaded page to show it. Fails on any console error,
// which includes any script or style the pages' Content-Security-Policy refuses.
//
// Usage: node serve.mjs URL_OF_ROLE_PAGE ROLE_FILE
// Prints one line per check and `serve-browser: N passed, N failed`; exits 1 on failure.

import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [url, file] = process.argv.slice(2);
if (!url || !file) {
  console.error("usage: node serve.mjs URL_OF_ROLE_PAGE ROLE_FILE");
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
const errors = [];
try {
  const page = await browser.newPage();
  page.on("console", (m) => {
    // A failed request for the event stream while the server restarts is not ours to judge.
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  check("the page loads with the live-reload script", (await page.locator("script[data-build]").count()) === 1);
  // Give the event stream a moment to connect before editing.
  await page.waitForTimeout(500);

  const original = readFileSync(file, "utf8");
  const broken = original.replace(/^grade = "[^"]*"/m, 'grade = "<img src=x onerror=alert(1)>"');
  check("the test breaks the file", broken !== original);
  writeFileSync(file, broken);
  const overlay = page.locator(".trellis-live-overlay");
  await overlay.waitFor({ state: "visible", timeout: 20000 });
  const text = await overlay.innerText();
  check("the overlay names the file and line", /roles\/.+\.md:\d+:\d+/.test(text), text.slice(0, 200));
  check("the overlay shows the message", text.includes("unknown grade"), text.slice(0, 200));
  check("quoted markup is shown as text", text.includes("<img src=x onerror=alert(1)>"));
  check("quoted markup is not an element", (await overlay.locator("img").count()) === 0);
  check("the page under the overlay is the last good one", (await page.locator("main h1").count()) === 1);
  await page.screenshot({ path: process.env.SCREENSHOT || "/tmp/trellis-serve-overlay.png" });

  writeFileSync(file, original);
  await page.waitForFunction(() => !document.querySelector(".trellis-live-overlay"), null, { timeout: 20000 });
  check("the overlay goes away when the file is fixed", true);

  const marker = "Edited in the browser test.";
  const build = await page.locator("script[data-build]").getAttribute("data-build");
  writeFileSync(file, original.replace(/\n\+\+\+\n/, `\n+++\n\n${marker}\n`));
  await page.waitForFunction(
    (old) => {
      const script = document.querySelector("script[data-build]");
      return script && script.getAttribute("data-build") !== old;
    },
    build,
    { timeout: 20000 }
  );
  await page.waitForLoadState("load");
  check("the page reloads with the edit", (await page.content()).includes(marker));
  writeFileSync(file, original);
  check("no console errors (CSP included)", errors.length === 0, errors.join(" | "));
} catch (error) {
  check("the run finished", false, String(error));
} finally {
  await browser.close();
}
console.log(`serve-browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
