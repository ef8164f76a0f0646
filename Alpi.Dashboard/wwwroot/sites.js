// Sites: where a host, a device or a problem stands within its tenant. A host's site is the one its agent declared
// (Agent:Site, `site` in /api/hosts, null for none); an SNMP device's is its own when its polling agent's configuration
// gives it one (Agent:Snmp:Devices:N:Site, the `site` tag of its `snmp_poll` series: live.js), else that agent's; a
// problem stands on the site of its host, of its device (a trap names the device as the host), or, for a rule on a
// device's series (the polling agent as host, `device=D` in the instance), of that device. Anything else (an unknown
// host, a Wi-Fi terminal, which keeps its controller's tenant) has no site: it counts on the tenant's own tile.

/**
 * The problems filter's value for "no site" (`#/problems?site=-`): a site an agent declares, for itself or for a device,
 * begins and ends with a letter or a digit (Alpi.Agent's options validators), so "-" never names one.
 */
export const NO_SITE = "-";

/** The device a problem's instance names (`device=D` among the series' tags, `k=v` joined by commas), or null. */
const instanceDevice = (instance) => {
  const tag = (instance || "").split(",").find((kv) => kv.startsWith("device="));
  return tag ? tag.slice("device=".length) : null;
};

/**
 * Builds the lookup of sites from the live hosts and devices (live.js).
 * @returns {{ host: (tenant: string, host: string) => string|null, device: (d: object) => string|null,
 *   alert: (a: object) => string|null }} the site of a host or device name in a tenant, of a live device
 *   (`{tenant, agent, device, site}`), of an alert (`{tenant, host, instance}`); null for none.
 */
export function siteLookup(hosts, devices) {
  const byHost = new Map();
  for (const h of hosts || []) if (h.site) byHost.set(`${h.tenant}\0${h.host}`, h.site);
  const deviceSite = (d) => d.site || byHost.get(`${d.tenant}\0${d.agent}`) || null;
  const byDevice = new Map(), byPolled = new Map();
  for (const d of devices || []) {
    const site = deviceSite(d);
    if (!site) continue;
    byDevice.set(`${d.tenant}\0${d.device}`, site);
    byPolled.set(`${d.tenant}\0${d.agent}\0${d.device}`, site);
  }
  const host = (tenant, name) => byHost.get(`${tenant}\0${name}`) ?? byDevice.get(`${tenant}\0${name}`) ?? null;
  const alert = (a) => {
    const device = instanceDevice(a.instance);
    return (device && byPolled.get(`${a.tenant}\0${a.host}\0${device}`)) || host(a.tenant, a.host);
  };
  return { host, device: deviceSite, alert };
}
