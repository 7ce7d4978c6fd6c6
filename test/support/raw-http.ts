/**
 * HTTP/1.1 over a bare TCP socket, for what fetch and undici will not send: request targets in
 * absolute form or with encoded letters, oversized headers, bodies trickled a byte at a time,
 * sockets left idle.
 */
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** the body as JSON, or undefined when it is not JSON */
  json: any;
}

/** Opens a socket to the server of a base URL such as http://127.0.0.1:8080. */
export function connect(baseUrl: string): Promise<net.Socket> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      // once connected, a reset or a write after the server closed shows as 'close'
      socket.on("error", () => {});
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/** Reads one response from the socket: up to its Content-Length, else until the server closes (`bodiless`: the answer to a HEAD). */
export function readResponse(socket: net.Socket, timeoutMs = 10_000, bodiless = false): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`no whole response within ${timeoutMs} ms: ${buffer.toString()}`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      if (error) return reject(error);
      const parsed = parse(buffer, bodiless);
      return parsed ? resolve(parsed) : reject(new Error(`the server closed without a response: ${JSON.stringify(buffer.toString())}`));
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parse(buffer, bodiless);
      if (parsed && parsed.headers["content-length"] !== undefined) finish();
    };
    const onClose = () => finish();
    socket.on("data", onData);
    socket.once("close", onClose);
  });
}

function parse(buffer: Buffer, bodiless: boolean): RawResponse | undefined {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [statusLine, ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = buffer.subarray(end + 4);
  const length = bodiless ? 0 : headers["content-length"] === undefined ? undefined : Number(headers["content-length"]);
  if (length !== undefined && body.length < length) return undefined;
  const text = body.subarray(0, length).toString("utf8");
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(" ")[1]), headers, text, json };
}

/** One request, written as given (`GET /path HTTP/1.1\r\n…\r\n\r\n`), on a socket of its own. */
export async function rawRequest(baseUrl: string, request: string, timeoutMs?: number): Promise<RawResponse> {
  const socket = await connect(baseUrl);
  try {
    const response = readResponse(socket, timeoutMs, request.startsWith("HEAD "));
    socket.write(request);
    return await response;
  } finally {
    socket.destroy();
  }
}

/** A request line and headers, closing the connection after the answer. */
export function requestText(method: string, target: string, headers: Record<string, string> = {}, body = ""): string {
  const all = { host: "localhost", connection: "close", ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) };
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n${body}`;
}

/** Resolves with how long the server took to close the socket, or undefined when it kept it open for `withinMs`. */
export function closedWithin(socket: net.Socket, withinMs: number): Promise<number | undefined> {
  const started = Date.now();
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(0);
    const timer = setTimeout(() => resolve(undefined), withinMs);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
    // the server's FIN ends the readable side; reading keeps the socket flowing so 'close' fires
    socket.resume();
    socket.once("end", () => socket.end());
  });
}
