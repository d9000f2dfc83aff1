// Render CSL-JSON with citeproc-js (the reference CSL engine), for claimref's conformance goldens.
// Usage: node render.js REQUEST.json > RESULT.json
// REQUEST: {"style": path.csl, "locales": dir, "lang": "en-US" | null, "format": "text" | "html",
//           "items": [CSL-JSON], "citations": [[{"id", "locator", "label"}], ...]}
// RESULT: {"order": [id...], "entries": {id: text}, "citations": [text...]}
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const request = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const items = Object.fromEntries(request.items.map((item) => [String(item.id), item]));
const sys = {
  retrieveLocale(lang) {
    const file = path.join(request.locales, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem(id) {
    return items[id];
  },
};
const style = fs.readFileSync(request.style, "utf8");
const engine = new CSL.Engine(sys, style, request.lang || undefined, Boolean(request.lang));
engine.setOutputFormat(request.format || "text");
engine.updateItems(request.items.map((item) => String(item.id)));
const [meta, entries] = engine.makeBibliography();
const result = { order: [], entries: {}, citations: [] };
// citeproc-js leaves entries that render empty out of `entries` but not out of `entry_ids`:
// find those by rendering each such item alone, then pair the rest in order.
const ids = meta.entry_ids.map((group) => String(group[0]));
const empty = new Set();
if (entries.length < ids.length) {
  for (const id of ids) {
    const alone = new CSL.Engine(sys, style, request.lang || undefined, Boolean(request.lang));
    alone.setOutputFormat(request.format || "text");
    alone.updateItems([id]);
    const [, own] = alone.makeBibliography();
    if (!own.length || !own[0].trim()) empty.add(id);
  }
}
let next = 0;
for (const id of ids) {
  result.order.push(id);
  result.entries[id] = empty.has(id) ? "" : (entries[next++] || "").trim();
}
for (const cites of request.citations || []) {
  const items = cites.map((c) => ({ id: c.id, locator: c.locator, label: c.label }));
  result.citations.push(engine.makeCitationCluster(items));
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
