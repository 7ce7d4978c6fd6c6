/**
 * The data lake target connection spec (docs/api/flowservice.md#the-data-lake-connection-spec);
 * aepp finds it by the name "datalake".
 */
import { DATALAKE_SPEC_ID, SOURCES_PROVIDER_ID, SPEC_VERSION } from "./ids.js";
import { objectSchema, PERMISSIONS } from "./json-schema.js";

export const datalakeConnectionSpec = {
  id: DATALAKE_SPEC_ID,
  name: "datalake",
  providerId: SOURCES_PROVIDER_ID,
  version: SPEC_VERSION,
  type: "DataLake",
  authSpec: [],
  targetSpec: {
    name: "DataLake",
    type: "DataLake",
    spec: objectSchema("Defines the params required when the data lake is the target of a flow.", { dataSetId: { type: "string" } }, ["dataSetId"]),
  },
  attributes: { category: "DataLake", connectorName: "Data Lake", isSource: false, isDestination: false },
  permissionsInfo: PERMISSIONS,
};
