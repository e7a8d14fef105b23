// What the hub may connect to when it calls out (webhooks, CRMs): not private, loopback,
// link-local or otherwise internal addresses, unless allow-listed by ZVIT_WEBHOOK_ALLOW (the
// operator) or by an organization's admin. The check is on the address the name resolves to, at
// connect time (the connection uses exactly the checked address), so a DNS answer cannot swap a
// public name for an internal address between the check and the connection.
import dns from 'node:dns';
import net from 'node:net';

/** Ranges never reached without an allow-list entry (IPv4 and IPv6, with mapped forms). */
const INTERNAL = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const) {
  INTERNAL.addSubnet(address, prefix, 'ipv6');
}

/** IPv4 inside IPv6 (::ffff:a.b.c.d, NAT64 64:ff9b::/96) is judged as the IPv4 it carries. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

export function isInternal(address: string): boolean {
  const v4 = net.isIPv4(address) ? address : embeddedIpv4(address);
  if (v4) return INTERNAL.check(v4, 'ipv4');
  return net.isIPv6(address) ? INTERNAL.check(address, 'ipv6') : true;
}

export interface AllowList {
  hosts: Set<string>;
  ranges: net.BlockList;
  entries: string[];
}

export class AllowListError extends Error {}

/** Parses "intranet.example.com, 10.0.0.0/8, 192.168.1.20" (hosts, addresses, CIDR ranges). */
export function parseAllowList(...sources: (string | readonly string[] | undefined)[]): AllowList {
  const list: AllowList = { hosts: new Set(), ranges: new net.BlockList(), entries: [] };
  for (const source of sources) {
    const items = typeof source === 'string' ? source.split(',') : (source ?? []);
    for (const raw of items) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      const [address, bits] = entry.split('/');
      const family = net.isIPv4(address!) ? 'ipv4' : net.isIPv6(address!) ? 'ipv6' : null;
      if (family) {
        const max = family === 'ipv4' ? 32 : 128;
        const prefix = bits === undefined ? max : Number(bits);
        if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new AllowListError(`"${raw.trim()}": the range after / must be 0–${max}.`);
        list.ranges.addSubnet(address!, prefix, family);
      } else if (bits === undefined && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry)) {
        list.hosts.add(entry);
      } else {
        throw new AllowListError(`"${raw.trim()}" is neither a host name, an address nor a CIDR range.`);
      }
      list.entries.push(entry);
    }
  }
  return list;
}

export class EgressRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EgressRefused';
  }
}

function allowed(list: AllowList, host: string, address: string): boolean {
  if (!isInternal(address)) return true;
  if (list.hosts.has(host.toLowerCase())) return true;
  const v4 = net.isIPv4(address) ? address : embeddedIpv4(address);
  return v4 ? list.ranges.check(v4, 'ipv4') : list.ranges.check(address, 'ipv6');
}

const refusal = (host: string, address: string) =>
  new EgressRefused(`${host} resolves to ${address}, a private or internal address; allow it with ZVIT_WEBHOOK_ALLOW or the admin's allow-list if it is meant to be reached.`);

/** Checks a literal IP host before connecting (a literal is never looked up). */
export function checkLiteral(list: AllowList, host: string): void {
  const bare = host.replace(/^\[|\]$/g, '');
  if (net.isIP(bare) && !allowed(list, bare, bare)) throw refusal(host, bare);
}

/** A `lookup` for http(s).request that refuses internal addresses not on the list. */
export function guardedLookup(list: AllowList): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list_ = addresses as dns.LookupAddress[];
      const bad = list_.find((a) => !allowed(list, hostname, a.address));
      if (bad) return callback(refusal(hostname, bad.address) as NodeJS.ErrnoException, '', 0);
      if (options.all) return callback(null, list_);
      const first = list_[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  }) as net.LookupFunction;
}
