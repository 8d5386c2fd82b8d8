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
    details.replaceChildren();
    const ids = (seg.dataset.ids || "").split(" ").filter(Boolean).map(Number);
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
})();
