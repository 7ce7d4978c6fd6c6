/**
 * A TCP listener on loopback that counts the connections it is offered and closes each at once:
 * what a test needs to show that the service did not so much as connect to an address (a TLS
 * handshake or an HTTP request would need a connection first).
 */
import { createServer, type AddressInfo, type Socket } from "node:net";

export interface ConnectionCounter {
  port: number;
  /** connections accepted so far */
  connections(): number;
  close(): Promise<void>;
}

export async function startConnectionCounter(): Promise<ConnectionCounter> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
