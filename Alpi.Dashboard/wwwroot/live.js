// The live state shared by the views: open alerts and hosts from the collector's /api/live stream (pushed within
// half a second of a change), SNMP device states polled every 5 s while a view asks for them.
import { poll, stream } from "./api.js";

/**
 * `alerts` and `hosts` are null until the first event; `devices` null until the first poll; `stored` the hosts of the
 * last `stored` event ([{tenant, host, lastSeen}]: their points were just stored).
 */
export const live = { alerts: null, hosts: null, devices: null, stored: [], error: null };

const listeners = new Set();
const emit = (what) => { for (const fn of [...listeners]) fn(what); };

/** Calls `fn(what)` ("alerts", "hosts", "stored", "devices", "connection") on every change; returns the unsubscribe function. */
export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Opens the stream once for the page's lifetime. */
export function startLive() {
  stream("/api/live", {
    alerts: (data) => { live.alerts = data; emit("alerts"); },
    hosts: (data) => { live.hosts = data; emit("hosts"); },
    stored: (data) => { live.stored = data; emit("stored"); },
  }, (error) => { live.error = error; emit("connection"); });
}

let deviceUsers = 0, stopDevices = null;
/**
 * One entry per SNMP device from its polling agent's `snmp_poll` series. The device's own site (Agent:Snmp:Devices:N:Site)
 * is that series' `site` tag, so a site set, changed or removed starts a new series beside the old one, which the store
 * still lists: of a device's series, the one with the latest value stands for it (on a tie, both valued within the same
 * 15-second step just after the change, the one listed last).
 */
function devicesOf(series) {
  const byDevice = new Map();
  for (const s of series) {
    if (!s.tags.device) continue;
    const key = `${s.tags.tenant}\0${s.tags.host}\0${s.tags.device}`;
    const kept = byDevice.get(key);
    if (!kept || (s.at ?? "") >= (kept.at ?? "")) byDevice.set(key, {
      tenant: s.tags.tenant, agent: s.tags.host, device: s.tags.device, site: s.tags.site || null, at: s.at,
      up: s.value == null ? null : s.value >= 1,
    });
  }
  return [...byDevice.values()];
}

/**
 * Keeps `live.devices` fresh while at least one caller holds it: one entry per SNMP device (see `devicesOf`),
 * `{tenant, agent, device, site: its own site or null, up: true|false|null, at}`. Returns the release function.
 */
export function useDevices() {
  if (deviceUsers++ === 0) {
    stopDevices = poll("/api/latest?measurement=snmp_poll&field=up&window=15m", 5000, (data) => {
      live.devices = devicesOf(data.series);
      emit("devices");
    }, (error) => { if (error) { live.error = error; emit("connection"); } });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--deviceUsers === 0) { stopDevices(); stopDevices = null; }
  };
}
