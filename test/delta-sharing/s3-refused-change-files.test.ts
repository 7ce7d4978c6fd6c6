/**
 * A change-data read whose change file S3 refuses with 403. S3 answers AccessDenied for an object it
 * does not have when the URL's signer may not list the bucket (a sharing server's usually may not),
 * and for a URL past its expiry too ("Request has expired"). The read asks the sharing server for
 * the range's files again, once, and tries the file's fresh URL: a file S3 still refuses with
 * AccessDenied was vacuumed (the change-feed gap and its resync, as a 404 is); an expired URL or a
 * 403 that is not S3's stays a failure the run retries; a fresh URL that works reads the file.
 *
 * A stand-in sharing server and a stand-in S3 listen on loopback; the change files are real Parquet.
 */
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunFailure } from "../../src/aep-conventions/errors/catalogue.js";
import type { RunInputs } from "../../src/runs/run-inputs.js";
import { SharedTableRead } from "../../src/runs/sharing-read.js";
import { type RecordingListener, startRecordingListener } from "../support/recording-listener.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";

const SCHEMA = JSON.stringify({
  type: "struct",
  fields: [
    { name: "order_id", type: "long", nullable: true, metadata: {} },
    { name: "status", type: "string", nullable: true, metadata: {} },
  ],
});
const S3_MISSING = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>aGVsbG8=</HostId></Error>`;
const S3_EXPIRED =
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires>` +
  "<Expires>2026-12-03T09:00:00Z</Expires><ServerTime>2026-12-03T10:20:00Z</ServerTime><RequestId>4442587FB7D0A2FA</RequestId></Error>";
const AZURE_REFUSED = `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message></Error>`;

/** How the stand-in S3 answers the n-th listing's URL of a table's refused file (n from 1). */
type Storage = (listing: number) => { status: number; body: string } | "the file";

const SCENARIOS: Record<string, Storage> = {
  vacuumed: () => ({ status: 403, body: S3_MISSING }),
  stale: (listing) => (listing === 1 ? { status: 403, body: S3_EXPIRED } : "the file"),
  denied_once: (listing) => (listing === 1 ? { status: 403, body: S3_MISSING } : "the file"),
  expired: () => ({ status: 403, body: S3_EXPIRED }),
  not_s3: () => ({ status: 403, body: AZURE_REFUSED }),
};

describe("a Delta Sharing change file the storage refuses with 403", () => {
  const scratch = useScratchDuckDb("sharing-s3-refused");
  let sharing: RecordingListener;
  let storage: RecordingListener;
  const listings = new Map<string, number>();
  const parquet = new Map<string, Buffer>();

  const answerStorage = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", storage.url);
    const [, table, file] = url.pathname.split("/");
    const answer = file === "refused.parquet" ? SCENARIOS[table](Number(url.searchParams.get("listing"))) : "the file";
    if (answer === "the file") return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(parquet.get(file));
    res.writeHead(answer.status, { "content-type": "application/xml" }).end(answer.body);
  };
  const answerSharing = (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/delta-sharing\/shares\/s\/schemas\/x\/tables\/(\w+)\/(changes|query)/.exec(req.url ?? "");
    if (!match) return void res.writeHead(404).end();
    const [, table, call] = match;
    const lines: unknown[] = [{ protocol: { minReaderVersion: 1 } }, { metaData: { id: "m", format: { provider: "parquet" }, schemaString: SCHEMA, partitionColumns: [], configuration: {} } }];
    if (call === "changes") {
      const listing = (listings.get(table) ?? 0) + 1;
      listings.set(table, listing);
      for (const [id, version] of [["kept", 2], ["refused", 3]] as const) {
        const url = `${storage.url}/${table}/${id}.parquet?listing=${listing}&X-Amz-Signature=secret-signature-${listing}`;
        lines.push({ cdf: { url, id, partitionValues: {}, size: parquet.get(`${id}.parquet`)!.length, version, timestamp: 1_780_000_000_000 + version } });
      }
    } else {
      // the pinned version's rows, read for the window's repeated-key check
      lines.push({ file: { url: `${storage.url}/${table}/pinned.parquet?X-Amz-Signature=secret-signature`, id: "pinned", partitionValues: {}, size: parquet.get("pinned.parquet")!.length } });
    }
    res.writeHead(200, { "content-type": "application/x-ndjson", "delta-table-version": "3" }).end(lines.map((l) => JSON.stringify(l)).join("\n"));
  };

  beforeAll(async () => {
    for (const [file, rows] of [
      ["kept.parquet", "(2::BIGINT, 'placed', 'insert')"],
      ["refused.parquet", "(1::BIGINT, 'shipped', 'insert')"],
      ["pinned.parquet", "(1::BIGINT, 'shipped'), (2::BIGINT, 'placed')"],
    ]) {
      const target = path.join(scratch.dir, file);
      const columns = file === "pinned.parquet" ? "order_id, status" : "order_id, status, _change_type";
      await scratch.conn.run(`COPY (SELECT * FROM (VALUES ${rows}) AS t(${columns})) TO '${target}' (FORMAT PARQUET)`);
      parquet.set(file, readFileSync(target));
    }
    storage = await startRecordingListener(answerStorage);
    sharing = await startRecordingListener(answerSharing);
  });
  afterAll(async () => {
    await sharing?.close();
    await storage?.close();
  });

  const readChanges = (table: string) => {
    const endpoint = `${sharing.url}/delta-sharing`;
    const inputs = {
      connection: { id: "conn-1", domain: endpoint, sharing: { shareCredentialsVersion: 1, endpoint, bearerToken: "dss-token" } },
      source: { tableName: `s.x.${table}`, columns: [] },
      flow: { id: "flow-1" },
    } as unknown as RunInputs;
    return new SharedTableRead(inputs).rowFiles(3, { kind: "changes", fromVersion: 2, key: ["order_id"] }, path.join(scratch.dir, table));
  };
  const failureOf = (read: Promise<unknown>) => read.then(() => expect.fail("the read succeeded"), (error: unknown) => error as RunFailure);
  const refusedUrls = (table: string) => storage.requests.filter((r) => r.path.startsWith(`/${table}/refused.parquet`)).map((r) => new URL(r.path, storage.url).searchParams.get("listing"));
  const changeListings = (table: string) => sharing.requests.filter((r) => r.path.includes(`/tables/${table}/changes`)).length;

  it("takes a file S3 refuses with AccessDenied, through a fresh URL too, as vacuumed: the change-feed gap with the resync, not retried", async () => {
    const failure = await failureOf(readChanges("vacuumed"));
    expect(failure).toBeInstanceOf(RunFailure);
    expect({ code: failure.code, retryable: failure.retryable }).toEqual({ code: "CONNECTOR-2002-400", retryable: false });
    expect(failure.message).toContain("The change data feed of s.x.vacuumed no longer covers versions 2 to 3");
    expect(failure.message).toContain(`download of file refused: its URL at ${new URL(storage.url).host} answered HTTP 403, S3's AccessDenied, to the fresh URL`);
    expect(failure.message).toContain("/flows/flow-1/action?op=resync");
    expect(failure.message).not.toContain("secret-signature");
    expect(failure.message).not.toContain("RequestId");
    // the range's files were asked for once more, and the refused file tried through its fresh URL
    expect(changeListings("vacuumed")).toBe(2);
    expect(refusedUrls("vacuumed")).toEqual(["1", "2"]);
  });

  for (const [table, first] of [["stale", "an expired URL"], ["denied_once", "an AccessDenied"]]) {
    it(`reads the file through the fresh URL the sharing server gives after ${first}`, async () => {
      const { files } = await readChanges(table);
      const rows = await scratch.conn.runAndReadAll(`SELECT order_id::VARCHAR, status, _change_request_type FROM read_parquet('${files[0]}') ORDER BY order_id`);
      expect(rows.getRowsJson()).toEqual([
        ["1", "shipped", "u"],
        ["2", "placed", "u"],
      ]);
      expect(changeListings(table)).toBe(2);
      expect(refusedUrls(table)).toEqual(["1", "2"]);
    });
  }

  for (const [table, what, said] of [
    ["expired", "an expired URL, also after asking for fresh ones,", `S3's "Request has expired", to the fresh URL`],
    ["not_s3", "a 403 whose answer is not S3's", "answered HTTP 403, to the fresh URL"],
  ]) {
    it(`fails on ${what} with a failure the run retries, naming the host and status and not the URL`, async () => {
      const failure = await failureOf(readChanges(table));
      expect(failure).toBeInstanceOf(RunFailure);
      expect({ code: failure.code, retryable: failure.retryable }).toEqual({ code: "CONNECTOR-2001-500", retryable: true });
      expect(failure.message).toContain(`download of file refused: its URL at ${new URL(storage.url).host} answered HTTP 403`);
      expect(failure.message).toContain(said);
      expect(failure.message).not.toContain("secret-signature");
      expect(failure.message).not.toContain("authenticate");
      expect(changeListings(table)).toBe(2);
      expect(refusedUrls(table)).toEqual(["1", "2"]);
    });
  }
});
