/**
 * Names for the API's shapes. Every type here is derived from the generated OpenAPI schema, so a
 * backend change shows up as a type error instead of a runtime surprise.
 */
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type Me = Schemas["Me"];
export type AdminUser = Schemas["AdminUser"];
export type UserPage = Schemas["UserPage"];
export type ErrorBody = Schemas["ErrorBody"];
export type RegisterIn = Schemas["RegisterIn"];
export type LoginIn = Schemas["LoginIn"];
export type LoginOut = Schemas["LoginOut"];
export type UpdateMe = Schemas["UpdateMe"];
export type UpdateUser = Schemas["UpdateUser"];
export type SuspendIn = Schemas["SuspendIn"];
export type ChangePasswordIn = Schemas["ChangePasswordIn"];
export type ForgotPasswordIn = Schemas["ForgotPasswordIn"];
export type ResetPasswordIn = Schemas["ResetPasswordIn"];
export type VerifyEmailIn = Schemas["VerifyEmailIn"];

export type Role = Me["role"];
export type UserStatus = Me["status"];
export type SelfServiceRole = NonNullable<RegisterIn["role"]>;

export type ListUsersQuery = NonNullable<
  paths["/api/v1/admin/users"]["get"]["parameters"]["query"]
>;

// ---- marketplace --------------------------------------------------------------------------------

export type Catalog = Schemas["CatalogOut"];
export type Subject = Schemas["SubjectOut"];
export type Chapter = Schemas["ChapterOut"];
export type Topic = Schemas["TopicOut"];
export type SubjectIn = Schemas["SubjectIn"];
export type ChapterIn = Schemas["ChapterIn"];
export type TopicIn = Schemas["TopicIn"];
export type NodeUpdate = Schemas["NodeUpdate"];
export type ChapterUpdate = Schemas["ChapterUpdate"];

export type MentorProfile = Schemas["MentorProfileOut"];
export type MentorStatus = NonNullable<MentorProfile["status"]>;
export type OnboardingSteps = Schemas["Steps"];
export type MentorProfileUpdate = Schemas["MentorProfileUpdate"];
export type MentorDocument = Schemas["DocumentOut"];
export type PortfolioItem = Schemas["PortfolioItemOut"];
export type RatingSummary = Schemas["RatingSummary"];
export type MentorPage = Schemas["MentorPage"];
export type MentorCard = Schemas["MentorCardOut"];
export type MentorSearchPage = Schemas["MentorSearchPage"];
export type ExchangeRate = Schemas["ExchangeRateOut"];
export type PublicMentor = Schemas["PublicMentor"];
export type SignedLink = Schemas["LinkOut"];

export type Availability = Schemas["AvailabilityOut"];
export type AvailabilityIn = Schemas["AvailabilityIn"];
export type WeeklyWindow = Schemas["WeeklyWindowIO"];
export type DateOverride = Schemas["OverrideIO"];
export type TimeRange = Schemas["TimeRangeIO"];
export type Slots = Schemas["SlotsOut"];
export type SlotDay = Schemas["SlotDay"];
export type Slot = Schemas["SlotOut"];

export type SearchMentorsQuery = NonNullable<paths["/api/v1/mentors"]["get"]["parameters"]["query"]>;
export type MentorSort = NonNullable<SearchMentorsQuery["sort"]>;
export type MentorQueueQuery = NonNullable<paths["/api/v1/admin/mentors"]["get"]["parameters"]["query"]>;
