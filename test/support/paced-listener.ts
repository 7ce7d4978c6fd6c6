/**
 * A real HTTP webhook receiver on loopback that notes in `log` when a delivery arrives ("<path> <run
 * id> in"), when it is answered ("… out", after the delay `answer` gives) and when the sender cuts it
 * off first ("… cut"): what a test reads the outbox's order and concurrency from.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eventually } from "./blob.js";

export interface PacedListener {
  /** http://127.0.0.1:<port> */
  base: string;
  /** the most deliveries it held at once */
  mostInFlight(): number;
  close(): Promise<void>;
}

export async function pacedListener(log: string[], answer: (label: string) => { delayMs: number; status?: number }): Promise<PacedListener> {
  let inFlight = 0;
  let mostInFlight = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const label = `${req.url} ${JSON.parse(body).event.id}`;
      log.push(`${label} in`);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      const { delayMs, status = 200 } = answer(label);
      const answering = setTimeout(() => {
        log.push(`${label} out`);
        res.statusCode = status;
        res.end();
      }, delayMs);
      res.on("close", () => {
        inFlight--;
        clearTimeout(answering);
        if (!res.writableEnded) log.push(`${label} cut`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mostInFlight: () => mostInFlight,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The most deliveries to paths starting with `prefix` that the listener held at once, by its log. */
export function mostInFlight(log: readonly string[], prefix: string): number {
  let now = 0;
  let most = 0;
  for (const line of log.filter((entry) => entry.startsWith(prefix))) {
    now += line.endsWith(" in") ? 1 : -1;
    most = Math.max(most, now);
  }
  return most;
}

/** Resolves once the delivery `label` ("<path> <run id>") has arrived. */
export const arrived = (log: string[], label: string) => eventually(async () => log.includes(`${label} in`), 10_000, 10);
