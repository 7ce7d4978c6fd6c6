import { describe, expect, it } from "vitest";
import { classifyAddress } from "./address-ranges.js";

describe("the address classifier", () => {
  it("gives an internal address its category and its range", () => {
    expect(classifyAddress("10.1.2.3")).toEqual({ category: "private", range: { name: "private (RFC 1918)", cidr: "10.0.0.0/8" } });
    expect(classifyAddress("100.64.0.1")).toEqual({ category: "private", range: { name: "carrier-grade NAT (RFC 6598)", cidr: "100.64.0.0/10" } });
    expect(classifyAddress("fec0::1")).toEqual({ category: "private", range: { name: "site-local (deprecated)", cidr: "fec0::/10" } });
    expect(classifyAddress("::7f00:1")).toEqual({ category: "reserved", range: { name: "deprecated IPv4-compatible", cidr: "::/96" } });
  });

  it("categorises a cloud metadata service as such, within the range it lies in", () => {
    expect(classifyAddress("169.254.169.254")).toEqual({ category: "metadata", range: { name: "link-local", cidr: "169.254.0.0/16" } });
    expect(classifyAddress("100.100.100.200")).toEqual({ category: "metadata", range: { name: "carrier-grade NAT (RFC 6598)", cidr: "100.64.0.0/10" } });
    expect(classifyAddress("fd00:ec2:0:0:0:0:0:254")).toEqual({ category: "metadata", range: { name: "unique-local", cidr: "fc00::/7" } });
    expect(classifyAddress("fd20:ce::254")).toEqual({ category: "metadata", range: { name: "unique-local", cidr: "fc00::/7" } });
    expect(classifyAddress("169.254.170.23")).toEqual({ category: "metadata", range: { name: "link-local", cidr: "169.254.0.0/16" } });
    expect(classifyAddress("fd00:ec2::23")).toEqual({ category: "metadata", range: { name: "unique-local", cidr: "fc00::/7" } });
    expect(classifyAddress("168.63.129.16")).toEqual({ category: "metadata", range: { name: "cloud host service (Azure WireServer)", cidr: "168.63.129.16/32" } });
    expect(classifyAddress("169.254.169.253")?.category).toBe("link-local");
  });

  it("classifies an IPv6 address carrying an IPv4 one by that address, and names the carrier", () => {
    expect(classifyAddress("64:ff9b::a9fe:a9fe")).toEqual({
      category: "metadata",
      range: { name: "link-local", cidr: "169.254.0.0/16" },
      carried: { address: "169.254.169.254", carrier: "NAT64", cidr: "64:ff9b::/96", mapped: false },
    });
    expect(classifyAddress("::ffff:127.0.0.1")?.carried).toEqual({ address: "127.0.0.1", carrier: "IPv4-mapped", cidr: "::ffff:0:0/96", mapped: true });
    expect(classifyAddress("::ffff:0:c0a8:101")?.carried).toMatchObject({ address: "192.168.1.1", carrier: "IPv4-translated" });
    expect(classifyAddress("2002:a00:1:5::1")).toMatchObject({ category: "private", carried: { address: "10.0.0.1", carrier: "6to4" } });
    expect(classifyAddress("2002:808:808::1")).toEqual({ category: "public", carried: { address: "8.8.8.8", carrier: "6to4", cidr: "2002::/16", mapped: false } });
  });

  it("takes the rest as public, and what is not an IP address as no class", () => {
    expect(classifyAddress("8.8.8.8")).toEqual({ category: "public" });
    expect(classifyAddress("2606:4700:4700::1111")).toEqual({ category: "public" });
    expect(classifyAddress("fe80::1%eth0")?.category).toBe("link-local");
    expect(classifyAddress("[::1]")).toBeUndefined();
    expect(classifyAddress("localhost")).toBeUndefined();
  });
});
