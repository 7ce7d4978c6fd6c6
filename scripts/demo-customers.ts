/** How the demo maps demo.customers into XDM: the schema's fields and the mapping set's rules. */
export const CUSTOMER_FIELDS = {
  _id: { type: "string" },
  customerId: { type: "integer", "meta:xdmType": "long" },
  person: { type: "object", properties: { name: { type: "string" }, email: { type: "string" } } },
  country: { type: "string" },
  balance: { type: "number" },
  updatedAt: { type: "string", format: "date-time" },
};

export const CUSTOMER_MAPPINGS = [
  ["email", "_id"],
  ["id", "customerId"],
  ["name", "person.name"],
  ["email", "person.email"],
  ["country", "country"],
  ["balance", "balance"],
  ["updated_at", "updatedAt"],
].map(([sourceAttribute, destinationXdmPath]) => ({ sourceAttribute, destinationXdmPath }));

export const CUSTOMER_COLUMNS = ["id", "name", "email", "country", "balance", "updated_at"];
