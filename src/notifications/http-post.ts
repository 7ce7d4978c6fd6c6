/**
 * One POST by node:http(s), which, unlike fetch, takes the `lookup` that resolves the host for the
 * connection: the socket connects to the address that lookup answered. A redirect is never
 * followed (its status and Location are the answer) and no socket is kept for another request.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

export interface PostAnswer {
  status: number;
  location?: string;
}

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  /** for the whole exchange, the answer's body read */
  timeoutMs: number;
  /** resolves the host (default: dns.lookup); an IP literal host is not looked up */
  lookup?: LookupFunction;
}

/** Resolves once the answer's body is read; rejects on a network error, a lookup's error or the timeout. */
export function post(url: URL, options: PostOptions): Promise<PostAnswer> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const client = url.protocol === "https:" ? https : http;
  return new Promise<PostAnswer>((resolve, reject) => {
    const failed = (error: Error) => reject(signal.aborted ? new Error(`no answer within ${options.timeoutMs} ms`) : error);
    const request = client.request(
      url,
      { method: "POST", headers: { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) }, lookup: options.lookup, agent: false, signal },
      (response) => {
        response.on("error", failed);
        response.on("end", () => resolve({ status: response.statusCode ?? 0, location: response.headers.location }));
        response.on("close", () => response.complete || failed(new Error("the answer was cut off")));
        response.resume();
      },
    );
    request.on("error", failed);
    request.end(options.body);
  });
}
