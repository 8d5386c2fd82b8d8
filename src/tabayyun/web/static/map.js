// Maps of a story's or an entity's geocoded places, drawn with the vendored Leaflet. Works
// offline: without a tile URL the points are drawn on a blank background. Place names are set
// as text content of the popups, never as HTML.
"use strict";
(function () {
  const node = document.getElementById("map");
  const dataNode = document.getElementById("map-points");
  if (!node || !dataNode || typeof L === "undefined") return;
  const points = JSON.parse(dataNode.textContent);
  if (!points.length) return;
  const map = L.map(node, { attributionControl: true });
  const tiles = node.dataset.tiles;
  if (tiles && /^https?:\/\//.test(tiles)) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: node.dataset.attribution || "" }).addTo(map);
  }
  const layer = L.featureGroup().addTo(map);
  points.forEach(function (p) {
    const marker = L.circleMarker([p.lat, p.lon], { radius: 7, color: "#1d3557", fillColor: "#e63946", fillOpacity: 0.8 });
    const box = document.createElement("div");
    const name = document.createElement("bdi");
    name.setAttribute("dir", "auto");
    name.textContent = p.text;
    box.appendChild(name);
    if (p.href) {
      box.appendChild(document.createElement("br"));
      const a = document.createElement("a");
      a.href = p.href;
      a.textContent = p.label || "evidence";
      box.appendChild(a);
    }
    marker.bindPopup(box);
    marker.bindTooltip(p.text);
    marker.addTo(layer);
  });
  map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 9 });
})();
