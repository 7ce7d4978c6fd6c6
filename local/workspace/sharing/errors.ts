/**
 * Delta Sharing's error body, `{"errorCode", "message"}` with the protocol's statuses (400 malformed,
 * 401 unauthenticated, 403 forbidden, 404 not found), as its PROTOCOL.md documents for every call.
 * The codes are the ones Databricks' sharing server answers with.
 */
export class SharingError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
  toBody(): { errorCode: string; message: string } {
    return { errorCode: this.errorCode, message: this.message };
  }
}

export const sharingErrors = {
  unauthenticated: () => new SharingError(401, "UNAUTHENTICATED", "The bearer token is missing or incorrect."),
  tokenExpired: (recipient: string, expiresAt: number) =>
    new SharingError(401, "UNAUTHENTICATED", `The bearer token of recipient ${recipient} expired at ${new Date(expiresAt).toISOString()}; ask the provider for a new profile.`),
  shareNotFound: (share: string) => new SharingError(404, "RESOURCE_DOES_NOT_EXIST", `Share '${share}' does not exist or you do not have access to it.`),
  schemaNotFound: (share: string, schema: string) => new SharingError(404, "RESOURCE_DOES_NOT_EXIST", `Schema '${schema}' does not exist in share '${share}'.`),
  tableNotFound: (share: string, schema: string, table: string) =>
    new SharingError(404, "RESOURCE_DOES_NOT_EXIST", `Table '${table}' does not exist in schema '${schema}' of share '${share}'.`),
  invalidParameter: (detail: string) => new SharingError(400, "INVALID_PARAMETER_VALUE", detail),
  unsupportedTable: (detail: string) => new SharingError(400, "INVALID_PARAMETER_VALUE", detail),
  cdfNotEnabled: (table: string) =>
    new SharingError(400, "INVALID_PARAMETER_VALUE", `cdf is not enabled on table ${table}: set delta.enableChangeDataFeed = true on it to share its changes.`),
  versionNotFound: (detail: string) => new SharingError(400, "INVALID_PARAMETER_VALUE", detail),
  fileUrlRefused: (why: string) => new SharingError(403, "PERMISSION_DENIED", why),
};
