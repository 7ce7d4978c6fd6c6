/** The few JSON-schema shapes the specs are written in. */
export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

export const objectSchema = (description: string, properties: Record<string, unknown>, required: string[] = []) => ({
  $schema: DRAFT_07,
  type: "object",
  description,
  properties,
  ...(required.length > 0 ? { required } : {}),
});

export const PERMISSIONS = {
  view: [{ "@type": "lowLevel", name: "EnterpriseSource", permissions: ["read"] }],
  manage: [{ "@type": "lowLevel", name: "EnterpriseSource", permissions: ["write"] }],
};
