/* The public map of places: circle markers coloured by kind, drawn with or without a tile server
   (with none, or no signal for one, the points still show on a plain background), each labelled with
   its place and commune names (text nodes, never HTML from the data) so a map with no tiles still
   reads. The list beside (wide screens) or below (phones) the map is the same content, with or
   without JavaScript. */
(function () {
  var el = document.getElementById("map");
  var source = document.getElementById("places-data");
  if (!el || !source || !window.L) return;
  var data = JSON.parse(source.textContent);
  if (!data.points.length) return;
  el.hidden = false;
  var map = window.L.map(el, { attributionControl: !!data.tiles, zoomSnap: 0.25, preferCanvas: false });
  if (data.tiles) window.L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
  var bounds = [];
  data.points.forEach(function (p) {
    var colour = data.colours[p.kind] || "#5b6475";
    var marker = window.L.circleMarker([p.lat, p.lon], {
      radius: 8, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 0.9
    }).addTo(map);
    var box = document.createElement("div");
    var kind = document.createElement("div");
    kind.className = "popup-kind";
    kind.textContent = p.kindName;
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    box.appendChild(kind);
    box.appendChild(link);
    marker.bindPopup(box, { maxWidth: Math.max(160, Math.min(280, el.clientWidth - 80)) });
    var label = document.createElement("span");
    var name = document.createElement("b");
    name.textContent = p.name;
    var commune = document.createElement("span");
    commune.className = "map-label-commune";
    commune.textContent = p.commune;
    label.appendChild(name);
    label.appendChild(commune);
    marker.bindTooltip(label, { permanent: true, direction: "right", offset: [8, 0], className: "map-label" });
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length === 1) map.setView(bounds[0], 14);
  else map.fitBounds(bounds, { paddingTopLeft: [24, 24], paddingBottomRight: [Math.min(140, el.clientWidth / 3), 24], maxZoom: 15 });
})();
