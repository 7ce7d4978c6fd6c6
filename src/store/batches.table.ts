/** Catalog batches: one per successful (flow, window), pointing at the Delta commit that holds it. */
export interface BatchTable {
  id: string;
  ims_org_id: string;
  sandbox_name: string;
  dataset_id: string;
  flow_id: string;
  run_id: string;
  window_seq: number;
  /** success | failed */
  status: string;
  /** the dataset table's Delta version that committed the batch */
  delta_version: number | null;
  /** JSON: [{path, size, records}] relative to the dataset table root */
  files: string;
  input_records: number;
  output_records: number;
  failed_records: number;
  /** JSON array of {code, message, recordCount} */
  errors: string;
  created_at: number;
  completed_at: number | null;
  /**
   * The batch's place in the order batches were recorded (migration 0022): a batch recorded later,
   * in any process, has a greater one. recordBatch always sets it; null only in a row written around it.
   */
  recorded_seq: number | null;
}

/** The last place recordBatch gave a batch: one row, locked by the transaction recording a batch until it ends. */
export interface BatchRecordSequenceTable {
  id: number;
  last_seq: number;
}
