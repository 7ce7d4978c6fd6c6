/**
 * The SAS a landing zone hands out, in AEP's layout (docs/api/landing-zone.md#get-the-credentials):
 * version 2020-10-02, permissions racwdlm, and the container's stored access policy named by `si`,
 * which holds only the expiry, so that revoking the policy ends the token.
 */
import { ContainerSASPermissions, generateBlobSASQueryParameters, type StorageSharedKeyCredential } from "@azure/storage-blob";

const SAS_VERSION = "2020-10-02";
const SAS_PERMISSIONS = "racwdlm";

export function policySasToken(containerName: string, policyId: string, credential: StorageSharedKeyCredential): string {
  return generateBlobSASQueryParameters(
    { containerName, identifier: policyId, version: SAS_VERSION, permissions: ContainerSASPermissions.parse(SAS_PERMISSIONS) },
    credential,
  ).toString();
}
