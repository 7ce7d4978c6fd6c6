/** Calls and bodies the Schema Registry suites share. */
import { expect } from "vitest";
import { call, withUniqueTitle } from "../support/aep-calls.js";
import type { TestSystem } from "../support/system.js";

export const REGISTRY = "/data/foundation/schemaregistry";
export const XED_FULL = "application/vnd.adobe.xed-full+json; version=1";
export const XED = "application/vnd.adobe.xed+json; version=1";
export const PROFILE = "https://ns.adobe.com/xdm/context/profile";
export const EXPERIENCE_EVENT = "https://ns.adobe.com/xdm/context/experienceevent";
export const RECORD = "https://ns.adobe.com/xdm/data/record";
export const DEMOGRAPHIC_DETAILS = "https://ns.adobe.com/xdm/context/profile-person-details";
export const PERSONAL_CONTACT_DETAILS = "https://ns.adobe.com/xdm/context/profile-personal-details";
export const IDENTITY_MAP = "https://ns.adobe.com/xdm/context/identitymap";
/** the tenant of TEST@AdobeOrg */
export const TENANT = "_test";

export const encoded = (id: string) => encodeURIComponent(id);

/** POSTs a tenant resource and answers it; fails the test unless it is created. */
export async function createTenantResource(system: TestSystem, segment: string, body: unknown): Promise<any> {
  const reply = await call(system, "POST", `${REGISTRY}/tenant/${segment}`, { body: withUniqueTitle(body as object) });
  expect(reply.status, reply.text).toBe(201);
  return reply.body;
}

export const loyaltyDataType = {
  title: "Loyalty",
  description: "A loyalty program membership",
  type: "object",
  definitions: {
    loyalty: {
      properties: {
        tier: { title: "Tier", type: "string" },
        points: { title: "Points", type: "integer" },
        since: { title: "Member since", type: "string", format: "date" },
      },
    },
  },
  allOf: [{ $ref: "#/definitions/loyalty" }],
};

/** A field group for Profile schemas whose one field, `_test.loyalty`, is the data type. */
export function loyaltyFieldGroup(dataTypeId: string, title = "Loyalty membership") {
  return {
    title,
    type: "object",
    "meta:intendedToExtend": [PROFILE],
    definitions: { membership: { properties: { [TENANT]: { type: "object", properties: { loyalty: { title: "Loyalty", $ref: dataTypeId } } } } } },
    allOf: [{ $ref: "#/definitions/membership" }],
  };
}

/** A Profile schema of the class and these field groups. */
export function profileSchema(title: string, fieldGroups: readonly string[]) {
  return { type: "object", title, allOf: [{ $ref: PROFILE }, ...fieldGroups.map(($ref) => ({ $ref }))] };
}

/** A custom identity namespace of this code (idType CROSS_DEVICE), for the descriptors that name it. */
export async function createIdentityNamespace(system: TestSystem, code: string): Promise<void> {
  const reply = await call(system, "POST", "/data/core/idnamespace/identities", { body: { name: code, code, idType: "CROSS_DEVICE" } });
  if (reply.status !== 200) throw new Error(`namespace ${code}: ${reply.text}`);
}
