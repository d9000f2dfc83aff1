// Render CSL-JSON with citeproc-js (the reference CSL engine), for claimref's conformance goldens.
// Usage: node render.js REQUEST.json > RESULT.json
// REQUEST: {"style": path.csl, "locales": dir, "lang": "en-US" | null, "format": "text" | "html",
//           "items": [CSL-JSON], "citations": [[{"id", "locator", "label"}], ...],
//           "document": false | true}
// With "document": true the citations are one document's notes, in order (processCitationCluster,
// so positions such as ibid and subsequent count), each as it finally reads; otherwise each is
// rendered alone (makeCitationCluster).
// RESULT: {"order": [id...], "entries": {id: text}, "citations": [text...]}
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const request = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
// Items get safe ids ("i0", "i1"…), mapped back in the result: citeproc-js keeps its registry in
// objects, where integer-like keys ("2016") would come first whatever the order given.
const safe = new Map(request.items.map((item, i) => [String(item.id), `i${i}`]));
const original = new Map([...safe].map(([id, key]) => [key, id]));
const items = Object.fromEntries(
  request.items.map((item) => [safe.get(String(item.id)), { ...item, id: safe.get(String(item.id)) }]),
);
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
const ids = request.items.map((item) => safe.get(String(item.id)));
const clusters = (request.citations || []).map((cites) =>
  cites.map((c) => ({ id: safe.get(String(c.id)), locator: c.locator, label: c.label })),
);
const result = { order: [], entries: {}, citations: [] };
if (request.document) {
  // one document: every item listed (as uncited, so the list keeps them all and numbered styles
  // number them in the given order), then the notes in order, then the list
  engine.updateUncitedItems(ids);
  const pre = [];
  const texts = {};
  clusters.forEach((citationItems, i) => {
    const citation = { citationID: `c${i}`, citationItems, properties: { noteIndex: i + 1 } };
    const [, changed] = engine.processCitationCluster(citation, pre, []);
    for (const [, text, id] of changed) texts[id] = text;
    pre.push([citation.citationID, i + 1]);
  });
  clusters.forEach((_, i) => result.citations.push(texts[`c${i}`]));
} else {
  engine.updateItems(ids);
}
const [meta, entries] = engine.makeBibliography();
// citeproc-js leaves entries that render empty out of `entries` but not out of `entry_ids`; it
// names them in `bibliography_errors`: pair the rest in order.
const empty = new Set((meta.bibliography_errors || []).map((error) => String(error.itemID)));
let next = 0;
for (const group of meta.entry_ids) {
  const id = String(group[0]);
  result.order.push(original.get(id));
  result.entries[original.get(id)] = empty.has(id) ? "" : (entries[next++] || "").trim();
}
if (!request.document) {
  for (const items of clusters) result.citations.push(engine.makeCitationCluster(items));
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
