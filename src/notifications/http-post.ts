/**
 * One POST by node:http(s), which, unlike fetch, takes the `lookup` that resolves the host for the
 * connection: the socket connects to the address that lookup answered. A redirect is never
 * followed (its status and Location are the answer) and no socket is kept for another request.
 * The status is the answer: it settles the POST as soon as it arrives, and what the receiver sends
 * after it is read and dropped, at most MAX_DRAINED_BYTES of it and only until the timeout, so a
 * receiver that took the delivery is not posted to again for a body that never ends.
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
  /** until the answer's status arrives; the socket is closed at the latest then too */
  timeoutMs: number;
  /** resolves the host (default: dns.lookup); an IP literal host is not looked up */
  lookup?: LookupFunction;
  /** cuts the POST off before the timeout (the service is stopping, the delivery's lease is lost), rejecting with its reason */
  signal?: AbortSignal;
}

/** Read past the status so a short answer ends the connection cleanly; a longer one is cut off. */
const MAX_DRAINED_BYTES = 64 * 1024;

/** Resolves once the answer's status arrives; rejects on a network error, a lookup's error, the timeout or `signal`. */
export function post(url: URL, options: PostOptions): Promise<PostAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const client = url.protocol === "https:" ? https : http;
  return new Promise<PostAnswer>((resolve, reject) => {
    const request = client.request(
      url,
      { method: "POST", headers: { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) }, lookup: options.lookup, agent: false, signal },
      (response) => {
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
        let drained = 0;
        response.on("data", (chunk: Buffer) => (drained += chunk.length) > MAX_DRAINED_BYTES && response.destroy());
        response.on("error", () => undefined); // the status is in; a body cut off (by us or the timeout) changes nothing
      },
    );
    request.on("error", (error) => {
      if (options.signal?.aborted) reject(options.signal.reason instanceof Error ? options.signal.reason : new Error("cut off"));
      else reject(timeout.aborted ? new Error(`no answer within ${options.timeoutMs} ms`) : error);
    });
    request.end(options.body);
  });
}
