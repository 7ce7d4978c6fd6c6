/** The shared facts of a deployment: read one, or write it unless another process wrote it first. */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export type ServiceSettingName = "secrets-key-check" | "embedded-blob-endpoint" | "local-workspace-url" | "lake-root";

export async function readServiceSetting(db: Kysely<Database>, name: ServiceSettingName): Promise<string | undefined> {
  const row = await db.selectFrom("service_settings").select("value").where("name", "=", name).executeTakeFirst();
  return row?.value;
}

/** Writes the value unless one is there; returns the value that is there afterwards. */
export async function settleServiceSetting(db: Kysely<Database>, name: ServiceSettingName, value: string): Promise<string> {
  await db.insertInto("service_settings").values({ name, value }).onConflict((oc) => oc.column("name").doNothing()).execute();
  return (await readServiceSetting(db, name)) ?? value;
}

export async function writeServiceSetting(db: Kysely<Database>, name: ServiceSettingName, value: string): Promise<void> {
  await db
    .insertInto("service_settings")
    .values({ name, value })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value }))
    .execute();
}
