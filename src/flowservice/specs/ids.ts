/** AEP's fixed ids of the specs served here (docs/api/flowservice.md#connection-specs). */
export const DATABRICKS_SPEC_ID = "e9d7ec6b-0873-4e57-ad21-b3a7c65e310b";
/** ours: AEP has no Delta Sharing source spec of this shape */
export const DELTA_SHARING_SPEC_ID = "5d2f8e41-9c3a-4b7e-a1f6-0e8d7c6b5a49";
export const DATALAKE_SPEC_ID = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
export const CRM_TO_AEP_FLOW_SPEC_ID = "14518937-270c-4525-bdec-c2ba7cce3860";
export const SOURCES_PROVIDER_ID = "0ed90a81-07f4-4586-8190-b40eccef1c5a";
export const ACCESS_TOKEN_AUTH = "Access Token Authentication";
export const SHARING_PROFILE_AUTH = "Delta Sharing Profile Authentication";
export const OAUTH_M2M_AUTH = "OAuth Service Principal Authentication";
export const SPEC_VERSION = "1.0";

/** A spec version other than the one every spec here has, as `field` (connectionSpec.version, flowSpec.version) gave it. */
export function specVersionProblem(version: string, field = "connectionSpec.version"): string {
  return `${field} is ${JSON.stringify(version)}, and the spec's only version is ${SPEC_VERSION}: send "${SPEC_VERSION}" or leave it out`;
}
