// The document page: layer toggles and the details of the spans under a click. Article data
// is read from the JSON block and only ever set as textContent (never as HTML).
"use strict";
(function () {
  const dataNode = document.getElementById("records");
  const text = document.getElementById("doctext");
  const details = document.getElementById("details");
  if (!dataNode || !text || !details) return;
  const records = JSON.parse(dataNode.textContent);

  document.querySelectorAll("#layers input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("hide-" + box.value, !box.checked);
    });
  });

  function field(dl, name, value) {
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && value.length === 0)) return;
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.setAttribute("dir", "auto");
    dd.textContent = typeof value === "object" ? JSON.stringify(value) : String(value);
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function show(seg) {
    document.querySelectorAll(".seg.selected").forEach(function (s) { s.classList.remove("selected"); });
    seg.classList.add("selected");
    showRecords((seg.dataset.ids || "").split(" ").filter(Boolean).map(Number));
  }

  function showRecords(ids) {
    details.replaceChildren();
    ids.forEach(function (i) {
      const r = records[i];
      if (!r) return;
      const h = document.createElement("h3");
      h.textContent = r.layer + " [" + r.start + ", " + r.end + ")";
      details.appendChild(h);
      const dl = document.createElement("dl");
      Object.keys(r).forEach(function (k) {
        if (k !== "layer" && k !== "type" && k !== "doc_id") field(dl, k, r[k]);
      });
      details.appendChild(dl);
    });
  }

  text.addEventListener("click", function (ev) {
    const seg = ev.target.closest(".seg");
    if (seg) show(seg);
  });

  // A link to #at-START-END (a claim, an event, a search match) marks exactly those characters
  // of the original text, whatever segments they cross or cut. Offsets count code points, as
  // the server's do; JavaScript strings count UTF-16 units, so each text node is measured in
  // code points and cut at the matching unit.
  function units(s, points) {
    let n = 0;
    for (const ch of s) {
      if (points-- <= 0) break;
      n += ch.length;
    }
    return n;
  }

  function unmark() {
    text.querySelectorAll("mark.target").forEach(function (m) {
      m.replaceWith.apply(m, Array.from(m.childNodes));
    });
    text.normalize();  // the cut text nodes made whole again (normalize reaches every descendant)
  }

  function mark(start, end) {
    unmark();
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    const cut = [];
    let pos = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = Array.from(node.data).length;
      const a = Math.max(start, pos), b = Math.min(end, pos + length);
      if (a < b) cut.push([node, a - pos, b - pos]);
      pos += length;
    }
    const marks = cut.map(function (c) {
      const node = c[0];
      const from = units(node.data, c[1]), to = units(node.data, c[2]);
      const tail = node.splitText(from);
      tail.splitText(to - from);
      const m = document.createElement("mark");
      m.className = "target";
      tail.replaceWith(m);
      m.appendChild(tail);
      return m;
    });
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
    // the records that span exactly these characters, shown as a click on them would
    const exact = [];
    records.forEach(function (r, i) { if (r.start === start && r.end === end) exact.push(i); });
    if (exact.length) showRecords(exact);
    return marks.length;
  }

  function markFromHash() {
    const m = /^#at-(\d+)-(\d+)$/.exec(window.location.hash);
    if (m) mark(Number(m[1]), Number(m[2]));
  }
  window.addEventListener("hashchange", markFromHash);
  markFromHash();
})();
