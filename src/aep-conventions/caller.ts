/**
 * Who calls, in which org and sandbox: what the gateway establishes for every /data/** request,
 * what every stored resource is scoped to and audited with. The one type for it.
 */
import type { FastifyRequest } from "fastify";
import { Errors } from "./errors/catalogue.js";
import { sandboxId } from "./sandbox-id.js";

export interface Caller {
  clientId: string;
  imsOrgId: string;
  sandboxName: string;
  sandboxId: string;
}

/** The part of a caller that scopes stored rows. */
export type CallerSandbox = Pick<Caller, "imsOrgId" | "sandboxName">;

declare module "fastify" {
  interface FastifyRequest {
    caller: Caller | undefined;
  }
}

export function newCaller(clientId: string, imsOrgId: string, sandboxName: string): Caller {
  return { clientId, imsOrgId, sandboxName, sandboxId: sandboxId(imsOrgId, sandboxName) };
}

/** The caller of a request; a route reached without the gateway's checks fails closed. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw Errors.tokenMissing();
  return request.caller;
}

/** The audit fields of every Flow Service entity (docs/api/conventions.md). There are no user tokens here: the client acts. */
export function auditFields(created: Caller, updated: Caller = created): Record<string, string> {
  return {
    createdBy: `${created.clientId}@AdobeID`,
    updatedBy: `${updated.clientId}@AdobeID`,
    createdClient: created.clientId,
    updatedClient: updated.clientId,
    sandboxId: created.sandboxId,
    sandboxName: created.sandboxName,
    imsOrgId: created.imsOrgId,
  };
}

export type IdParams = { Params: { id: string } };
