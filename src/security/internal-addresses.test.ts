import { describe, expect, it } from "vitest";
import { addressOfHostname, describeRange, internalRangeOf } from "./internal-addresses.js";

describe("internal addresses", () => {
  it.each([
    ["10.0.0.1", "private (RFC 1918)", "10.0.0.0/8"],
    ["172.16.0.1", "private (RFC 1918)", "172.16.0.0/12"],
    ["172.31.255.255", "private (RFC 1918)", "172.16.0.0/12"],
    ["192.168.1.1", "private (RFC 1918)", "192.168.0.0/16"],
    ["127.0.0.1", "loopback", "127.0.0.0/8"],
    ["127.0.0.2", "loopback", "127.0.0.0/8"],
    ["169.254.169.254", "link-local", "169.254.0.0/16"],
    ["100.64.0.1", "carrier-grade NAT (RFC 6598)", "100.64.0.0/10"],
    ["100.127.255.254", "carrier-grade NAT (RFC 6598)", "100.64.0.0/10"],
    ["0.0.0.0", "unspecified", "0.0.0.0/8"],
    ["::", "unspecified", "::/128"],
    ["::1", "loopback", "::1/128"],
    ["0:0:0:0:0:0:0:1", "loopback", "::1/128"],
    ["fe80::1", "link-local", "fe80::/10"],
    ["fc00::1", "unique-local", "fc00::/7"],
    ["fd12:3456::1", "unique-local", "fc00::/7"],
    ["::ffff:10.0.0.1", "private (RFC 1918)", "10.0.0.0/8"],
    ["::ffff:7f00:1", "loopback", "127.0.0.0/8"],
    ["::ffff:a9fe:a9fe", "link-local", "169.254.0.0/16"],
    ["fe80::1%eth0", "link-local", "fe80::/10"],
    ["192.0.0.170", "reserved (IETF protocol assignments)", "192.0.0.0/24"],
    ["198.18.0.1", "reserved (benchmarking)", "198.18.0.0/15"],
    ["224.0.0.1", "multicast", "224.0.0.0/4"],
    ["255.255.255.255", "reserved (240.0.0.0/4 and broadcast)", "240.0.0.0/4"],
    ["168.63.129.16", "cloud host service (Azure WireServer)", "168.63.129.16/32"],
    ["::7f00:1", "deprecated IPv4-compatible", "::/96"],
    ["::127.0.0.1", "deprecated IPv4-compatible", "::/96"],
    ["fec0::1", "site-local (deprecated)", "fec0::/10"],
    ["ff02::1", "multicast", "ff00::/8"],
    ["64:ff9b:1::a00:1", "local-use NAT64", "64:ff9b:1::/48"],
    ["100::1", "discard-only", "100::/64"],
    // Teredo whose obscured client address is 127.0.0.1
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo tunnel", "2001::/32"],
    ["64:ff9b::7f00:1", "loopback", "127.0.0.0/8, carried to 127.0.0.1 by NAT64 64:ff9b::/96"],
    ["64:ff9b::169.254.169.254", "link-local", "169.254.0.0/16, carried to 169.254.169.254 by NAT64 64:ff9b::/96"],
    ["::ffff:0:a00:1", "private (RFC 1918)", "10.0.0.0/8, carried to 10.0.0.1 by IPv4-translated ::ffff:0:0:0/96"],
    ["2002:7f00:1::", "loopback", "127.0.0.0/8, carried to 127.0.0.1 by 6to4 2002::/16"],
    ["2002:a9fe:a9fe::1", "link-local", "169.254.0.0/16, carried to 169.254.169.254 by 6to4 2002::/16"],
  ])("%s is %s (%s)", (address, kind, cidr) => {
    expect(internalRangeOf(address)).toEqual({ kind, cidr });
  });

  it.each(["8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255", "169.255.0.1", "11.0.0.1", "2001:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"])(
    "%s is public",
    (address) => {
      expect(internalRangeOf(address)).toBeUndefined();
    },
  );

  it("names a range with its article", () => {
    expect(describeRange(internalRangeOf("0.0.0.0")!)).toBe("an unspecified address (0.0.0.0/8)");
    expect(describeRange(internalRangeOf("127.0.0.1")!)).toBe("a loopback address (127.0.0.0/8)");
  });

  it("reads no host name or bracketed IPv6 as an address", () => {
    expect(internalRangeOf("localhost")).toBeUndefined();
    expect(internalRangeOf("[::1]")).toBeUndefined();
    expect(internalRangeOf(addressOfHostname(new URL("https://[::1]:8443/hook").hostname))).toEqual({ kind: "loopback", cidr: "::1/128" });
    expect(addressOfHostname("hooks.example.com")).toBe("hooks.example.com");
  });
});
