import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";
import { SecretBox, SecretBoxError } from "./secret-box.js";

describe("the secret box", () => {
  const box = new SecretBox(randomBytes(32));

  it("opens what it sealed, with a fresh nonce each time", () => {
    const a = box.seal("dapi-123", "row-1");
    const b = box.seal("dapi-123", "row-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("dapi-123");
    expect(box.open(a, "row-1")).toBe("dapi-123");
  });

  it("refuses another row's context, a tampered value and another key, without saying which", () => {
    const sealed = box.seal("dapi-123", "row-1");
    expect(() => box.open(sealed, "row-2")).toThrow(SecretBoxError);
    const [v, nonce, tag, data] = sealed.split(".");
    const flipped = Buffer.from(data, "base64url");
    flipped[0] ^= 1;
    expect(() => box.open([v, nonce, tag, flipped.toString("base64url")].join("."), "row-1")).toThrow(SecretBoxError);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, "row-1")).toThrow(SecretBoxError);
    expect(() => box.open("v0.x.y.z", "row-1")).toThrow(SecretBoxError);
    expect(() => new SecretBox(randomBytes(16))).toThrow(SecretBoxError);
  });

  it("takes SECRETS_KEY as the base64 of exactly 32 bytes", () => {
    const key = randomBytes(32);
    expect(loadConfig({ SECRETS_KEY: key.toString("base64") }).secretsKey?.equals(key)).toBe(true);
    expect(loadConfig({}).secretsKey).toBeUndefined();
    expect(() => loadConfig({ SECRETS_KEY: randomBytes(16).toString("base64") })).toThrow(ConfigError);
    expect(() => loadConfig({ SECRETS_KEY: "not base64!" })).toThrow(ConfigError);
  });
});
