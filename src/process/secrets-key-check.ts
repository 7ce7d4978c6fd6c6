/**
 * Every process of a deployment must open the secrets the others sealed. The first process seals
 * a known value into the store; each later one proves at start that its key opens it, instead of
 * reporting ready and then failing every run with "the secret cannot be opened".
 */
import { ConfigError } from "../config.js";
import type { SecretBox } from "../security/secret-box.js";
import type { Store } from "../store/database.js";
import { settleServiceSetting } from "../store/service-settings.repository.js";

const CHECK_VALUE = "databricks-source secrets key check";
const CHECK_CONTEXT = "secrets-key-check";

export async function proveSecretsKey(store: Store, box: SecretBox): Promise<void> {
  const sealed = await settleServiceSetting(store.db, "secrets-key-check", box.seal(CHECK_VALUE, CHECK_CONTEXT));
  let opened: string | undefined;
  try {
    opened = box.open(sealed, CHECK_CONTEXT);
  } catch {
    opened = undefined;
  }
  if (opened !== CHECK_VALUE) {
    throw new ConfigError(
      "the secrets key of this process cannot open the secrets this deployment's store holds: " +
        "start it with the same SECRETS_KEY as the other processes (or, without SECRETS_KEY, the same DATA_DIR/keys/secrets.key)",
    );
  }
}
