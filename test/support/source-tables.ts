/** XDM schemas and mapping sets for the source tables the run tests create or change. */

/** demo.orders (order_id, amount, status), the CDC tests' table */
export const orderSchema = {
  title: "Orders",
  type: "object",
  properties: {
    _id: { type: "string" },
    orderId: { type: "integer", "meta:xdmType": "long" },
    amount: { type: "number" },
    status: { type: "string" },
  },
};
export const orderMappings = [
  { sourceAttribute: "order_id", destinationXdmPath: "_id" },
  { sourceAttribute: "order_id", destinationXdmPath: "orderId" },
  { sourceAttribute: "amount", destinationXdmPath: "amount" },
  { sourceAttribute: "status", destinationXdmPath: "status" },
];

/** a ticks table (id, ts): a few rows per schedule window, for the crash and two-host tests */
export const tickSchema = {
  title: "Ticks",
  type: "object",
  properties: { _id: { type: "string" }, tickId: { type: "integer", "meta:xdmType": "long" }, at: { type: "string", format: "date-time" } },
};
export const tickMappings = [
  { sourceAttribute: "id", destinationXdmPath: "_id" },
  { sourceAttribute: "id", destinationXdmPath: "tickId" },
  { sourceAttribute: "ts", destinationXdmPath: "at" },
];
