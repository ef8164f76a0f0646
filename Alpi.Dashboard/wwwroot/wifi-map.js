// The map of the Cigale terminals: Leaflet (npm `leaflet`, embedded in the assembly like uPlot), loaded only when the
// Wi-Fi view needs it. By default there is no tile layer, so the page asks no other server for anything and the
// terminals show as markers on a plain background; `Collector:Dashboard:MapTilesUrl` (GET /api/wifi/map) adds tiles.
import { el, t, labelled } from "./core.js";

let leaflet = null;
/** Loads leaflet.css and leaflet.js once (a classic script: it defines window.L). */
function loadLeaflet() {
  if (!leaflet) {
    leaflet = new Promise((resolve, reject) => {
      // Beside this module: under the page's version segment, so cached like the rest of the page.
      document.head.append(el("link", { rel: "stylesheet", href: new URL("./leaflet.css", import.meta.url).href }));
      const script = el("script", { src: new URL("./leaflet.js", import.meta.url).href });
      script.addEventListener("load", () => resolve(window.L));
      script.addEventListener("error", () => { leaflet = null; reject(new Error(script.src)); });
      document.head.append(script);
    });
  }
  return leaflet;
}

const stateLabel = (state) => t(state === "online" ? "inService" : state === "offline" ? "outOfService" : "unknown");

/**
 * A map of `rows` ({host, tenant, state, fields: {latitude, longitude, …}}) in a <figure>; `settings` is the answer of
 * /api/wifi/map. Returns {node, update(rows), destroy()}. Terminals without coordinates are left off (the caption
 * counts them); each marker is a keyboard-reachable button named after its terminal that opens a popup.
 */
export function terminalMap(settings, onError) {
  const box = el("div", { class: "map", id: "wifi-map", role: "region", "aria-label": t("mapLabel") });
  const caption = el("figcaption");
  const node = el("figure", { class: "map-figure", "data-tiles": settings?.tilesUrl ? "on" : "off" }, box, caption);
  let map = null, layer = null, pending = null, destroyed = false, fitted = "";

  const draw = (L, rows) => {
    if (destroyed) return;
    if (!map) {
      map = L.map(box, { zoomControl: true, attributionControl: true, zoomSnap: 0.5, worldCopyJump: false });
      map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-in")?.setAttribute("aria-label", t("zoomInMap"));
      map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-in")?.setAttribute("title", t("zoomInMap"));
      map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-out")?.setAttribute("aria-label", t("zoomOutMap"));
      map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-out")?.setAttribute("title", t("zoomOutMap"));
      L.control.scale({ imperial: false }).addTo(map);
      if (settings?.tilesUrl) {
        L.tileLayer(settings.tilesUrl, { attribution: settings.attribution ? escapeText(settings.attribution) : "", maxZoom: 19 }).addTo(map);
      } else {
        map.attributionControl.addAttribution(escapeText(t("mapNoTiles")));
      }
      layer = L.layerGroup().addTo(map);
    }
    const placed = rows.filter((r) => Number.isFinite(r.fields.latitude) && Number.isFinite(r.fields.longitude));
    layer.clearLayers();
    for (const r of placed) {
      const label = `${r.host} (${stateLabel(r.state)})`;
      const icon = L.divIcon({
        className: `terminal-marker ${r.state}`,
        html: el("span", { class: "visually-hidden", text: label }),
        iconSize: [18, 18],
        iconAnchor: [9, 9],
      });
      const marker = L.marker([r.fields.latitude, r.fields.longitude], { icon, title: label, keyboard: true, riseOnHover: true });
      marker.bindPopup(() => el("div", { class: "map-popup" },
        el("strong", { text: r.host }), el("br"), labelled(t("tenant"), r.tenant), el("br"),
        labelled(t("status"), stateLabel(r.state)), el("br"),
        labelled(t("activeSessions"), r.fields.active_sessions ?? "—")));
      marker.on("add", () => marker.getElement()?.setAttribute("data-terminal", r.host));
      layer.addLayer(marker);
    }
    const key = placed.map((r) => `${r.host}:${r.fields.latitude}:${r.fields.longitude}`).sort().join("|");
    if (key !== fitted) {
      fitted = key;
      if (placed.length === 1) map.setView([placed[0].fields.latitude, placed[0].fields.longitude], 14);
      else if (placed.length > 1) map.fitBounds(L.latLngBounds(placed.map((r) => [r.fields.latitude, r.fields.longitude])), { padding: [30, 30], maxZoom: 16 });
      else map.setView([46.5, 2.5], 5);
    }
    const missing = rows.length - placed.length;
    caption.textContent = t(settings?.tilesUrl ? "mapCaptionTiles" : "mapCaption", { n: placed.length }) + (missing ? " " + t("mapMissing", { n: missing }) : "");
    box.dataset.markers = String(placed.length);
  };

  return {
    node,
    update(rows) {
      pending = rows;
      loadLeaflet().then((L) => { if (pending === rows) draw(L, rows); }, (e) => onError?.(e));
    },
    destroy() {
      destroyed = true;
      map?.remove();
    },
  };
}

/** Leaflet writes attributions as HTML: give it text only. */
function escapeText(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}
