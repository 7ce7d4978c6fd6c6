/** What a Delta Sharing server or a pre-signed URL answered, when it was not what was asked for. */
export class DeltaSharingError extends Error {}

/** The server answered with the protocol's error body (or at least an error status). */
export class SharingApiError extends DeltaSharingError {
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly detail: string,
    readonly operation: string,
  ) {
    super(`${operation}: the sharing server answered HTTP ${status}${errorCode ? ` ${errorCode}` : ""}: ${detail}`);
  }
  get isAuthentication(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** The server could not be reached, or did not answer in time. */
export class SharingUnreachableError extends DeltaSharingError {}

/** A pre-signed file URL did not give the file (expired while earlier files downloaded, or the file is gone): asking again gives fresh URLs. */
export class FileDownloadError extends DeltaSharingError {
  constructor(
    message: string,
    /** what the URL answered */
    readonly status: number,
  ) {
    super(message);
  }
  /** the storage has no such file: an expired or refused URL answers 403 */
  get isGone(): boolean {
    return this.status === 404;
  }
}

/** The profile expired: nothing is sent to the server. */
export class ProfileExpiredError extends DeltaSharingError {}
