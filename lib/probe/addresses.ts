// PURE: addresses the probe must never connect to when it resolves an AWS host name itself.
import { BlockList, isIP } from "node:net";

const forbidden = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, instance metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  forbidden.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local, includes fd00:ec2::254 (instance metadata over IPv6)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["64:ff9b::", 96], // NAT64 of any IPv4, private ones included
] as const) {
  forbidden.addSubnet(network, prefix, "ipv6");
}

/** Whether an IP literal is private, loopback, link-local or otherwise not a public AWS address. */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const version = isIP(bare);
  if (version === 0) return true;
  if (version === 6) {
    // IPv4-mapped IPv6 (::ffff:169.254.169.254) is the IPv4 address in disguise.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped) return forbidden.check(mapped[1]!, "ipv4");
    return forbidden.check(bare, "ipv6");
  }
  return forbidden.check(bare, "ipv4");
}
