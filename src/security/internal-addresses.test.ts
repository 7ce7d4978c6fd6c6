import { describe, expect, it } from "vitest";
import { addressOfHostname, internalRangeOf } from "./internal-addresses.js";

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
  ])("%s is %s (%s)", (address, kind, cidr) => {
    expect(internalRangeOf(address)).toEqual({ kind, cidr });
  });

  it.each(["8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255", "169.255.0.1", "11.0.0.1", "2001:4860::8888", "::ffff:8.8.8.8", "fec0::1"])(
    "%s is public",
    (address) => {
      expect(internalRangeOf(address)).toBeUndefined();
    },
  );

  it("reads no host name or bracketed IPv6 as an address", () => {
    expect(internalRangeOf("localhost")).toBeUndefined();
    expect(internalRangeOf("[::1]")).toBeUndefined();
    expect(internalRangeOf(addressOfHostname(new URL("https://[::1]:8443/hook").hostname))).toEqual({ kind: "loopback", cidr: "::1/128" });
    expect(addressOfHostname("hooks.example.com")).toBe("hooks.example.com");
  });
});
