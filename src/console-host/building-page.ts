/**
 * What a browser is shown at / while the console's first build runs: a page of its own that says
 * so, and whose one inline script asks for / every few seconds and reloads the page once the answer
 * is no longer this page's (the console, or the page of a failed build). The script is allowed by its
 * hash in the page's Content-Security-Policy; a timed refresh `<meta>` would need no script, but
 * reloads a page without its reader's say (WCAG 2.2.1), so it is not used.
 */
import { createHash } from "node:crypto";

/** how often the page asks again, in seconds; also its Retry-After */
export const BUILDING_RETRY_SECONDS = 2;
/** the status of the building page, which its script looks for */
export const BUILDING_STATUS = 202;

const RELOAD_WHEN_BUILT = `setInterval(function () { fetch("/", { headers: { accept: "text/html" }, cache: "no-store" }).then(function (answer) { if (answer.status !== ${BUILDING_STATUS}) location.reload(); }, function () {}); }, ${BUILDING_RETRY_SECONDS * 1000});`;

/** the CSP source that allows the building page's script and no other */
export const BUILDING_SCRIPT_SOURCE = `'sha256-${createHash("sha256").update(RELOAD_WHEN_BUILT).digest("base64")}'`;

const page = (title: string, body: string) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="UTF-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><link rel="icon" href="data:," /><title>${title}</title></head><body><main>${body}</main></body></html>`;

/** The page while the build runs: it says so, and reloads itself once the console is there. */
export const BUILDING_PAGE = page(
  "Building the console — Databricks Source console",
  `<h1>The console is being built</h1><p role="status">The service builds its console the first time it is opened after a change (usually 10 to 20 seconds). This page checks every ${BUILDING_RETRY_SECONDS} seconds and shows the console by itself once it is ready.</p><noscript><p>With scripts off, reload this page in a few seconds.</p></noscript><script>${RELOAD_WHEN_BUILT}</script>`,
);

/** The page when the build of the current sources failed: a change of them builds again. */
export const BUILD_FAILED_PAGE = page(
  "The console could not be built — Databricks Source console",
  `<h1>The console could not be built</h1><p role="alert">The service's log says why. Once console/ is fixed, reload this page to build it again (or restart the service).</p>`,
);
