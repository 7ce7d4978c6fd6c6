/**
 * GET / and GET /assets/{name}: the built console. Outside the gateway (only /data/** is gated): the
 * page and its files hold no data, and the console asks for a token before any /data/** call.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { BUILD_FAILED_PAGE, BUILDING_PAGE, BUILDING_RETRY_SECONDS, BUILDING_SCRIPT_SOURCE, BUILDING_STATUS } from "./building-page.js";
import type { ConsoleFolders } from "./console-build.js";
import { consoleBuilds } from "./console-builds.js";
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
 * and saves downloads from `blob:` links; no other page may frame it. The page shown while the console
 * is built runs its one inline script instead, allowed by its hash.
 */
const contentSecurityPolicy = (scripts: string) => [
  "default-src 'none'",
  `script-src ${scripts}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");
const pageHeaders = (scripts: string) => ({ ...FILE_HEADERS, "content-security-policy": contentSecurityPolicy(scripts), "x-frame-options": "DENY" });
const PAGE_HEADERS = pageHeaders("'self'");
const BUILDING_PAGE_HEADERS = { ...pageHeaders(BUILDING_SCRIPT_SOURCE), "cache-control": "no-store", "retry-after": String(BUILDING_RETRY_SECONDS) };

export function registerConsoleRoutes(app: FastifyInstance, settings?: ConsolePageSettings, folders: ConsoleFolders = { root: CONSOLE_ROOT, dist: path.join(CONSOLE_ROOT, "dist") }): void {
  const builds = consoleBuilds(folders);

  app.get("/", { schema: CONSOLE_PAGE_SCHEMA }, async (request, reply) => {
    // a browser opening the page sees that the build runs instead of a blank window; a script still waits for the page
    if (!builds.current() && (request.headers.accept ?? "").includes("text/html")) {
      const html = reply.type("text/html; charset=utf-8");
      if (builds.startInBackground(request.log) === "failed") return html.code(500).header("cache-control", "no-store").headers(PAGE_HEADERS).send(BUILD_FAILED_PAGE);
      return html.code(BUILDING_STATUS).headers(BUILDING_PAGE_HEADERS).send(BUILDING_PAGE);
    }
    await builds.ready();
    const built = await readFile(path.join(folders.dist, "index.html"), "utf8");
    const page = settings ? withSettings(built, settings) : built;
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").headers(PAGE_HEADERS).send(page);
  });

  app.get<{ Params: { name: string } }>("/assets/:name", { schema: CONSOLE_ASSET_SCHEMA }, async (request, reply) => {
    const { name } = request.params;
    const type = CONTENT_TYPES[path.extname(name)];
    if (!ASSET_NAME.test(name) || !type) throw Errors.routeNotFound("GET", request.url.split("?")[0]);
    await builds.ready();
    const file = await readFile(path.join(folders.dist, "assets", name)).catch(() => undefined);
    if (!file) throw Errors.routeNotFound("GET", request.url.split("?")[0]);
    // hashed names: a file's content never changes under its name
    return reply.type(type).header("cache-control", "public, max-age=31536000, immutable").headers(FILE_HEADERS).send(file);
  });
}
