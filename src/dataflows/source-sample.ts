/**
 * The sample a mapping set preview can take instead of rows of its own: the first rows of a
 * source connection's table (explore's preview), typed as a run stages them.
 */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { isObject, type Json } from "../aep-conventions/request-body.js";
import { parseDdlType, stagedDuckDbType } from "../databricks/spark-types.js";
import type { SourceSampler } from "../dataprep/mapping-sets.js";
import type { ConnectionService } from "../flowservice/connection-service.js";
import type { Store } from "../store/database.js";
import { findResource } from "../store/resources.repository.js";

export function sourceSampler(store: Store, connections: ConnectionService): SourceSampler {
  return async (caller, sourceConnectionId) => {
    const source = await findResource(store.db, "sourceConnection", caller, sourceConnectionId);
    if (!source) throw Errors.paramValueInvalid(sourceConnectionId, "sourceConnectionId", "no sourceConnection with this id exists in the sandbox");
    const params = isObject(source.document.params) ? source.document.params : {};
    const explored = (await connections.explore(caller, String(source.document.baseConnectionId), {
      objectType: "table",
      object: String(params.tableName ?? ""),
      preview: "true",
    })) as { schema: { columns: Array<{ name: string; type: string }> }; data: Json[] };
    const columns = explored.schema.columns.map((c) => ({ name: c.name, type: stagedDuckDbType(parseDdlType(c.type)) }));
    return { columns, rows: explored.data };
  };
}
