import { describe, expect, it } from "vitest";
import { storageRefusalOf } from "./storage-refusal.js";

const s3 = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>R1</RequestId></Error>`;

describe("what a 403 of a pre-signed URL says", () => {
  it("tells S3's refusal of a missing object from its refusal of an expired URL", () => {
    expect(storageRefusalOf(s3("AccessDenied", "Access Denied"))).toBe("missing-or-denied");
    expect(storageRefusalOf(s3("AccessDenied", "Request has expired"))).toBe("expired");
  });

  it("takes nothing but S3's AccessDenied error XML for one: another store's 403, or the same words in JSON, are neither", () => {
    expect(storageRefusalOf(s3("AuthenticationFailed", "Server failed to authenticate the request."))).toBeUndefined();
    expect(storageRefusalOf(s3("SignatureDoesNotMatch", "Access Denied"))).toBeUndefined();
    expect(storageRefusalOf(JSON.stringify({ errorCode: "AccessDenied", message: "Request has expired" }))).toBeUndefined();
    expect(storageRefusalOf("<html><body>AccessDenied</body></html>")).toBeUndefined();
    expect(storageRefusalOf("")).toBeUndefined();
  });
});
