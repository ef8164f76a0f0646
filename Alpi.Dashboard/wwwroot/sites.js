// Sites: where a host, a device or a problem stands within its tenant. A host's site is the one its agent declared
// (Agent:Site, `site` in /api/hosts, null for none); an SNMP device stands on the site of the agent that polls it; a
// problem on the site of its host (or of its device). Anything else (an unknown host, a Wi-Fi terminal, which keeps its
// controller's tenant) has no site: it counts on the tenant's own tile.

/**
 * The problems filter's value for "no site" (`#/problems?site=-`): a site an agent declares begins and ends with a letter
 * or a digit (Alpi.Agent's options validator), so "-" never names one.
 */
export const NO_SITE = "-";

/**
 * Builds the lookup of sites from the live hosts and devices.
 * @returns {(tenant: string, host: string) => string|null} the site of a host or device name in a tenant, or null.
 */
export function siteLookup(hosts, devices) {
  const byHost = new Map();
  for (const h of hosts || []) if (h.site) byHost.set(`${h.tenant}\0${h.host}`, h.site);
  const byDevice = new Map();
  for (const d of devices || []) {
    const site = byHost.get(`${d.tenant}\0${d.agent}`);
    if (site) byDevice.set(`${d.tenant}\0${d.device}`, site);
  }
  return (tenant, host) => byHost.get(`${tenant}\0${host}`) ?? byDevice.get(`${tenant}\0${host}`) ?? null;
}
