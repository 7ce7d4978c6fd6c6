import type { StorageRefusal } from "./storage-refusal.js";

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
    // a 2xx is an answer the service cannot use, not a refusal: its status says nothing to fix
    super(status >= 200 && status < 300 ? `${operation}: the sharing server's answer cannot be used: ${detail}` : `${operation}: the sharing server answered HTTP ${status}${errorCode ? ` ${errorCode}` : ""}: ${detail}`);
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
    /** what S3's error body said, for a 403 that carried one (storage-refusal.ts) */
    readonly refusal?: StorageRefusal,
    /** whether the URL was a fresh one, asked for after an earlier URL of the file was refused */
    readonly withFreshUrl = false,
  ) {
    super(message);
  }
  /**
   * The storage has no such file: a 404, or S3's AccessDenied (not about expiry) to a fresh URL as
   * well, which is what S3 answers for a missing object when the URL's signer may not list the bucket.
   */
  get isGone(): boolean {
    return this.status === 404 || (this.withFreshUrl && this.refusal === "missing-or-denied");
  }
  /** a refusal a fresh URL may not get: an expired URL, or one signed before the storage's keys changed */
  get mayPassWithFreshUrl(): boolean {
    return this.status === 403 && !this.withFreshUrl;
  }
}

/** The profile expired: nothing is sent to the server. */
export class ProfileExpiredError extends DeltaSharingError {}
