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
 * Keeps `live.devices` fresh while at least one caller holds it: one entry per SNMP device (the polling agent's
 * `snmp_poll` series), `{tenant, agent, device, up: true|false|null, at}`. Returns the release function.
 */
export function useDevices() {
  if (deviceUsers++ === 0) {
    stopDevices = poll("/api/latest?measurement=snmp_poll&field=up&window=15m", 5000, (data) => {
      live.devices = data.series.filter((s) => s.tags.device).map((s) => ({
        tenant: s.tags.tenant, agent: s.tags.host, device: s.tags.device, at: s.at,
        up: s.value == null ? null : s.value >= 1,
      }));
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
