export const FLOW_SERVICE = "/data/foundation/flowservice";
