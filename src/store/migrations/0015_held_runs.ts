import { type Kysely, PostgresAdapter, type RawBuilder, sql } from "kysely";

/**
 * `runs.held` is 1 on a scheduled run that waits behind a failed window of its flow, or for its
 * disabled flow to be enabled, and such runs leave the claim's index. A flow whose window failed
 * gets a new run each window until the failed one is re-triggered, and every claim walked past all
 * of them before it found a claimable run (23 ms a claim with 3,000 waiting, 71–163 ms with 10,000,
 * on PostgreSQL); a disabled flow's due runs were walked past the same way.
 *
 * The database keeps the mark, so that no writer of runs can forget it: a run that fails holds its
 * flow's later scheduled runs, a run inserted behind a failed or held run is held, and the success
 * of a run that failed or was held (`releases_held`) releases its flow's later runs — any other
 * run's success has nothing to release, and pays nothing for it. Disabling a flow holds its
 * scheduled runs; enabling it releases those before its first failed window. A mark set wrongly
 * would lose a run, a missing one only costs claim time, so every race is settled toward "not
 * held", but one: a run inserted while the run before it is released. On PostgreSQL the insert locks that earlier
 * run (FOR SHARE) and reads it again, so the earlier run cannot succeed — and release the later
 * runs it sees — before the insert commits; SQLite has one writer. The claim still checks every
 * earlier window itself: the mark only keeps runs that cannot be claimed out of its way.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("runs").addColumn("held", "smallint", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("runs").addColumn("releases_held", "smallint", (c) => c.notNull().defaultTo(0)).execute();
  await sql`
    UPDATE runs SET held = 1, releases_held = 1
    WHERE status = 'scheduled'
      AND EXISTS (SELECT 1 FROM runs failed WHERE failed.flow_id = runs.flow_id AND failed.window_seq < runs.window_seq AND failed.status = 'failed')`.execute(db);
  await sql`
    UPDATE runs SET held = 1, releases_held = 1
    WHERE status = 'scheduled' AND held = 0 AND flow_id IN (SELECT id FROM flows WHERE state <> 'enabled')`.execute(db);
  await sql`UPDATE runs SET releases_held = 1 WHERE status = 'failed'`.execute(db);
  await db.schema.dropIndex("runs_claim_order").execute();
  await sql`CREATE INDEX runs_claim_order ON runs (due_at, window_seq) WHERE status IN ('scheduled', 'inProgress') AND held = 0`.execute(db);
  // what a release reads: the flow's held runs
  await sql`CREATE INDEX runs_held ON runs (flow_id, window_seq) WHERE held = 1`.execute(db);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) await postgresInsertTrigger(db);
  else await sqliteInsertTriggers(db);
  for (const trigger of AFTER_UPDATES) await createAfterUpdate(db, postgres, trigger);
}

/** A trigger after an UPDATE of `column` on `table`, when `when` holds, running `body` (statements separated by `;`). */
interface AfterUpdate {
  name: string;
  table: "runs" | "flows";
  column: "status" | "state";
  when: RawBuilder<unknown>;
  body: RawBuilder<unknown>;
}

/** The same SQL on both stores (status and state are NOT NULL: `<>` is `IS DISTINCT FROM`). */
const AFTER_UPDATES: AfterUpdate[] = [
  {
    name: "runs_held_on_failure",
    table: "runs",
    column: "status",
    when: sql`NEW.status = 'failed' AND OLD.status <> 'failed'`,
    body: sql`
      UPDATE runs SET held = 1, releases_held = 1 WHERE flow_id = NEW.flow_id AND window_seq > NEW.window_seq AND status = 'scheduled' AND held = 0;
      UPDATE runs SET releases_held = 1 WHERE id = NEW.id AND releases_held = 0`,
  },
  {
    name: "runs_released_on_success",
    table: "runs",
    column: "status",
    when: sql`NEW.status = 'success' AND NEW.releases_held = 1 AND OLD.status <> 'success'`,
    body: sql`UPDATE runs SET held = 0 WHERE flow_id = NEW.flow_id AND window_seq > NEW.window_seq AND held = 1`,
  },
  {
    name: "runs_held_on_disable",
    table: "flows",
    column: "state",
    when: sql`NEW.state <> 'enabled' AND OLD.state = 'enabled'`,
    body: sql`UPDATE runs SET held = 1, releases_held = 1 WHERE flow_id = NEW.id AND status = 'scheduled' AND held = 0`,
  },
  {
    name: "runs_released_on_enable",
    table: "flows",
    column: "state",
    when: sql`NEW.state = 'enabled' AND OLD.state <> 'enabled'`,
    // the runs before the flow's first failed window (found once, not per run)
    body: sql`
      UPDATE runs SET held = 0
      WHERE flow_id = NEW.id AND held = 1
        AND window_seq < COALESCE((SELECT MIN(window_seq) FROM runs failed WHERE failed.flow_id = NEW.id AND failed.status = 'failed'), 9223372036854775807)`,
  },
];

async function createAfterUpdate(db: Kysely<any>, postgres: boolean, { name, table, column, when, body }: AfterUpdate): Promise<void> {
  const [trigger, on, of] = [name, table, column].map((identifier) => sql.raw(identifier));
  if (postgres) {
    await sql`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body}; RETURN NULL; END $$`.execute(db);
    await sql`CREATE TRIGGER ${trigger} AFTER UPDATE OF ${of} ON ${on} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${trigger}()`.execute(db);
  } else {
    await sql`CREATE TRIGGER ${trigger} AFTER UPDATE OF ${of} ON ${on} WHEN ${when} BEGIN ${body}; END`.execute(db);
  }
}

/** The insert's lock on the run before it (see above) needs PL/pgSQL; SQLite's one writer needs none. */
async function postgresInsertTrigger(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION runs_hold_new_run() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      earlier record;
    BEGIN
      NEW.held := 0;
      SELECT id, status, held INTO earlier FROM runs
        WHERE flow_id = NEW.flow_id AND window_seq < NEW.window_seq ORDER BY window_seq DESC LIMIT 1;
      IF FOUND AND (earlier.status = 'failed' OR earlier.held = 1) THEN
        SELECT status, held INTO earlier FROM runs WHERE id = earlier.id FOR SHARE;
        IF FOUND AND (earlier.status = 'failed' OR earlier.held = 1) THEN
          NEW.held := 1;
        END IF;
      END IF;
      NEW.releases_held := CASE WHEN NEW.held = 1 OR NEW.status = 'failed' THEN 1 ELSE 0 END;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER runs_held_on_insert BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION runs_hold_new_run()`.execute(db);
}

async function sqliteInsertTriggers(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TRIGGER runs_held_on_insert AFTER INSERT ON runs
    WHEN (SELECT status = 'failed' OR held = 1 FROM runs WHERE flow_id = NEW.flow_id AND window_seq < NEW.window_seq ORDER BY window_seq DESC LIMIT 1)
    BEGIN
      UPDATE runs SET held = 1, releases_held = 1 WHERE id = NEW.id;
    END`.execute(db);
  await sql`
    CREATE TRIGGER runs_inserted_failed AFTER INSERT ON runs WHEN NEW.status = 'failed'
    BEGIN
      UPDATE runs SET releases_held = 1 WHERE id = NEW.id;
    END`.execute(db);
}
