// Loads one of the default theme's ES module scripts (themes/default/assets/*.js) into Node,
// so the unit tests run the very file the site serves. The theme folder has no package.json
// saying its `.js` files are modules, and Node before 20.19 would read them as CommonJS; a
// data: URL is always read as a module. The modules tested this way import nothing.

import { readFile } from "node:fs/promises";

export async function loadAsset(name) {
  const url = new URL(`../../themes/default/assets/${name}`, import.meta.url);
  const source = await readFile(url, "utf8");
  return import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);
}
