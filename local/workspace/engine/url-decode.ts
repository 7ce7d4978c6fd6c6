/**
 * url_decode's text where its escapes' bytes are no UTF-8 (`%FF`): java.net.URLDecoder decodes each run of escaped bytes with
 * Java's UTF-8 decoder, which writes U+FFFD for a malformed sequence, where DuckDB's url_decode fails. Only such text reaches
 * this function (engine/url-binary-macros.ts tries DuckDB's first); its escapes are known to be well formed.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { registerTextFunction } from "./text-functions.js";

const decoder = new TextDecoder("utf-8", { fatal: false });

export function lenientUrlDecoded(text: string): string {
  return text.replace(/\+/g, " ").replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => decoder.decode(Uint8Array.from(run.slice(1).split("%"), (hex) => parseInt(hex, 16))));
}

/** registers spark_url_decode_lenient(s) for every connection of the database */
export function registerUrlDecode(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_url_decode_lenient", 1, lenientUrlDecoded);
}
