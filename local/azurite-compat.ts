/**
 * Compatibility shim for the embedded Azurite only; the production path never loads this file.
 *
 * Azurite 3.35.0 (pinned in package.json, like every version up to at least 3.37.0) answers
 * HTTP 500 with an empty body to a container SAS whose permissions are in the token (`sp=racwdlm`)
 * while the stored access policy carries only the expiry, which is exactly the layout AEP issues
 * (it is an open Azurite bug). The cause is in BlobSASAuthenticator.validate: after the signature check
 * it copies start, expiry and permission from the policy without falling back to the token.
 *
 * The shim makes Azurite behave like Azure for stored access policies:
 * - a field absent from the policy is taken from the token (sp, st, se);
 * - a field present in both places is refused (403), as Azure does;
 * - at most 5 policies per container and ids of at most 64 characters (400), as Azure does.
 *
 * It reaches into Azurite's private dist files, hence the exact version pin. Remove it once
 * Azurite takes a SAS whose permissions are in the token and whose expiry is in its stored access
 * policy, and the pin is lifted.
 */
import { requireAzurite } from "./azurite-dist.js";


interface AzuriteRequest {
  getQuery(key: string): string | undefined;
}
interface AzuriteContext {
  contextId?: string;
}
interface AccessPolicy {
  start?: string;
  expiry?: string;
  permission?: string;
}

const POLICY_FIELD_TO_SAS_PARAM: ReadonlyArray<readonly [keyof AccessPolicy, string]> = [
  ["permission", "sp"],
  ["start", "st"],
  ["expiry", "se"],
];
const MAX_POLICIES_PER_CONTAINER = 5;
const MAX_POLICY_ID_LENGTH = 64;

let applied = false;

export function applyAzuriteCompatShim(): void {
  if (applied) return;
  applied = true;
  const Authenticator = requireAzurite("blob/authentication/BlobSASAuthenticator").default;
  const ContainerHandler = requireAzurite("blob/handlers/ContainerHandler").default;
  const StorageErrorFactory = requireAzurite("blob/errors/StorageErrorFactory").default;

  // The policy lookup does not receive the request, so remember it per request context.
  const requestOfContext = new WeakMap<AzuriteContext, AzuriteRequest>();
  const originalValidate = Authenticator.prototype.validate;
  Authenticator.prototype.validate = function (req: AzuriteRequest, context: AzuriteContext) {
    requestOfContext.set(context, req);
    return originalValidate.call(this, req, context);
  };

  const originalLookup = Authenticator.prototype.getContainerAccessPolicyByIdentifier;
  Authenticator.prototype.getContainerAccessPolicyByIdentifier = async function (
    account: string,
    container: string,
    id: string,
    context: AzuriteContext,
  ): Promise<AccessPolicy | undefined> {
    const policy: AccessPolicy | undefined = await originalLookup.call(this, account, container, id, context);
    if (policy === undefined) return undefined; // revoked: Azurite answers 403
    const req = requestOfContext.get(context);
    const fromToken = (param: string) => {
      const raw = req?.getQuery(param);
      return raw === undefined ? undefined : decodeURIComponent(raw);
    };
    const effective: AccessPolicy = { ...policy };
    for (const [field, param] of POLICY_FIELD_TO_SAS_PARAM) {
      const inPolicy = policy[field] !== undefined && policy[field] !== "";
      const inToken = fromToken(param) !== undefined;
      if (inPolicy && inToken) throw StorageErrorFactory.getAuthorizationFailure(context.contextId);
      if (!inPolicy) effective[field] = fromToken(param);
    }
    if (!effective.permission || !effective.expiry) {
      throw StorageErrorFactory.getAuthorizationFailure(context.contextId);
    }
    return effective;
  };

  const originalSetAccessPolicy = ContainerHandler.prototype.setAccessPolicy;
  ContainerHandler.prototype.setAccessPolicy = async function (
    options: { containerAcl?: Array<{ id?: string }> },
    context: AzuriteContext,
  ) {
    const acl = options.containerAcl ?? [];
    const invalid =
      acl.length > MAX_POLICIES_PER_CONTAINER ||
      acl.some((entry) => !entry.id || entry.id.length > MAX_POLICY_ID_LENGTH);
    if (invalid) throw StorageErrorFactory.getInvalidXmlDocument(context.contextId);
    return originalSetAccessPolicy.call(this, options, context);
  };
}
