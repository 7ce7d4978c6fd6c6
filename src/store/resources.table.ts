/**
 * The resources a user creates before a dataflow runs: Flow Service connections, source and
 * target connections, XDM schemas (and the classes, field groups, data types and descriptors they
 * are made of), Catalog datasets, Data Prep mapping sets. One table serves
 * them all because they are stored alike (a JSON document scoped to an org and sandbox, with an
 * etag) and listed alike (filters over the document); `kind` says which API owns a row.
 */
export type ResourceKind =
  | "connection"
  | "sourceConnection"
  | "targetConnection"
  | "schema"
  | "dataSet"
  | "mappingSet"
  // the Schema Registry's tenant classes, field groups, data types and descriptors
  | "xdmClass"
  | "fieldGroup"
  | "dataType"
  | "descriptor"
  // the Identity Service's custom namespaces (src/identity)
  | "identityNamespace";

export interface ResourceTable {
  /** UUID v4 (Flow Service), 24 hex (dataset), 32 hex (schema, class, field group, data type, mapping set), 40 hex (descriptor), 8 digits (identity namespace); unique across kinds */
  id: string;
  kind: ResourceKind;
  ims_org_id: string;
  sandbox_name: string;
  /**
   * The resource this one hangs off, for lookups in SQL: a source connection's base connection,
   * a target connection's dataset, a dataset's, mapping set's or descriptor's schema.
   */
  parent_id: string | null;
  /** the public JSON document; never holds a secret */
  document: string;
  /** the secret fields as sealed JSON (security/secret-box.ts), bound to the row's id */
  secret: string | null;
  etag: string;
  created_at: number;
  updated_at: number;
}
