/**
 * The one way into Azurite's dist files (it ships no entry point for embedding: its package main is
 * a VS Code extension). Azurite's Telemetry module loads `applicationinsights` as it loads, though
 * an embedded blob server never starts telemetry (only Azurite's command line does). That package
 * installs a hook on every later `require` of the process (diagnostic-channel): about a quarter of
 * a second of each start's CPU, and every module loaded after it pays. An empty module stands in
 * for it, so Azurite can send nothing anywhere and the process's module loading is left alone.
 */
import { createRequire, Module } from "node:module";

const require = createRequire(import.meta.url);
let telemetryKeptOut = false;

function keepTelemetryOut(): void {
  if (telemetryKeptOut) return;
  const resolved = createRequire(require.resolve("azurite/dist/src/common/Telemetry")).resolve("applicationinsights");
  if (!require.cache[resolved]) {
    const inert = new Module(resolved);
    inert.filename = resolved;
    inert.loaded = true;
    inert.exports = {};
    require.cache[resolved] = inert;
  }
  telemetryKeptOut = true;
}

/** The exports of one of Azurite's dist files (it ships no type declarations), by its path under `azurite/dist/src` (`blob/BlobServer`). */
export function requireAzurite(file: string): any {
  keepTelemetryOut();
  return require(`azurite/dist/src/${file}`);
}
