/**
 * Secrets at rest (a connection's Databricks token): AES-256-GCM with a random 96-bit nonce per
 * seal. The sealed text is `v1.<nonce>.<tag>.<ciphertext>` (base64url). The caller passes a
 * context (the resource id) as additional authenticated data, so a sealed value copied onto
 * another row does not open there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const NONCE_BYTES = 12;
const KEY_BYTES = 32;

export class SecretBoxError extends Error {}

export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new SecretBoxError(`a secret key has ${KEY_BYTES} bytes, got ${key.length}`);
    this.key = Buffer.from(key);
  }

  seal(plaintext: string, context: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, nonce, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
  }

  open(sealed: string, context: string): string {
    const [version, nonce, tag, ciphertext] = sealed.split(".");
    if (version !== VERSION || nonce === undefined || tag === undefined || ciphertext === undefined) {
      throw new SecretBoxError("not a sealed secret of a known version");
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(nonce, "base64url"));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      // a wrong key, a tampered value or one sealed for another row: never say which
      throw new SecretBoxError("the secret cannot be opened with this key and context");
    }
  }
}
