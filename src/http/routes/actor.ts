/** The actor of a /data/** request: the gateway's scope plus the sandbox's id. */
import type { FastifyRequest } from "fastify";
import type { Actor } from "../../flowservice/actor.js";
import "../request-scope.js";
import { sandboxId } from "../../util/sandbox-id.js";

export function actorOf(request: FastifyRequest): Actor {
  const { clientId, imsOrgId, sandboxName } = request.scope;
  return { clientId, imsOrgId, sandboxName, sandboxId: sandboxId(imsOrgId, sandboxName) };
}

export type IdParams = { Params: { id: string } };
