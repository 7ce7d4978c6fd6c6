/** How one standard resource is written down (behaviours.ts, classes.ts, datatypes.ts, fieldgroups.ts). */
import type { Fields } from "./fields.js";

export interface StandardSpec {
  $id: string;
  title: string;
  description: string;
  /** the behaviours, classes or field groups whose fields it takes, before its own (its `allOf`) */
  builtOn?: readonly string[];
  /** what `meta:extends` lists, when it is not `builtOn` */
  extends?: readonly string[];
  /** field groups: the classes they are meant for */
  intendedToExtend?: readonly string[];
  /** its own fields, in compatibility mode */
  fields: Fields;
  /** paths of its fields every record must have */
  required?: readonly string[];
}

export const BEHAVIOR = {
  record: "https://ns.adobe.com/xdm/data/record",
  timeSeries: "https://ns.adobe.com/xdm/data/time-series",
  adhoc: "https://ns.adobe.com/xdm/data/adhoc",
} as const;

/** What a model-based schema (fields of its own, no class) names in `meta:extends`, as AEP's model-based schemas do. */
export const MODEL_BASED = "https://ns.adobe.com/xdm/data/adhoc-v2";
/** A model-based schema's `meta:behaviorType`. */
export const BEHAVIOR_TYPES = ["record", "time-series"] as const;

export const CLASS = {
  profile: "https://ns.adobe.com/xdm/context/profile",
  experienceEvent: "https://ns.adobe.com/xdm/context/experienceevent",
} as const;

export const DATA_TYPE = {
  person: "https://ns.adobe.com/xdm/context/person",
  personName: "https://ns.adobe.com/xdm/context/person-name",
  address: "https://ns.adobe.com/xdm/common/address",
  email: "https://ns.adobe.com/xdm/context/emailaddress",
  phone: "https://ns.adobe.com/xdm/context/phonenumber",
  identityItem: "https://ns.adobe.com/xdm/context/identityitem",
} as const;

export const FIELD_GROUP = {
  auditable: "https://ns.adobe.com/xdm/common/auditable",
  identityMap: "https://ns.adobe.com/xdm/context/identitymap",
  demographicDetails: "https://ns.adobe.com/xdm/context/profile-person-details",
  personalContactDetails: "https://ns.adobe.com/xdm/context/profile-personal-details",
  workContactDetails: "https://ns.adobe.com/xdm/context/profile-work-details",
  consents: "https://ns.adobe.com/xdm/mixins/profile-consents",
  loyaltyDetails: "https://ns.adobe.com/xdm/mixins/profile/profile-loyalty-details",
  segmentMembership: "https://ns.adobe.com/xdm/context/profile-segmentation",
  environmentDetails: "https://ns.adobe.com/xdm/context/experienceevent-environment-details",
  webDetails: "https://ns.adobe.com/xdm/context/experienceevent-web",
  endUserIds: "https://ns.adobe.com/xdm/context/experienceevent-enduserids",
  commerceDetails: "https://ns.adobe.com/xdm/context/experienceevent-commerce",
  implementationDetails: "https://ns.adobe.com/xdm/context/experienceevent-implementation-details",
} as const;
