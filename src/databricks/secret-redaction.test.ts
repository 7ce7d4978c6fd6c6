import { describe, expect, it } from "vitest";
import { redactSecrets } from "./secret-redaction.js";

describe("secret redaction", () => {
  it("removes a SAS signature, a workspace token, a bearer token and a spark_conf SAS value", () => {
    const sas = "sv=2023-11-03&ss=b&srt=co&sp=rwdl&se=2026-12-01T00%3A00%3A00Z&sig=AbC%2Bdef123%3D";
    const text = [
      `StorageException: https://acct.blob.core.windows.net/c/x?${sas} 403`,
      "token dapi0123456789abcdef0123 refused",
      "Authorization: Bearer eyJhbGciOi.payload.sig",
      `fs.azure.sas.dlz-databricks.acct.blob.core.windows.net ${sas}`,
      "my-own-secret-value leaked",
    ].join("\n");
    const redacted = redactSecrets(text, ["my-own-secret-value"]);
    expect(redacted).not.toMatch(/AbC%2Bdef123/);
    expect(redacted).not.toContain("dapi0123456789abcdef0123");
    expect(redacted).not.toContain("eyJhbGciOi");
    expect(redacted).not.toContain("my-own-secret-value");
    // the spark_conf value goes whole; in a URL the signature is the secret part
    expect(redacted.split("\n")[3]).toBe("fs.azure.sas.dlz-databricks.acct.blob.core.windows.net [REDACTED]");
    expect(redacted).toContain("StorageException: https://acct.blob.core.windows.net/c/x?");
  });

  it("leaves ordinary text alone", () => {
    expect(redactSecrets("exported 3 files (1204 bytes) from demo.customers version 4", ["abc"])).toBe(
      "exported 3 files (1204 bytes) from demo.customers version 4",
    );
    // the spark_conf key named in a sentence: the words after it are not its value
    const sentence = "the SAS of fs.azure.sas.dlz.acct.blob.core.windows.net is bound to the stored access policy dlz-1";
    expect(redactSecrets(sentence)).toBe(sentence);
    expect(redactSecrets("(key fs.azure.sas.dlz.acct.blob.core.windows.net) is revoked")).toBe("(key fs.azure.sas.dlz.acct.blob.core.windows.net) is revoked");
    // a sharing server's message about the bearer token names no token
    expect(redactSecrets("The bearer token is missing or incorrect")).toBe("The bearer token is missing or incorrect");
    expect(redactSecrets("Bearer authentication failed; Bearer abc.def-1 refused")).toBe("Bearer authentication failed; Bearer [REDACTED] refused");
  });
});
