import { describe, expect, it } from "vitest";
import { type AddressKind, addressKind } from "./address-kinds.js";

/** the kind of a URL's host as the URL parser leaves it (brackets, normalised IPv4 forms) */
const kindOfHost = (url: string) => addressKind(new URL(url).hostname);

describe("the kind of an address", () => {
  const expectKinds = (cases: Record<string, AddressKind>) => {
    for (const [address, kind] of Object.entries(cases)) expect([address, addressKind(address)]).toEqual([address, kind]);
  };

  it("names the internal IPv4 ranges, their first and last addresses included", () => {
    expectKinds({
      "127.0.0.1": "loopback",
      "127.255.255.254": "loopback",
      "10.0.0.0": "private",
      "10.255.255.255": "private",
      "172.16.0.1": "private",
      "172.31.255.255": "private",
      "192.168.1.20": "private",
      "100.64.0.1": "private",
      "169.254.0.1": "link-local",
      "0.0.0.0": "unspecified",
      "0.1.2.3": "unspecified",
      "224.0.0.1": "multicast",
      "255.255.255.255": "reserved",
      "198.18.0.1": "reserved",
    });
  });

  it("takes the neighbours of those ranges as public", () => {
    expectKinds({
      "8.8.8.8": "public",
      "9.255.255.255": "public",
      "11.0.0.0": "public",
      "172.15.255.255": "public",
      "172.32.0.0": "public",
      "192.167.255.255": "public",
      "192.169.0.0": "public",
      "100.63.255.255": "public",
      "100.128.0.0": "public",
      "169.253.255.255": "public",
      "126.255.255.255": "public",
      "128.0.0.0": "public",
      "52.216.0.10": "public",
    });
  });

  it("names the cloud metadata services' addresses before their ranges", () => {
    expectKinds({
      "169.254.169.254": "metadata",
      "169.254.170.2": "metadata",
      "100.100.100.200": "metadata",
      "168.63.129.16": "metadata",
      "fd00:ec2::254": "metadata",
      "[fd00:ec2:0:0:0:0:0:254]": "metadata",
    });
  });

  it("names the internal IPv6 ranges", () => {
    expectKinds({
      "::1": "loopback",
      "0:0:0:0:0:0:0:1": "loopback",
      "[::1]": "loopback",
      "::": "unspecified",
      "fe80::1": "link-local",
      "fe80::1%eth0": "link-local",
      "febf:ffff::1": "link-local",
      "fc00::1": "unique-local",
      "fd12:3456:789a::1": "unique-local",
      "fec0::1": "private",
      "ff02::1": "multicast",
      "100::1": "reserved",
      "2606:4700:4700::1111": "public",
      "2001:4860:4860::8888": "public",
      "fe00::1": "public",
      "fbff:ffff::1": "public",
    });
  });

  it("takes an IPv6 address carrying an IPv4 one as that address: IPv4-mapped, IPv4-translated, NAT64, 6to4", () => {
    expectKinds({
      "::ffff:127.0.0.1": "loopback",
      "::ffff:7f00:1": "loopback",
      "::ffff:a9fe:a9fe": "metadata",
      "::ffff:10.1.2.3": "private",
      "::ffff:8.8.8.8": "public",
      "::ffff:0:a9fe:a9fe": "metadata",
      "::ffff:0:7f00:1": "loopback",
      "::ffff:0:808:808": "public",
      "64:ff9b::7f00:1": "loopback",
      "64:ff9b::808:808": "public",
      "2002:7f00:1::": "loopback",
      "2002:c0a8:101::1": "private",
      "2002:808:808::1": "public",
      "::7f00:1": "reserved",
      "64:ff9b:1::1": "reserved",
    });
  });

  it("classifies what the URL parser makes of decimal, octal, hex and short IPv4 hosts", () => {
    expect(kindOfHost("http://2130706433/f.parquet")).toBe("loopback");
    expect(kindOfHost("http://017700000001/f.parquet")).toBe("loopback");
    expect(kindOfHost("http://0x7f.1/f.parquet")).toBe("loopback");
    expect(kindOfHost("http://127.1/f.parquet")).toBe("loopback");
    expect(kindOfHost("http://0177.0.0.1/f.parquet")).toBe("loopback");
    expect(kindOfHost("http://127.0.0.1./f.parquet")).toBe("loopback");
    expect(kindOfHost("http://%31%32%37.0.0.1/f.parquet")).toBe("loopback");
    expect(kindOfHost("http://[0:0:0:0:0:ffff:7f00:1]/f.parquet")).toBe("loopback");
    expect(kindOfHost("http://0/f.parquet")).toBe("unspecified");
    expect(kindOfHost("http://0xa9.0xfe.0xa9.0xfe/latest/meta-data")).toBe("metadata");
    expect(kindOfHost("http://2852039166/latest/meta-data")).toBe("metadata");
    expect(kindOfHost("http://[::ffff:169.254.169.254]/latest/meta-data")).toBe("metadata");
    expect(kindOfHost("http://[::ffff:127.0.0.1]:8080/f.parquet")).toBe("loopback");
    expect(kindOfHost("https://8.8.8.8/f.parquet")).toBe("public");
  });

  it("takes what is not an IP address as reserved, never as public", () => {
    expect(addressKind("storage.example.com")).toBe("reserved");
    expect(addressKind("")).toBe("reserved");
    expect(addressKind("1.2.3.4.5")).toBe("reserved");
  });
});
