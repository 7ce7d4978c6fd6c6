/**
 * GETs of the URLs a remote server names for the service to fetch (a Delta Sharing server's file
 * URLs, a SQL warehouse's result links), which only reach the networks the connection chose: a URL
 * whose host is (or resolves to) a loopback, private, link-local, unique-local, unspecified or
 * reserved address is refused unless the server that named it is itself on such a network (a
 * development or in-house server, the local workspace), and a cloud metadata service's address
 * always is. The check is made in the connection's own DNS lookup, so the address checked is the
 * address connected to: a name that resolves to a public address once and an internal one the next
 * time cannot slip past. Redirects are not followed.
 */
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { type AddressCategory, categoryOf } from "./address-ranges.js";
import { addressOfHostname } from "./internal-addresses.js";

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address of a host name, as the system resolver answers them. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: ResolveHost = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** Where URLs may be fetched from: public addresses only, or also the internal network the server naming them is on. */
export type FileReach = "public" | "internal";

/** A URL's host is on a network the server naming it may not make the service reach. */
export class AddressRefused extends Error {
  constructor(
    readonly kind: AddressCategory,
    /** whether the address is what the host name resolved to, not the host itself */
    readonly resolved: boolean,
  ) {
    super(`the URL's host has a ${kind} address`);
  }
}

/** "internal" when the server's host is, or resolves to, an address that is not public; a host that does not resolve counts as public. */
export async function reachOf(server: URL, resolve: ResolveHost): Promise<FileReach> {
  const host = addressOfHostname(server.hostname);
  const addresses = isIP(host) ? [host] : await resolve(host).then((answer) => answer.map((a) => a.address), () => []);
  return addresses.some((address) => categoryOf(address) !== "public") ? "internal" : "public";
}

/** The status and body of a GET of `url` (with `headers`), connected only to an address `reach` allows (else AddressRefused). */
export async function pinnedGet(
  url: URL,
  reach: FileReach,
  resolve: ResolveHost,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: WebReadableStream<Uint8Array> }> {
  const literal = addressOfHostname(url.hostname);
  if (isIP(literal)) refuseOutside(reach, [literal], false);
  const transport = url.protocol === "https:" ? https : http;
  const response = await new Promise<http.IncomingMessage>((resolveResponse, reject) => {
    transport.get(url, { agent: agentFor(url.protocol, reach, resolve), headers, signal }, resolveResponse).on("error", reject);
  });
  return { status: response.statusCode ?? 0, body: Readable.toWeb(response) as WebReadableStream<Uint8Array> };
}


/** Every address must be allowed: a name answering a public and an internal address is refused. */
function refuseOutside(reach: FileReach, addresses: readonly string[], resolved: boolean): void {
  for (const address of addresses) {
    const kind = categoryOf(address);
    if (kind === "metadata" || (kind !== "public" && reach === "public")) throw new AddressRefused(kind, resolved);
  }
}

/**
 * One keep-alive agent per protocol, reach and resolver: a connection opened for an in-house
 * server's URLs must never be reused for a public server's.
 */
const agents = new WeakMap<ResolveHost, Map<string, http.Agent>>();

function agentFor(protocol: string, reach: FileReach, resolve: ResolveHost): http.Agent {
  let byKey = agents.get(resolve);
  if (!byKey) agents.set(resolve, (byKey = new Map()));
  const key = `${protocol}${reach}`;
  let agent = byKey.get(key);
  if (!agent) {
    const options = { keepAlive: true, scheduling: "lifo" as const, timeout: 5_000, lookup: checkedLookup(reach, resolve) };
    agent = protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
    byKey.set(key, agent);
  }
  return agent;
}

/** A lookup for net.connect: the resolver's answer, checked, and only the checked addresses connected to. */
function checkedLookup(reach: FileReach, resolve: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((answer) => {
        const addresses = answer.filter((a) => !options.family || a.family === options.family);
        if (addresses.length === 0) throw Object.assign(new Error(`no address of ${hostname} could be used`), { code: "ENOTFOUND" });
        refuseOutside(reach, addresses.map((a) => a.address), true);
        if (options.all) (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, "", 0));
  };
}
