/**
 * The standard behaviours and classes (adobe/xdm components/behaviors and components/classes):
 * record and time-series data, XDM Individual Profile and XDM ExperienceEvent.
 */
import { dateTime, suggested, text, uri } from "./fields.js";
import { BEHAVIOR, CLASS, FIELD_GROUP, type StandardSpec } from "./spec.js";

export const STANDARD_BEHAVIORS: readonly StandardSpec[] = [
  {
    $id: BEHAVIOR.record,
    title: "Record Schema",
    description: "Data that describes the attributes of a subject, such as a person or a product.",
    fields: { _id: uri("Identifier", { description: "A unique identifier for the record." }) },
  },
  {
    $id: BEHAVIOR.timeSeries,
    title: "Time-series Schema",
    description: "Data that captures a snapshot of the system at the time an action took place.",
    fields: {
      _id: uri("Identifier", { description: "A unique identifier for the time-series event." }),
      timestamp: dateTime("Timestamp", { description: "The time when an event or observation occurred, in RFC 3339 form." }),
      eventType: suggested("Event Type", {
        "advertising.clicks": "Advertising Clicks",
        "advertising.impressions": "Advertising Impressions",
        "application.launch": "Application Launch",
        "application.close": "Application Close",
        "commerce.checkouts": "Commerce Checkouts",
        "commerce.productListAdds": "Commerce Product List Adds",
        "commerce.productViews": "Commerce Product Views",
        "commerce.purchases": "Commerce Purchases",
        "directMarketing.emailClicked": "Direct Marketing Email Clicked",
        "directMarketing.emailOpened": "Direct Marketing Email Opened",
        "directMarketing.emailSent": "Direct Marketing Email Sent",
        "web.formFilledOut": "Web Form Filled Out",
        "web.webinteraction.linkClicks": "Web Webinteraction Link Clicks",
        "web.webpagedetails.pageViews": "Web Webpagedetails Page Views",
      }, { description: "The primary event type for this time-series record." }),
    },
  },
  {
    $id: BEHAVIOR.adhoc,
    title: "Ad Hoc Schema",
    description: "Data whose fields are known only when it arrives (ad hoc schemas of CSV files).",
    fields: {},
  },
];

export const STANDARD_CLASSES: readonly StandardSpec[] = [
  {
    $id: CLASS.profile,
    title: "XDM Individual Profile",
    description: "A singular representation of the attributes and interests of both identified and partially-identified individuals.",
    builtOn: [BEHAVIOR.record, FIELD_GROUP.auditable],
    fields: { personID: text("Person ID", { description: "Unique identifier of Person/Profile fragment." }) },
  },
  {
    $id: CLASS.experienceEvent,
    title: "XDM ExperienceEvent",
    description: "A time-series record of an event or situation an individual interacted with, and when.",
    builtOn: [BEHAVIOR.timeSeries, FIELD_GROUP.identityMap],
    fields: {
      eventMergeId: text("ExperienceEvent merge ID", { description: "An ID to correlate or merge multiple Experience Events together that are essentially the same event." }),
      producedBy: suggested(
        "Produced By",
        { self: "Self", system: "System", salesRef: "Sales Representative", customerRep: "Customer Representative" },
        { default: "self", description: "A value that describes the producer or origin of the event." },
      ),
    },
    required: ["_id", "timestamp"],
  },
];
