/**
 * Who reads what: a recipient found by its bearer token (constant-time, expiry checked on every
 * call), the shares it may read, and a shared table resolved to its Delta folder in the metastore.
 * Share, schema and table names are case-insensitive, as the protocol says.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Metastore } from "../catalog/metastore.js";
import { sharingErrors } from "./errors.js";
import type { Recipient, Share, SharedSchema, SharedTable, SharingSettings } from "./settings.js";

export interface ResolvedTable {
  share: string;
  schema: string;
  table: string;
  /** `catalog.schema.table` in the metastore */
  source: string;
  location: string;
}

export class SharedTables {
  constructor(
    private readonly settings: SharingSettings,
    private readonly metastore: Metastore,
    private readonly now: () => number,
  ) {}

  recipient(authorization: string | undefined): Recipient {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
    if (!bearer) throw sharingErrors.unauthenticated();
    const presented = digest(bearer[1].trim());
    const found = this.settings.recipients.find((r) => timingSafeEqual(digest(r.bearerToken), presented));
    if (!found) throw sharingErrors.unauthenticated();
    if (found.expiresAt !== undefined && found.expiresAt <= this.now()) throw sharingErrors.tokenExpired(found.name, found.expiresAt);
    return found;
  }

  shares(recipient: Recipient): Share[] {
    return this.settings.shares.filter((s) => recipient.shares.some((name) => same(name, s.name)));
  }

  share(recipient: Recipient, name: string): Share {
    const share = this.shares(recipient).find((s) => same(s.name, name));
    if (!share) throw sharingErrors.shareNotFound(name);
    return share;
  }

  schema(recipient: Recipient, shareName: string, schemaName: string): { share: Share; schema: SharedSchema } {
    const share = this.share(recipient, shareName);
    const schema = share.schemas.find((s) => same(s.name, schemaName));
    if (!schema) throw sharingErrors.schemaNotFound(share.name, schemaName);
    return { share, schema };
  }

  table(recipient: Recipient, shareName: string, schemaName: string, tableName: string): ResolvedTable {
    return this.resolve(this.share(recipient, shareName), schemaName, tableName);
  }

  /** The table a pre-signed URL names: its signature already proves who may read it. */
  tableForFile(shareName: string, schemaName: string, tableName: string): ResolvedTable {
    const share = this.settings.shares.find((s) => same(s.name, shareName));
    if (!share) throw sharingErrors.shareNotFound(shareName);
    return this.resolve(share, schemaName, tableName);
  }

  /** A schema's tables: those listed, and every table of the metastore schema it shares whole. */
  tablesOf(schema: SharedSchema): SharedTable[] {
    const listed = schema.tables ?? [];
    if (!schema.source) return listed;
    const [catalog, db] = schema.source.split(".");
    if (db === undefined || !this.metastore.findSchema(catalog, db)) return listed;
    const whole = this.metastore.tables(catalog, db).map((t) => ({ name: t.name, source: `${t.catalog}.${t.schema}.${t.name}` }));
    return [...listed, ...whole.filter((t) => !listed.some((l) => same(l.name, t.name)))];
  }

  /** `share.schema.table` for each share that lists this metastore table by its name (a schema shared whole lists none) */
  listedAs(catalog: string, schema: string, table: string): string[] {
    return this.settings.shares.flatMap((share) =>
      share.schemas.flatMap((s) => (s.tables ?? []).filter((t) => this.sameTable(t.source, catalog, schema, table)).map((t) => `${share.name}.${s.name}.${t.name}`)),
    );
  }

  private sameTable(source: string, catalog: string, schema: string, table: string): boolean {
    const [c, s, t] = source.split(".");
    return t !== undefined && this.metastore.canonicalCatalog(c) === this.metastore.canonicalCatalog(catalog) && same(s, schema) && same(t, table);
  }

  private resolve(share: Share, schemaName: string, tableName: string): ResolvedTable {
    const schema = share.schemas.find((s) => same(s.name, schemaName));
    if (!schema) throw sharingErrors.schemaNotFound(share.name, schemaName);
    const table = this.tablesOf(schema).find((t) => same(t.name, tableName));
    if (!table) throw sharingErrors.tableNotFound(share.name, schema.name, tableName);
    const [catalog, db, name] = table.source.split(".");
    const entry = name === undefined ? undefined : this.metastore.findTable(catalog, db, name);
    // a shared table dropped from the metastore since: to the recipient it is gone
    if (!entry) throw sharingErrors.tableNotFound(share.name, schema.name, tableName);
    return { share: share.name, schema: schema.name, table: table.name, source: table.source, location: entry.location };
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const digest = (text: string) => createHash("sha256").update(text).digest();
