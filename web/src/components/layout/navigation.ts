import type { ComponentType } from "react";
import type { PlatformFeatures } from "../../api/platform";
import type { Role } from "../../api/types";
import {
  ActivityIcon,
  BarChartIcon,
  BookOpenIcon,
  CalendarIcon,
  ClockIcon,
  CompassIcon,
  GraduationCapIcon,
  HomeIcon,
  LayersIcon,
  LibraryIcon,
  MessageIcon,
  RouteIcon,
  ScaleIcon,
  SettingsIcon,
  ShieldIcon,
  StarIcon,
  TrophyIcon,
  TrendingUpIcon,
  UserCheckIcon,
  UserIcon,
  UsersIcon,
  type IconProps,
} from "../ui/icons";

export interface NavItem {
  label: string;
  icon: ComponentType<IconProps>;
  /** Absent for features that are announced but not open yet. */
  to?: string;
  end?: boolean;
}

export interface NavSection {
  title?: string;
  items: NavItem[];
}

const account: NavSection = {
  title: "Account",
  items: [{ label: "Settings", to: "/settings", icon: SettingsIcon }],
};

/** What each role sees in the app's navigation; an optional feature only while it is on. */
export function navigationFor(role: Role, features: PlatformFeatures = { group_sessions: false }): NavSection[] {
  const groups = features.group_sessions;
  switch (role) {
    case "student":
      return [
        {
          items: [
            { label: "Home", to: "/dashboard", icon: HomeIcon, end: true },
            { label: "Find a mentor", to: "/mentors", icon: CompassIcon },
            { label: "Learn", to: "/learn", icon: GraduationCapIcon },
            { label: "Courses", to: "/courses", icon: LibraryIcon },
            { label: "Leaderboards", to: "/leaderboards", icon: TrophyIcon },
            { label: "Forum", to: "/forum", icon: MessageIcon },
            { label: "My sessions", to: "/sessions", icon: CalendarIcon },
            ...(groups ? [{ label: "Group sessions", to: "/group-sessions", icon: UsersIcon }] : []),
          ],
        },
        {
          title: "Account",
          items: [
            { label: "My profile", to: "/profile", icon: UserIcon },
            { label: "Settings", to: "/settings", icon: SettingsIcon },
          ],
        },
      ];
    case "mentor":
      return [
        {
          items: [
            { label: "Home", to: "/dashboard", icon: HomeIcon, end: true },
            { label: "Learn", to: "/learn", icon: GraduationCapIcon },
            { label: "Courses", to: "/courses", icon: LibraryIcon },
            { label: "Forum", to: "/forum", icon: MessageIcon },
            { label: "Mentor profile", to: "/mentor/onboarding", icon: UserIcon },
            { label: "My sessions", to: "/sessions", icon: CalendarIcon },
            { label: "Calendar", to: "/mentor/calendar", icon: CalendarIcon },
            ...(groups ? [{ label: "Group sessions", to: "/mentor/group-sessions", icon: UsersIcon }] : []),
            { label: "Availability", to: "/mentor/availability", icon: ClockIcon },
            { label: "Booking settings", to: "/mentor/booking-settings", icon: SettingsIcon },
            { label: "Earnings", to: "/mentor/earnings", icon: TrendingUpIcon },
            { label: "My content", to: "/mentor/content", icon: BookOpenIcon },
            { label: "My courses", to: "/mentor/courses", icon: RouteIcon },
          ],
        },
        account,
      ];
    case "admin":
      return [
        {
          items: [
            { label: "Overview", to: "/dashboard", icon: HomeIcon, end: true },
            { label: "Learn", to: "/learn", icon: GraduationCapIcon },
            { label: "Courses", to: "/courses", icon: LibraryIcon },
            { label: "Forum", to: "/forum", icon: MessageIcon },
          ],
        },
        {
          title: "Administration",
          items: [
            { label: "Users", to: "/admin/users", icon: UsersIcon },
            { label: "Applications", to: "/admin/mentors", icon: UserCheckIcon },
            { label: "Content review", to: "/admin/content", icon: ShieldIcon },
            { label: "Reviews", to: "/admin/reviews", icon: StarIcon },
            { label: "Forum moderation", to: "/admin/forum", icon: MessageIcon },
            { label: "Catalog", to: "/admin/catalog", icon: LayersIcon },
            { label: "Exchange rates", to: "/admin/exchange-rates", icon: TrendingUpIcon },
            { label: "Finance", to: "/admin/finance", icon: BarChartIcon },
            { label: "Disputes", to: "/admin/disputes", icon: ScaleIcon },
            { label: "Operations", to: "/admin/operations", icon: ActivityIcon },
          ],
        },
        account,
      ];
  }
}
