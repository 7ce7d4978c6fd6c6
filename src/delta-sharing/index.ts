export { readProfile, profileExpiry, ProfileError, type SharingProfile } from "./profile.js";
export { DeltaSharingClient, type ClientOptions, type SharedTableName, type SharedFile, type ChangeFile, type SharedMetadata } from "./client.js";
export { DeltaSharingError, SharingApiError, SharingUnreachableError, ProfileExpiredError, FileDownloadError } from "./errors.js";
export { readSharedVersion, readSharedFiles, readSharedChanges, mayHoldRange, type SharedRead, type SharedFilesRead } from "./reader.js";
export { withVariantsAsJson } from "./variant-rows.js";
