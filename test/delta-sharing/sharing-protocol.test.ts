/**
 * The local workspace's Delta Sharing server read by the project's client over HTTP, as a recipient
 * reads a real one: listings, a pinned version, the files through pre-signed URLs read by our own
 * Delta reader into exactly the table's rows and types, the change data feed, and the protocol's
 * errors (a wrong or expired token, a tampered or expired URL, a table the parquet format cannot carry).
 */
import path from "node:path";
import { mkdtempSync, rmSync, utimesSync } from "node:fs";
import os from "node:os";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, startHarness, type Harness } from "../support/local-workspace.js";
import { eventually } from "../support/blob.js";
import { rawRequest, requestText } from "../support/raw-http.js";
import { SharedTableRead } from "../../src/runs/sharing-read.js";
import type { RunInputs } from "../../src/runs/run-inputs.js";
import { openDeltaTable } from "../../src/delta/index.js";
import { RunFailure } from "../../src/aep-conventions/errors/catalogue.js";
import { DeltaSharingClient, FileDownloadError, ProfileExpiredError, readSharedChanges, readSharedFiles, readSharedVersion, SharingApiError } from "../../src/delta-sharing/index.js";

const TOKEN = "dss-test-recipient";
const EXPIRED_TOKEN = "dss-test-expired";
const URL_LIFETIME_SECONDS = 4;

describe("Delta Sharing from the local workspace", () => {
  let h: Harness;
  let ctx: string;
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  let work: string;
  const ok = async (command: string) => {
    const done = await h.client.sql(ctx, command);
    if (done.results?.resultType !== "table") throw new Error(`${command}\n→ ${JSON.stringify(done.results)}`);
    return done;
  };
  const location = async (table: string) => String(rows(await ok(`DESCRIBE DETAIL ${table}`))[0].location).replace(/^file:/, "");
  const client = (bearerToken = TOKEN, expirationTime?: string) =>
    new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint: h.ws.sharingEndpoint, bearerToken, ...(expirationTime ? { expirationTime } : {}) });
  const items = { share: "sales", schema: "retail", table: "items" };
  /** rows of `a` not in `b` and the other way round: 0 and 0 when the two are the same multiset */
  const difference = async (a: string, b: string) => {
    const count = async (sql: string) => Number((await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM (${sql})`)).getRowsJson()[0][0]);
    return [await count(`SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b}`), await count(`SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a}`)];
  };

  beforeAll(async () => {
    h = await startHarness({
      sharing: {
        shares: [{ name: "sales", schemas: [{ name: "retail", tables: [{ name: "items", source: "hive_metastore.shop.items" }, { name: "with_dvs", source: "hive_metastore.shop.dv" }, { name: "events", source: "hive_metastore.shop.events" }, { name: "mapped", source: "hive_metastore.shop.mapped" }, { name: "evolving", source: "hive_metastore.shop.evolving" }, { name: "renaming", source: "hive_metastore.shop.renaming" }, { name: "dv_clone", source: "hive_metastore.shop.dv_clone" }] }] }],
        recipients: [
          { name: "partner", bearerToken: TOKEN, shares: ["sales"] },
          { name: "former-partner", bearerToken: EXPIRED_TOKEN, expiresAt: Date.parse("2025-01-01T00:00:00Z"), shares: ["sales"] },
        ],
        fileUrlLifetimeSeconds: URL_LIFETIME_SECONDS,
      },
    });
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
    await ok("CREATE SCHEMA shop");
    await ok(`CREATE TABLE shop.items (
      id BIGINT NOT NULL, price DECIMAL(38,18), big BIGINT, ts TIMESTAMP, s STRUCT<city: STRING, zip: INT>, region STRING
    ) USING DELTA PARTITIONED BY (region) TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = false)`);
    await ok(`INSERT INTO shop.items VALUES
      (1, 12345678901234567890.123456789012345678, 9007199254740993, TIMESTAMP '2024-03-01 12:34:56.123456', named_struct('city', 'Paris', 'zip', 75001), 'eu'),
      (2, 0.000000000000000001, -5, TIMESTAMP '2024-03-02 00:00:00', named_struct('city', 'Lyon', 'zip', 69001), 'eu'),
      (3, -1.5, NULL, NULL, NULL, NULL)`);
    await ok(`INSERT INTO shop.items VALUES (4, 7, 1, TIMESTAMP '1970-01-01 00:00:00', named_struct('city', 'Austin', 'zip', 73301), 'us')`);
    await ok("CREATE TABLE shop.events (id BIGINT, ts TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = false)");
    await ok("CREATE TABLE shop.evolving (id BIGINT, ts TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = false)");
    await ok(
      "CREATE TABLE shop.renaming (id BIGINT, ts TIMESTAMP, note STRING) USING DELTA TBLPROPERTIES ('delta.columnMapping.mode' = 'name', delta.enableDeletionVectors = false)",
    );
    await ok("CREATE TABLE shop.dv (id BIGINT) USING DELTA");
    await ok("INSERT INTO shop.dv SELECT id FROM range(0, 10)");
    await ok("DELETE FROM shop.dv WHERE id = 3");
    await ok("CREATE TABLE shop.dv_clone SHALLOW CLONE shop.dv");
    await ok("CREATE TABLE shop.mapped (id BIGINT, full_name STRING, region STRING) USING DELTA PARTITIONED BY (region) TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    await ok("INSERT INTO shop.mapped VALUES (1, 'Ada', 'eu'), (2, 'Grace', 'us'), (3, NULL, NULL)");
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
    work = mkdtempSync(path.join(os.tmpdir(), "sharing-read-"));
  });
  afterAll(async () => {
    conn?.closeSync();
    instance?.closeSync();
    if (work) rmSync(work, { recursive: true, force: true });
    await h?.close();
  });

  it("lists the recipient's shares, schemas and tables", async () => {
    const c = client();
    expect(await c.listShares()).toEqual(["sales"]);
    expect(await c.listSchemas("SALES")).toEqual(["retail"]);
    expect((await c.listTables("sales", "retail")).map((t) => t.table)).toEqual(["items", "with_dvs", "events", "mapped", "evolving", "renaming", "dv_clone"]);
  });

  it("reads the latest version through pre-signed URLs into exactly the table's rows and types", async () => {
    const read = await readSharedVersion(conn, client(), items, path.join(work, "latest"));
    expect(read.version).toBe(await openDeltaTable(await location("shop.items")).latestVersion());
    const table = openDeltaTable(await location("shop.items"));
    const own = await table.scanRelation(conn, await table.snapshot());
    expect(await difference(read.relation, own)).toEqual([0, 0]);
    const types = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${read.relation}`)).getRowObjectsJson().map((r) => `${r.column_name} ${r.column_type}`);
    expect(types).toEqual(["id BIGINT", "price DECIMAL(38,18)", "big BIGINT", "ts TIMESTAMP WITH TIME ZONE", "s STRUCT(city VARCHAR, zip INTEGER)", "region VARCHAR"]);
    const first = (await conn.runAndReadAll(`SELECT price::VARCHAR AS p, big::VARCHAR AS b, strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS t FROM ${read.relation} WHERE id = 1`)).getRowObjectsJson()[0];
    expect(first).toEqual({ p: "12345678901234567890.123456789012345678", b: "9007199254740993", t: "2024-03-01 12:34:56.123456" });
  });

  it("downloads only the files that hold enough rows for a limited read (a preview), by their stats", async () => {
    const all = await client().query(items);
    expect(all.files.length).toBeGreaterThan(1);
    const limited = await readSharedVersion(conn, client(), items, path.join(work, "limited"), undefined, { limitRows: 1 });
    expect(limited.files).toBe(1);
    const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${limited.relation}`)).getRowsJson()[0][0]);
    expect(n).toBeGreaterThanOrEqual(1);
  });

  it("reads a run's windows from only the files whose stats allow them, late rows from the files added since", async () => {
    const T0 = Date.parse("2024-05-01T00:00:00Z");
    const at = (seconds: number) => `TIMESTAMP '${new Date(T0 + seconds * 1000).toISOString().replace("T", " ").replace("Z", "")}'`;
    const inputs = {
      connection: { sharing: { shareCredentialsVersion: 1, endpoint: h.ws.sharingEndpoint, bearerToken: TOKEN } },
      source: { tableName: "sales.retail.events", columns: ["id", "ts"] },
      mapping: [],
    } as unknown as RunInputs;
    const shared = new SharedTableRead(inputs);
    const windowRows = async (from: number, to: number, lateSinceVersion?: number) => {
      const version = await shared.latestVersion();
      const dir = path.join(work, `window-${from}-${version}`);
      const read = await shared.rowFiles(version, { kind: "window", deltaColumn: "ts", start: T0 + from * 1000, end: T0 + to * 1000, lateSinceVersion }, dir);
      const ids = (await conn.runAndReadAll(`SELECT id FROM read_parquet('${read.files[0]}') ORDER BY id`)).getRowsJson().map((r) => Number(r[0]));
      return { ids, downloaded: read.downloaded.files, version };
    };
    await ok(`INSERT INTO shop.events VALUES (1, ${at(1)}), (2, ${at(61)})`);
    await ok(`INSERT INTO shop.events VALUES (3, ${at(121)})`);
    const first = await windowRows(60, 120);
    expect(first).toMatchObject({ ids: [2], downloaded: 1 });

    await ok(`INSERT INTO shop.events VALUES (4, ${at(30)})`); // late: behind the windows read already
    expect(await windowRows(120, 180, first.version)).toMatchObject({ ids: [3, 4], downloaded: 2 });

    const second = await shared.latestVersion();
    await ok("DELETE FROM shop.events WHERE id = 1"); // rewrites the file of 1 and 2: nothing new behind the window
    expect((await windowRows(180, 240, second)).ids).toEqual([]);
  });

  it("reads late rows after ADD COLUMNS and RENAME COLUMN: the removed files' rows under the pinned version's columns, each late row once", async () => {
    const T0 = Date.parse("2024-05-01T00:00:00Z");
    const at = (seconds: number) => `TIMESTAMP '${new Date(T0 + seconds * 1000).toISOString().replace("T", " ").replace("Z", "")}'`;
    const windowRowsOf = async (tableName: string, columns: string[], from: number, to: number, lateSinceVersion?: number) => {
      const shared = new SharedTableRead({
        connection: { sharing: { shareCredentialsVersion: 1, endpoint: h.ws.sharingEndpoint, bearerToken: TOKEN } },
        source: { tableName, columns },
        mapping: [],
      } as unknown as RunInputs);
      const version = await shared.latestVersion();
      const dir = path.join(work, `${tableName}-${columns.length}-${from}-${version}`);
      const read = await shared.rowFiles(version, { kind: "window", deltaColumn: "ts", start: T0 + from * 1000, end: T0 + to * 1000, lateSinceVersion }, dir);
      const got = (await conn.runAndReadAll(`SELECT id::INTEGER AS id, * EXCLUDE (id, ts) FROM read_parquet('${read.files[0]}') ORDER BY id`)).getRowObjectsJson();
      return { got, version };
    };
    const windowRows = (columns: string[], from: number, to: number, since?: number) => windowRowsOf("sales.retail.evolving", columns, from, to, since);
    await ok(`INSERT INTO shop.evolving VALUES (1, ${at(1)}), (2, ${at(61)})`);
    const first = await windowRows([], 60, 120);
    expect(first.got).toEqual([{ id: 2 }]);

    await ok("ALTER TABLE shop.evolving ADD COLUMNS (note STRING)");
    await ok(`INSERT INTO shop.evolving VALUES (3, ${at(121)}, 'in the window'), (4, ${at(30)}, 'late')`);
    // every column, and the new one named by the source connection since
    expect((await windowRows([], 120, 180, first.version)).got).toEqual([
      { id: 3, note: "in the window" },
      { id: 4, note: "late" },
    ]);
    expect((await windowRows(["id", "ts", "note"], 120, 180, first.version)).got).toEqual([
      { id: 3, note: "in the window" },
      { id: 4, note: "late" },
    ]);

    // a column renamed (column mapping), then a DELETE rewriting the file of rows read before: the
    // removed file's rows are compared under the new name, so none is read again
    const renaming = (from: number, to: number, since?: number) => windowRowsOf("sales.retail.renaming", [], from, to, since);
    await ok(`INSERT INTO shop.renaming VALUES (1, ${at(1)}, 'one'), (2, ${at(61)}, 'two')`);
    const before = await renaming(60, 120);
    expect(before.got).toEqual([{ id: 2, note: "two" }]);
    await ok("ALTER TABLE shop.renaming RENAME COLUMN note TO comment");
    await ok("DELETE FROM shop.renaming WHERE id = 1");
    await ok(`INSERT INTO shop.renaming VALUES (3, ${at(121)}, 'three')`);
    expect((await renaming(120, 180, before.version)).got).toEqual([{ id: 3, comment: "three" }]);
  });

  it("pins an earlier version", async () => {
    const latest = await client().tableVersion(items);
    const read = await readSharedVersion(conn, client(), items, path.join(work, "pinned"), latest - 1);
    expect(read.version).toBe(latest - 1);
    const ids = (await conn.runAndReadAll(`SELECT id FROM ${read.relation} ORDER BY id`)).getRowsJson().map((r) => Number(r[0]));
    expect(ids).toEqual([1, 2, 3]);
  });

  it("reads the change data feed: inserts as adds, an update's pre- and post-images from its change files", async () => {
    const before = await client().tableVersion(items);
    await ok("UPDATE shop.items SET big = 42 WHERE id = 2");
    const changes = await readSharedChanges(conn, client(), items, path.join(work, "changes"), before, before + 1);
    const got = (await conn.runAndReadAll(`SELECT id, big::VARCHAR AS big, _change_type, _commit_version FROM ${changes.relation} ORDER BY _commit_version, id, _change_type`)).getRowObjectsJson();
    expect(got).toEqual([
      { id: "4", big: "1", _change_type: "insert", _commit_version: String(before) },
      { id: "2", big: "42", _change_type: "update_postimage", _commit_version: String(before + 1) },
      { id: "2", big: "-5", _change_type: "update_preimage", _commit_version: String(before + 1) },
    ]);
  });

  it("stamps a change with the commit time DESCRIBE HISTORY gives (the log file's modification time), not commitInfo.timestamp", async () => {
    await ok("UPDATE shop.items SET big = 43 WHERE id = 2");
    const version = await client().tableVersion(items);
    // a log file written (or copied) later than its commitInfo says: Delta then takes the file's time
    const commitFile = path.join(await location("shop.items"), "_delta_log", `${String(version).padStart(20, "0")}.json`);
    // whole seconds: utimes takes seconds as a float, which may not hold every millisecond exactly
    const fileTime = new Date(Math.ceil(Date.now() / 1000) * 1000 + 61_000);
    utimesSync(commitFile, fileTime, fileTime);
    const history = rows(await ok("DESCRIBE HISTORY shop.items")).find((r) => Number(r.version) === version)!;
    const { files } = await client().changes(items, version, version);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.timestamp).toBe(Date.parse(String(history.timestamp).replace(/([+-]\d\d)(\d\d)$/, "$1:$2")));
    expect(files[0].timestamp).toBe(fileTime.getTime());
  });

  it("answers the protocol's errors: a wrong token, an expired one naming its expiry, an unknown table", async () => {
    const wrong = await fetch(`${h.ws.sharingEndpoint}/shares`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ errorCode: "UNAUTHENTICATED", message: "The bearer token is missing or incorrect." });
    const expired = await client(EXPIRED_TOKEN).listShares().catch((e) => e);
    expect(expired).toBeInstanceOf(SharingApiError);
    expect(expired.status).toBe(401);
    expect(expired.detail).toContain("expired at 2025-01-01T00:00:00.000Z");
    const missing = await client().tableVersion({ ...items, table: "nope" }).catch((e) => e);
    expect([missing.status, missing.errorCode]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });

  it("fails a run whose token the server refuses naming the connection and how to renew its profile", async () => {
    const inputs = {
      connection: { id: "conn-1", domain: h.ws.sharingEndpoint, sharing: { shareCredentialsVersion: 1, endpoint: h.ws.sharingEndpoint, bearerToken: EXPIRED_TOKEN } },
      source: { tableName: "sales.retail.items", columns: [] },
      mapping: [],
      flow: { id: "flow-1" },
    } as unknown as RunInputs;
    const refused = await new SharedTableRead(inputs).latestVersion().then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(RunFailure);
    const failure = refused as RunFailure;
    expect(failure.code).toBe("CONNECTOR-2011-400");
    expect(failure.retryable).toBe(false);
    expect(failure.message).toContain(`The sharing server at ${h.ws.sharingEndpoint} refused the bearer token of connection conn-1`);
    expect(failure.message).toContain("HTTP 401 UNAUTHENTICATED");
    expect(failure.message).toContain('PATCH /data/foundation/flowservice/connections/conn-1 with its etag in If-Match and [{"op": "replace", "path": "/auth/params/bearerToken"');
    expect(failure.message).toContain("then re-trigger this run");
    expect(failure.message).not.toContain(EXPIRED_TOKEN);
  });

  it("refuses an expired profile before sending anything", async () => {
    const error = await client(TOKEN, "2025-06-30T00:00:00.0Z").listShares().catch((e) => e);
    expect(error).toBeInstanceOf(ProfileExpiredError);
    expect(error.message).toContain("expired at 2025-06-30T00:00:00.000Z");
  });

  it("refuses a pre-signed URL that was tampered with, and serves it unchanged", async () => {
    const { files } = await client().query(items);
    const good = await fetch(files[0].url);
    expect(good.status).toBe(200);
    expect((await good.arrayBuffer()).byteLength).toBe(files[0].size);
    const other = new URL(files[0].url);
    other.searchParams.set("path", "../../../../etc/passwd");
    const refused = await fetch(other);
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toContain("signature does not match");
  });

  it("refuses a pre-signed URL once it has expired, as the query line's expirationTimestamp said", async () => {
    const response = await fetch(`${h.ws.sharingEndpoint}/shares/sales/schemas/retail/tables/items/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: "{}",
    });
    const file = (await response.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l)).find((l) => l.file).file;
    expect(file.expirationTimestamp).toBeGreaterThan(Date.now());
    expect(file.expirationTimestamp).toBeLessThanOrEqual(Date.now() + URL_LIFETIME_SECONDS * 1000);
    await eventually(async () => Date.now() > file.expirationTimestamp, 10_000, 100);
    const expired = await fetch(file.url);
    expect(expired.status).toBe(403);
    expect((await expired.json()).message).toContain("Request has expired");
    // the client reports it as a download a new query can repair (a run retries it), by its status only: the file's host is not the sharing server
    const error = await client().download(file).catch((e) => e);
    expect(error).toBeInstanceOf(FileDownloadError);
    expect(error.message).toContain(`its URL at ${new URL(file.url).host} answered HTTP 403 (the answer is not quoted`);
    expect(error.message).not.toContain("Request has expired");
  });

  it("reads files whose URLs expired, deletion vectors too, through the fresh URLs of the version's files asked for again once", async () => {
    const dvTable = { ...items, table: "with_dvs" };
    const stale = await client().query(dvTable);
    expect(stale.files.some((f) => f.deletionVector?.storageType === "p")).toBe(true);
    await eventually(async () => (await fetch(stale.files[0].url)).status === 403, 10_000, 200);
    let askedAgain = 0;
    const fresh = () => {
      askedAgain++;
      return client().query(dvTable, { version: stale.version }).then((again) => again.files);
    };
    const read = await readSharedFiles(conn, client(), stale.metadata, stale.files, path.join(work, "stale-urls"), fresh);
    expect((await conn.runAndReadAll(`SELECT list(id ORDER BY id) FROM ${read.relation}`)).getRowsJson()[0][0]).toEqual(["0", "1", "2", "4", "5", "6", "7", "8", "9"]);
    expect(askedAgain).toBe(1);
  });

  it("signs nobody in as a recipient on a path that only looks like the sharing server's", async () => {
    for (const target of [
      "/api/2.0/delta-sharing/metastores/local/../../../2.0/clusters/list",
      "/api/2.0/delta-sharing/metastores/local/%2e%2e/%2e%2e/%2e%2e/2.0/clusters/list",
      "/api/2.0/delta-sharing/metastores/local/..%2f..%2f..%2f2.0/clusters/list",
    ]) {
      const response = await rawRequest(h.ws.url, requestText("GET", target, { host: new URL(h.ws.url).host }));
      expect(response.status, target).toBe(401);
      expect(response.json.error_code, target).toBe("UNAUTHENTICATED");
    }
  });

  it("reads a table with deletion vectors in the delta response format, leaving out the rows its vectors delete", async () => {
    const dvTable = { ...items, table: "with_dvs" };
    const answer = await client().query(dvTable);
    const withVector = answer.files.filter((f) => f.deletionVector);
    expect(withVector.length).toBeGreaterThan(0);
    // a vector in a file of the table reaches the recipient as a pre-signed URL of the sharing server
    for (const f of withVector) expect([f.deletionVector!.storageType, f.deletionVector!.pathOrInlineDv.startsWith(`${new URL(h.ws.sharingEndpoint).origin}/`)]).toEqual(["p", true]);
    const read = await readSharedVersion(conn, client(), dvTable, path.join(work, "with-dvs"));
    expect(read.rowsDeleted).toBe(true);
    expect((await conn.runAndReadAll(`SELECT list(id ORDER BY id) FROM ${read.relation}`)).getRowsJson()[0][0]).toEqual(["0", "1", "2", "4", "5", "6", "7", "8", "9"]);
    // a table without vectors read the same way holds every row and drops none
    const plain = await readSharedVersion(conn, client(), items, path.join(work, "no-dvs"));
    expect(plain.rowsDeleted).toBe(false);
  });

  it("shares a shallow clone: its source's files and deletion vectors, which its log names by path, through pre-signed URLs", async () => {
    const clone = { ...items, table: "dv_clone" };
    const answer = await client().query(clone);
    expect(answer.files.length).toBeGreaterThan(0);
    expect(answer.files.some((f) => f.deletionVector?.storageType === "p")).toBe(true);
    const read = await readSharedVersion(conn, client(), clone, path.join(work, "shallow-clone"));
    expect((await conn.runAndReadAll(`SELECT list(id ORDER BY id) FROM ${read.relation}`)).getRowsJson()[0][0]).toEqual(["0", "1", "2", "4", "5", "6", "7", "8", "9"]);
  });

  it("reads a table with column mapping in the delta response format: the files' physical names become the table's columns", async () => {
    const mapped = { ...items, table: "mapped" };
    const answer = await client().query(mapped);
    expect(answer.metadata.configuration["delta.columnMapping.mode"]).toBe("name");
    const read = await readSharedVersion(conn, client(), mapped, path.join(work, "mapped"));
    expect((await conn.runAndReadAll(`SELECT id::VARCHAR, full_name, region FROM ${read.relation} ORDER BY id`)).getRowsJson()).toEqual([
      ["1", "Ada", "eu"],
      ["2", "Grace", "us"],
      ["3", null, null],
    ]);
    // the files themselves hold other names: taken as they are they would not be the table's rows
    const names = (await conn.runAndReadAll(`SELECT name FROM parquet_schema('${read.paths[0]}') WHERE name <> 'duckdb_schema' AND name <> 'spark_schema'`)).getRowsJson().map(([n]) => n);
    expect(names).not.toContain("full_name");
  });

  it("answers in the format the client asks for, and refuses deletion vectors to a client that cannot apply them, saying what to ask for", async () => {
    const query = (table: string, capabilities?: string) =>
      fetch(`${h.ws.sharingEndpoint}/shares/sales/schemas/retail/tables/${table}/query`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...(capabilities ? { "delta-sharing-capabilities": capabilities } : {}) },
        body: "{}",
      });
    const lines = async (response: Response) => (await response.text()).trim().split("\n").map((l) => JSON.parse(l));
    const deltaOnly = await query("items", "responseformat=delta");
    expect(deltaOnly.headers.get("delta-sharing-capabilities")).toBe("responseformat=delta");
    const [protocol, metadata, ...files] = await lines(deltaOnly);
    expect(protocol.protocol.deltaProtocol.minReaderVersion).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(metadata.metaData.deltaMetadata.schemaString).fields.map((f: { name: string }) => f.name)).toEqual(["id", "price", "big", "ts", "s", "region"]);
    expect(files.every((f) => f.file.deltaSingleAction.add.path.startsWith("http"))).toBe(true);
    // either format offered and nothing needs delta: the parquet format, as before
    const either = await query("items", "responseformat=delta,parquet");
    expect(either.headers.get("delta-sharing-capabilities")).toBe("responseformat=parquet");
    expect((await lines(either))[0]).toEqual({ protocol: { minReaderVersion: 1 } });
    for (const [capabilities, hint] of [[undefined, "responseformat=delta;readerfeatures=deletionvectors"], ["responseformat=delta", "readerfeatures"]] as const) {
      const refused = await query("with_dvs", capabilities);
      expect(refused.status).toBe(400);
      const body = await refused.json();
      expect(body.errorCode).toBe("INVALID_PARAMETER_VALUE");
      expect(body.message).toContain("deletion vectors");
      expect(body.message).toContain(hint);
    }
  });

  // last: it adds a version the tests above do not expect
  it("gives a CDC snapshot the commit time of its version, or of the last data change before a version that changed none", async () => {
    const inputs = {
      connection: { sharing: { shareCredentialsVersion: 1, endpoint: h.ws.sharingEndpoint, bearerToken: TOKEN } },
      source: { tableName: "sales.retail.items", columns: [] },
      mapping: [],
    } as unknown as RunInputs;
    const shared = new SharedTableRead(inputs);
    const dataVersion = await shared.latestVersion();
    const { files } = await client().changes(items, dataVersion, dataVersion);
    const stamp = await shared.commitTimestamp(dataVersion);
    expect(stamp).toBe(files[0].timestamp);
    await ok("ALTER TABLE shop.items SET TBLPROPERTIES ('owner' = 'sales')");
    expect(await shared.latestVersion()).toBe(dataVersion + 1);
    expect(await shared.commitTimestamp(dataVersion + 1)).toBe(stamp);
  });
});
