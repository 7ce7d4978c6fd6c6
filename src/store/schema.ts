/** Row types of every table; the one `Database` type Kysely checks queries against. */
import type { BatchRecordSequenceTable, BatchTable } from "./batches.table.js";
import type { WebhookDeliveryTable } from "./webhooks.table.js";
import type { FlowReferenceTable, FlowTable, RunTable } from "./dataflows.table.js";
import type { LandingZoneContainerTable, LandingZonePolicyTable } from "./landing-zone.table.js";
import type { ResourceTable } from "./resources.table.js";
import type { RunLogTable } from "./run-log.table.js";
import type { ServiceSettingTable } from "./service-settings.table.js";

export interface Database {
  landing_zone_containers: LandingZoneContainerTable;
  landing_zone_policies: LandingZonePolicyTable;
  resources: ResourceTable;
  flows: FlowTable;
  flow_references: FlowReferenceTable;
  runs: RunTable;
  run_log: RunLogTable;
  batches: BatchTable;
  batch_record_sequence: BatchRecordSequenceTable;
  webhook_deliveries: WebhookDeliveryTable;
  service_settings: ServiceSettingTable;
}
