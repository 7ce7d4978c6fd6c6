import type { Kysely } from "kysely";
import { webhookUrlKey } from "../webhooks.table.js";

const BATCH_ROWS = 500;
/** what stands where a stored webhook URL had a user name or password */
export const REDACTED_CREDENTIALS = "REDACTED";

/**
 * A webhook URL with a user name or password before its host is refused now, when given and when
 * due; before that, a flow could store one, and every GET of the flow showed it, as did its
 * deliveries' rows in plain text. Those credentials are replaced with REDACTED where they are
 * stored: such a webhook stayed refused at each delivery and still is (its URL still carries
 * credentials), so GET shows a user which webhook to give again without them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await rewriteEach(db, "flows", "body", (body) => {
    const document = JSON.parse(body);
    const hooks = document?.notifications?.webhooks;
    if (!Array.isArray(hooks)) return undefined;
    let changed = false;
    for (const hook of hooks) {
      const redacted = hook && typeof hook.url === "string" ? withoutCredentials(hook.url) : undefined;
      if (redacted) {
        hook.url = redacted;
        changed = true;
      }
    }
    return changed ? { body: JSON.stringify(document) } : undefined;
  });
  await rewriteEach(db, "webhook_deliveries", "url", (url) => {
    const redacted = withoutCredentials(url);
    return redacted ? { url: redacted, url_key: webhookUrlKey(redacted) } : undefined;
  });
}

/** The URL with its user name and password replaced, or undefined when it has none. */
function withoutCredentials(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.username === "" && url.password === "") return undefined;
  if (url.username === REDACTED_CREDENTIALS && url.password === "") return undefined;
  url.username = REDACTED_CREDENTIALS;
  url.password = "";
  return url.href;
}

/** Every row whose `column` holds an "@" (a URL's credentials end with one), a batch at a time in id order, updated where `rewrite` answers. */
async function rewriteEach(db: Kysely<any>, table: string, column: string, rewrite: (value: string) => Record<string, string> | undefined): Promise<void> {
  let after = "";
  for (;;) {
    const rows: Array<{ id: string; value: string }> = await db
      .selectFrom(table)
      .select(["id", `${column} as value`])
      .where("id", ">", after)
      .where(column, "like", "%@%")
      .orderBy("id")
      .limit(BATCH_ROWS)
      .execute();
    for (const row of rows) {
      const change = rewrite(row.value);
      if (change) await db.updateTable(table).set(change).where("id", "=", row.id).execute();
    }
    if (rows.length < BATCH_ROWS) return;
    after = rows[rows.length - 1].id;
  }
}
