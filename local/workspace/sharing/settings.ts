/**
 * What the local workspace shares over Delta Sharing: shares (schemas of tables of its metastore,
 * each named by `catalog.schema.table`) and recipients (a bearer token, an optional expiry, the
 * shares they may read). Configured by `startLocalWorkspace({ sharing })`; `npm start` seeds one
 * share of the demo tables and one recipient with a development token.
 */
export interface SharedTable {
  /** the name recipients see */
  name: string;
  /** the metastore table it shares, `catalog.schema.table` */
  source: string;
}
export interface SharedSchema {
  name: string;
  tables?: SharedTable[];
  /** a whole metastore schema, `catalog.schema`: every table in it now or later is shared, under its own name */
  source?: string;
}
export interface Share {
  name: string;
  schemas: SharedSchema[];
}
export interface Recipient {
  name: string;
  bearerToken: string;
  /** epoch ms after which the token is refused; none = never */
  expiresAt?: number;
  /** names of the shares this recipient may read */
  shares: string[];
}
export interface SharingSettings {
  shares: Share[];
  recipients: Recipient[];
  /** how long a pre-signed file URL works (default 900 s, as S3 pre-signed URLs in Databricks' answers) */
  fileUrlLifetimeSeconds?: number;
}

export const DEV_SHARING_TOKEN = "dss-local-dev";

/**
 * What a workspace started with seedDemo shares unless told otherwise, to one recipient:
 * demo.customers, and every table of the schema `shared` (create it to share more).
 */
export function demoSharing(defaultCatalog: string, bearerToken = DEV_SHARING_TOKEN): SharingSettings {
  return {
    shares: [
      {
        name: "demo_share",
        schemas: [
          { name: "demo", tables: [{ name: "customers", source: `${defaultCatalog}.demo.customers` }] },
          { name: "shared", source: `${defaultCatalog}.shared` },
        ],
      },
    ],
    recipients: [{ name: "local-recipient", bearerToken, shares: ["demo_share"] }],
  };
}
