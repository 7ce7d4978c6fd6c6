/** What the gateway establishes about a /data/** request: who calls, for which org and sandbox. */
export interface RequestScope {
  clientId: string;
  imsOrgId: string;
  sandboxName: string;
}

declare module "fastify" {
  interface FastifyRequest {
    scope: RequestScope;
  }
}
