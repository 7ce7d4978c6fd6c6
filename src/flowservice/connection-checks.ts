/** The checks a connection's test makes: a cluster's in this order, a warehouse's workspace, token and warehouse. */
export const CONNECTION_CHECKS = ["workspace", "token", "cluster", "stagingSas", "database", "warehouse"] as const;

/** What a connection's test (GET /connections/{id}/test) answers for one of its checks. */
export interface ConnectionCheck {
  name: (typeof CONNECTION_CHECKS)[number];
  passed: boolean;
  message: string;
}
