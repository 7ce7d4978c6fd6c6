/** The URL a server bound to `host` is reached at on this machine: a wildcard bind (0.0.0.0, ::) through loopback. */
export function listenUrl(host: string | undefined, port: number): string {
  const reached = !host || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${reached.includes(":") ? `[${reached}]` : reached}:${port}`;
}
