import { describe, expect, it } from "vitest";
import { ProfileError, profileExpiry, readProfile } from "./profile.js";

const profile = { shareCredentialsVersion: 1, endpoint: "https://sharing.example.com/delta-sharing/", bearerToken: "t0ken", expirationTime: "2027-01-31T00:00:00.0Z" };

describe("a sharing profile", () => {
  it("is read from the profile file's JSON, the endpoint without its trailing slash", () => {
    expect(readProfile(JSON.stringify(profile))).toEqual({ ...profile, endpoint: "https://sharing.example.com/delta-sharing" });
    expect(readProfile({ ...profile, expirationTime: undefined })).toEqual({ shareCredentialsVersion: 1, endpoint: "https://sharing.example.com/delta-sharing", bearerToken: "t0ken" });
  });

  it("is refused naming the field that is wrong", () => {
    const refusal = (value: unknown) => {
      try {
        readProfile(value);
      } catch (error) {
        return error instanceof ProfileError ? [error.field, error.message] : ["?", String(error)];
      }
      return ["none", ""];
    };
    expect(refusal("{not json")[0]).toBe("profile");
    expect(refusal({ ...profile, shareCredentialsVersion: 2 })).toEqual(["shareCredentialsVersion", "shareCredentialsVersion 2 is not supported; this client reads version 1 profiles"]);
    expect(refusal({ ...profile, endpoint: "ftp://x" })[0]).toBe("endpoint");
    expect(refusal({ ...profile, endpoint: "not a url" })[0]).toBe("endpoint");
    expect(refusal({ ...profile, bearerToken: "" })[0]).toBe("bearerToken");
    expect(refusal({ ...profile, expirationTime: "next tuesday" })[0]).toBe("expirationTime");
    expect(refusal({ ...profile, extra: 1 })[0]).toBe("extra");
  });

  it("says when it expired, and nothing before", () => {
    const at = Date.parse("2027-01-31T00:00:00Z");
    expect(profileExpiry(profile, at - 1)).toBeUndefined();
    expect(profileExpiry(profile, at)).toContain("expired at 2027-01-31T00:00:00.000Z");
    expect(profileExpiry({}, at)).toBeUndefined();
  });
});
