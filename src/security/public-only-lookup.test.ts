import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LookupAddress } from "node:dns";
import { afterEach, describe, expect, it } from "vitest";
import { InternalAddressRefused, publicOnlyLookup, type ResolveAll } from "./public-only-lookup.js";

/** A resolver that answers `answers` in turn, as a name that changes its addresses between lookups (DNS rebinding) would. */
function resolverAnswering(...answers: LookupAddress[][]): ResolveAll {
  return (_hostname, _options, callback) => callback(null, answers.shift() ?? []);
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

function lookupOnce(resolve: ResolveAll, all: boolean): Promise<{ error: Error | null; address: unknown; family?: number }> {
  return new Promise((done) => publicOnlyLookup(resolve)("hooks.example.com", { all }, (error, address, family) => done({ error, address, family })));
}

describe("the public-only lookup", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("answers a name's public addresses, all or the first", async () => {
    const addresses = [v4("8.8.8.8"), v6("2001:4860::8888")];
    expect(await lookupOnce(resolverAnswering(addresses), true)).toEqual({ error: null, address: addresses, family: undefined });
    expect(await lookupOnce(resolverAnswering(addresses), false)).toEqual({ error: null, address: "8.8.8.8", family: 4 });
  });

  it.each([
    [[v4("10.0.0.1")], "10.0.0.1, a private (RFC 1918) address (10.0.0.0/8)"],
    [[v4("8.8.8.8"), v4("169.254.169.254")], "169.254.169.254, a link-local address (169.254.0.0/16)"],
    [[v6("::ffff:127.0.0.1")], "::ffff:127.0.0.1, a loopback address (127.0.0.0/8)"],
    [[v6("fd00::5")], "fd00::5, a unique-local address (fc00::/7)"],
    [[v6("64:ff9b::a00:1")], "64:ff9b::a00:1, a private (RFC 1918) address (10.0.0.0/8, carried to 10.0.0.1 by NAT64 64:ff9b::/96)"],
  ])("refuses a name with an internal address among %j", async (addresses, why) => {
    for (const all of [true, false]) {
      const { error } = await lookupOnce(resolverAnswering(addresses), all);
      expect(error).toBeInstanceOf(InternalAddressRefused);
      expect(error?.message).toBe(`hooks.example.com resolves to ${why}`);
    }
  });

  it("passes a resolver's own error on", async () => {
    const failing: ResolveAll = (hostname, _options, callback) => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
    expect((await lookupOnce(failing, true)).error?.message).toBe("getaddrinfo ENOTFOUND hooks.example.com");
  });

  it("checks the address each connection is made to: a name that turns to loopback on its second lookup never reaches the listener", async () => {
    const connections: string[] = [];
    server = createServer((req, res) => {
      connections.push(String(req.url));
      res.end();
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    // the first answer is public (as a check made apart from the connection would see it), the second is the listener
    const lookup = publicOnlyLookup(resolverAnswering([v4("8.8.8.8")], [v4("127.0.0.1")]));
    lookup("rebinding.example", { all: true }, () => undefined);
    const refused = await new Promise<Error>((resolve) => request({ host: "rebinding.example", port, path: "/stolen", lookup, agent: false }).on("error", resolve).end());
    expect(refused).toBeInstanceOf(InternalAddressRefused);
    expect(connections).toEqual([]);
  });
});
