/**
 * GET / and GET /assets/{name}: the built console. Outside the gateway (only /data/** is gated): the
 * page and its files hold no data, and the console asks for a token before any /data/** call.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { buildConsole, buildIsCurrent, type ConsoleFolders } from "./console-build.js";
import { type ConsolePageSettings, withSettings } from "./page-settings.js";
import { CONSOLE_ASSET_SCHEMA, CONSOLE_PAGE_SCHEMA } from "./route-schemas.js";

const CONSOLE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../console");
const ASSET_NAME = /^[A-Za-z0-9._-]+$/;
const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json",
};

/** Every console file: its type is the one we say, and no address of the console leaves with a request. */
const FILE_HEADERS = { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

/**
 * The page: it loads only its own hashed script and stylesheet from /assets/ (no inline script or
 * style element: React sets styles through the DOM), calls only this service, shows a `data:` icon
 * and saves downloads from `blob:` links; no other page may frame it.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");
const PAGE_HEADERS = { ...FILE_HEADERS, "content-security-policy": CONTENT_SECURITY_POLICY, "x-frame-options": "DENY" };

export function registerConsoleRoutes(app: FastifyInstance, settings?: ConsolePageSettings, folders: ConsoleFolders = { root: CONSOLE_ROOT, dist: path.join(CONSOLE_ROOT, "dist") }): void {
  const ready = readyOnce(folders);

  app.get("/", { schema: CONSOLE_PAGE_SCHEMA }, async (_request, reply) => {
    await ready();
    const built = await readFile(path.join(folders.dist, "index.html"), "utf8");
    const page = settings ? withSettings(built, settings) : built;
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").headers(PAGE_HEADERS).send(page);
  });

  app.get<{ Params: { name: string } }>("/assets/:name", { schema: CONSOLE_ASSET_SCHEMA }, async (request, reply) => {
    const { name } = request.params;
    const type = CONTENT_TYPES[path.extname(name)];
    if (!ASSET_NAME.test(name) || !type) throw Errors.routeNotFound("GET", request.url.split("?")[0]);
    await ready();
    const file = await readFile(path.join(folders.dist, "assets", name)).catch(() => undefined);
    if (!file) throw Errors.routeNotFound("GET", request.url.split("?")[0]);
    // hashed names: a file's content never changes under its name
    return reply.type(type).header("cache-control", "public, max-age=31536000, immutable").headers(FILE_HEADERS).send(file);
  });
}

/** One build at a time per process; later requests reuse a current build without building again. */
function readyOnce(folders: ConsoleFolders): () => Promise<void> {
  let building: Promise<void> | undefined;
  return () => {
    if (buildIsCurrent(folders)) return Promise.resolve();
    building ??= buildConsole(folders).finally(() => (building = undefined));
    return building;
  };
}
