/**
 * `npx vite console`, the console's development server, in front of a stand-in for `npm start` on
 * another port than 8080: the API calls and the OpenAPI document (from which the console reads
 * whether the service checks expressions and has run logs) reach the API at the URL in API, or on
 * PORT as npm start takes it, instead of the app's own page or a refused connection on 8080.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/repo-root.js";

let api: Server;
let apiPort: number;
let vite: ViteDevServer | undefined;
const saved = { API: process.env.API, PORT: process.env.PORT };

beforeAll(async () => {
  api = createHttpServer((request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ answeredBy: "api", method: request.method, url: request.url }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiPort = (api.address() as AddressInfo).port;
});

afterEach(async () => {
  await vite?.close();
  vite = undefined;
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

afterAll(() => new Promise<void>((resolve) => api.close(() => resolve())));

/** the development server as `npx vite console` starts it, on a free port; its URL */
async function devServer(): Promise<string> {
  const root = path.join(REPO_ROOT, "console");
  vite = await createServer({ root, configFile: path.join(root, "vite.config.ts"), logLevel: "silent", server: { host: "127.0.0.1", port: 0 } });
  await vite.listen();
  return `http://127.0.0.1:${(vite.httpServer!.address() as AddressInfo).port}`;
}

const answer = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
};

describe("the console's development server", () => {
  it("passes the OpenAPI document, /data and /ims to the API on npm start's PORT", async () => {
    process.env.PORT = String(apiPort);
    const url = await devServer();
    const openapi = await answer(`${url}/openapi.json`);
    expect(openapi.type).toContain("application/json");
    expect(JSON.parse(openapi.body)).toEqual({ answeredBy: "api", method: "GET", url: "/openapi.json" });
    expect(JSON.parse((await answer(`${url}/data/foundation/flowservice/flows`)).body)).toMatchObject({ answeredBy: "api", url: "/data/foundation/flowservice/flows" });
    expect(JSON.parse((await answer(`${url}/ims/token/v3`, { method: "POST", body: "grant_type=client_credentials" })).body)).toMatchObject({ answeredBy: "api", method: "POST" });
    // the app itself is still the development server's
    expect((await answer(`${url}/`)).body).toContain('<div id="root">');
  });

  it("takes the API's URL from API, as npm run demo does", async () => {
    process.env.API = `http://127.0.0.1:${apiPort}`;
    process.env.PORT = "1"; // API wins
    const url = await devServer();
    expect(JSON.parse((await answer(`${url}/openapi.json`)).body)).toMatchObject({ answeredBy: "api" });
  });
});
