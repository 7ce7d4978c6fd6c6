/** Who makes a request, in which org and sandbox: what every stored resource is scoped to and audited with. */
export interface Actor {
  clientId: string;
  imsOrgId: string;
  sandboxName: string;
  sandboxId: string;
}

/** The audit fields of every Flow Service entity (contract §1.3). There are no user tokens here: the client acts. */
export function auditFields(created: Actor, updated: Actor = created): Record<string, string> {
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
