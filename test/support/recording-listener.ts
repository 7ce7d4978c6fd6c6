/**
 * A real HTTP listener on loopback that records every request it receives and answers as told:
 * what a test needs to show that a secret or a payload did (or did not) reach a host.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body: string;
}

export interface RecordingListener {
  /** the listener's origin: http://127.0.0.1:<port> */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Answer = (req: IncomingMessage, res: ServerResponse) => void;

/** Answers 200 {} unless told otherwise. */
export async function startRecordingListener(answer: Answer = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}")): Promise<RecordingListener> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization, body });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An answer that redirects every request to `location` with `status`. */
export const redirectTo = (location: string, status = 302): Answer => (_req, res) => res.writeHead(status, { location }).end(`<html><body>Moved to ${location}</body></html>`);
