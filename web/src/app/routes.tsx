import { lazy } from "react";
import { Route, Routes } from "react-router";
import { GuestOnly, RequireAuth, RequireRole } from "../auth/guards";
import { AdaptiveLayout } from "../components/layout/AdaptiveLayout";
import { AppShell } from "../components/layout/AppShell";
import { AuthLayout } from "../components/layout/AuthLayout";
import { PublicLayout } from "../components/layout/PublicLayout";
import { MemberOrPreview } from "../features/previews/MemberOrPreview";
import { WithFeature } from "./WithFeature";

const LandingPage = lazy(() => import("../features/landing/LandingPage"));
const LoginPage = lazy(() => import("../features/auth/LoginPage"));
const RegisterPage = lazy(() => import("../features/auth/RegisterPage"));
const LogoutPage = lazy(() => import("../features/auth/LogoutPage"));
const VerifyEmailPage = lazy(() => import("../features/auth/VerifyEmailPage"));
const ConfirmEmailChangePage = lazy(() => import("../features/account/ConfirmEmailChangePage"));
const ForgotPasswordPage = lazy(() => import("../features/auth/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("../features/auth/ResetPasswordPage"));
const DashboardPage = lazy(() => import("../features/dashboard/DashboardPage"));
const StudentAnalyticsPage = lazy(() => import("../features/dashboard/StudentAnalyticsPage"));
const SettingsPage = lazy(() => import("../features/account/SettingsPage"));
const AdminUsersPage = lazy(() => import("../features/admin/AdminUsersPage"));
const AdminUserDetailPage = lazy(() => import("../features/admin/AdminUserDetailPage"));
const FindMentorPage = lazy(() => import("../features/mentors/FindMentorPage"));
const MentorProfilePage = lazy(() => import("../features/mentors/MentorProfilePage"));
const OnboardingPage = lazy(() => import("../features/mentoring/OnboardingPage"));
const AvailabilityPage = lazy(() => import("../features/mentoring/AvailabilityPage"));
const BookingSettingsPage = lazy(() => import("../features/mentoring/BookingSettingsPage"));
const MentorCalendarPage = lazy(() => import("../features/mentoring/MentorCalendarPage"));
const EarningsPage = lazy(() => import("../features/earnings/EarningsPage"));
const ContentListPage = lazy(() => import("../features/workspace/ContentListPage"));
const NewContentPage = lazy(() => import("../features/workspace/NewContentPage"));
const EditContentPage = lazy(() => import("../features/workspace/EditContentPage"));
const StudentProfilePage = lazy(() => import("../features/profile/StudentProfilePage"));
const LeaderboardsPage = lazy(() => import("../features/progress/LeaderboardsPage"));
const AdminMentorsPage = lazy(() => import("../features/admin/AdminMentorsPage"));
const AdminMentorDetailPage = lazy(() => import("../features/admin/AdminMentorDetailPage"));
const AdminCatalogPage = lazy(() => import("../features/admin/AdminCatalogPage"));
const AdminExchangeRatesPage = lazy(() => import("../features/admin/AdminExchangeRatesPage"));
const AdminFinancePage = lazy(() => import("../features/admin/AdminFinancePage"));
const AdminDisputesPage = lazy(() => import("../features/admin/AdminDisputesPage"));
const AdminContentQueuePage = lazy(() => import("../features/admin/AdminContentQueuePage"));
const AdminContentReviewPage = lazy(() => import("../features/admin/AdminContentReviewPage"));
const AdminReviewsPage = lazy(() => import("../features/admin/AdminReviewsPage"));
const AdminForumFlagsPage = lazy(() => import("../features/admin/AdminForumFlagsPage"));
const AdminOperationsPage = lazy(() => import("../features/admin/AdminOperationsPage"));
const LearnPage = lazy(() => import("../features/learn/LearnPage"));
const SubjectPage = lazy(() => import("../features/learn/SubjectPage"));
const TopicPage = lazy(() => import("../features/learn/TopicPage"));
const LearnItemPage = lazy(() => import("../features/learn/LearnItemPage"));
const SearchPage = lazy(() => import("../features/search/SearchPage"));
const ForumIndexPage = lazy(() => import("../features/forum/ForumIndexPage"));
const NewThreadPage = lazy(() => import("../features/forum/NewThreadPage"));
const ThreadPage = lazy(() => import("../features/forum/ThreadPage"));
const ThreadRedirect = lazy(() => import("../features/forum/ThreadRedirect"));
const CoursesPage = lazy(() => import("../features/courses/CoursesPage"));
const CoursePage = lazy(() => import("../features/courses/CoursePage"));
const CertificatePage = lazy(() => import("../features/courses/CertificatePage"));
const MentorCoursesPage = lazy(() => import("../features/courses/MentorCoursesPage"));
const NewCoursePage = lazy(() => import("../features/courses/NewCoursePage"));
const EditCoursePage = lazy(() => import("../features/courses/EditCoursePage"));
const NotificationsPage = lazy(() => import("../features/notifications/NotificationsPage"));
const GroupSessionsPage = lazy(() => import("../features/mentoring/GroupSessionsPage"));
const MyGroupSeatsPage = lazy(() => import("../features/groups/MyGroupSeatsPage"));
const MySessionsPage = lazy(() => import("../features/bookings/MySessionsPage"));
const SessionPage = lazy(() => import("../features/bookings/SessionPage"));
const TestPaymentPage = lazy(() => import("../features/bookings/TestPaymentPage"));
const TestPayoutAccountPage = lazy(() => import("../features/earnings/TestPayoutAccountPage"));
const NotFoundPage = lazy(() => import("../features/errors/NotFoundPage"));
const CoursePreviewPage = lazy(() => import("../features/previews/CoursePreviewPage"));
const LessonPreviewPage = lazy(() => import("../features/previews/LessonPreviewPage"));
const TopicPreviewPage = lazy(() => import("../features/previews/TopicPreviewPage"));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<LandingPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>

      <Route element={<AuthLayout />}>
        <Route path="login" element={<GuestOnly><LoginPage /></GuestOnly>} />
        <Route path="register" element={<GuestOnly><RegisterPage /></GuestOnly>} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="confirm-email" element={<ConfirmEmailChangePage />} />
        <Route path="logout" element={<LogoutPage />} />
        {/* The built-in test gateway's payment page (the checkout reference is the key). */}
        <Route path="pay/test/:ref" element={<TestPaymentPage />} />
        {/* The built-in test gateway's payout account setup (the account reference is the key). */}
        <Route path="payouts/test/:ref" element={<TestPayoutAccountPage />} />
      </Route>

      <Route element={<AdaptiveLayout />}>
        <Route path="mentors" element={<FindMentorPage />} />
        <Route path="mentors/:mentorId" element={<MentorProfilePage />} />
        {/* The catalog is public; lessons need an account (the learning API requires one). */}
        <Route path="learn" element={<LearnPage />} />
        <Route path="learn/:subjectSlug" element={<SubjectPage />} />
        <Route path="search" element={<SearchPage />} />
        {/* Shared links: visitors get a preview and "sign up to continue", members the page. */}
        <Route path="learn/:subjectSlug/:topicSlug" element={<MemberOrPreview member={<TopicPage />} preview={<TopicPreviewPage />} />} />
        <Route path="learn/:subjectSlug/:topicSlug/:itemId" element={<MemberOrPreview member={<LearnItemPage />} preview={<LessonPreviewPage />} />} />
        <Route path="courses/:courseId" element={<MemberOrPreview member={<CoursePage />} preview={<CoursePreviewPage />} />} />
        <Route path="certificates/:code" element={<CertificatePage />} />
        {/* The forum is readable without an account; writing asks visitors to sign in. */}
        <Route path="forum" element={<ForumIndexPage />} />
        <Route path="forum/new" element={<NewThreadPage />} />
        <Route path="forum/t/:threadId" element={<ThreadPage />} />
        {/* The address notifications and e-mails link to. */}
        <Route path="forum/threads/:threadId" element={<ThreadRedirect />} />
      </Route>

      <Route element={<RequireAuth><AppShell /></RequireAuth>}>
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="dashboard/students/:studentId" element={<RequireRole roles={["mentor"]}><StudentAnalyticsPage /></RequireRole>} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="sessions" element={<RequireRole roles={["student", "mentor"]}><MySessionsPage /></RequireRole>} />
        <Route path="sessions/:sessionId" element={<RequireRole roles={["student", "mentor"]}><SessionPage /></RequireRole>} />
        <Route path="group-sessions" element={<RequireRole roles={["student"]}><WithFeature feature="group_sessions" otherwise={<NotFoundPage />}><MyGroupSeatsPage /></WithFeature></RequireRole>} />
        <Route path="profile" element={<RequireRole roles={["student"]}><StudentProfilePage /></RequireRole>} />
        <Route path="leaderboards" element={<LeaderboardsPage />} />
        <Route path="courses" element={<CoursesPage />} />
        <Route path="mentor">
          <Route path="onboarding" element={<RequireRole roles={["mentor"]}><OnboardingPage /></RequireRole>} />
          <Route path="availability" element={<RequireRole roles={["mentor"]}><AvailabilityPage /></RequireRole>} />
          <Route path="booking-settings" element={<RequireRole roles={["mentor"]}><BookingSettingsPage /></RequireRole>} />
          <Route path="calendar" element={<RequireRole roles={["mentor"]}><MentorCalendarPage /></RequireRole>} />
          <Route path="group-sessions" element={<RequireRole roles={["mentor"]}><WithFeature feature="group_sessions" otherwise={<NotFoundPage />}><GroupSessionsPage /></WithFeature></RequireRole>} />
          <Route path="earnings" element={<RequireRole roles={["mentor"]}><EarningsPage /></RequireRole>} />
          <Route path="content" element={<RequireRole roles={["mentor"]}><ContentListPage /></RequireRole>} />
          <Route path="content/new" element={<RequireRole roles={["mentor"]}><NewContentPage /></RequireRole>} />
          <Route path="content/:itemId" element={<RequireRole roles={["mentor"]}><EditContentPage /></RequireRole>} />
          <Route path="courses" element={<RequireRole roles={["mentor"]}><MentorCoursesPage /></RequireRole>} />
          <Route path="courses/new" element={<RequireRole roles={["mentor"]}><NewCoursePage /></RequireRole>} />
          <Route path="courses/:courseId" element={<RequireRole roles={["mentor"]}><EditCoursePage /></RequireRole>} />
          <Route path="*" element={<RequireRole roles={["mentor"]}><NotFoundPage /></RequireRole>} />
        </Route>
        <Route path="admin">
          <Route path="users" element={<RequireRole roles={["admin"]}><AdminUsersPage /></RequireRole>} />
          <Route path="users/:userId" element={<RequireRole roles={["admin"]}><AdminUserDetailPage /></RequireRole>} />
          <Route path="mentors" element={<RequireRole roles={["admin"]}><AdminMentorsPage /></RequireRole>} />
          <Route path="mentors/:mentorId" element={<RequireRole roles={["admin"]}><AdminMentorDetailPage /></RequireRole>} />
          <Route path="catalog" element={<RequireRole roles={["admin"]}><AdminCatalogPage /></RequireRole>} />
          <Route path="exchange-rates" element={<RequireRole roles={["admin"]}><AdminExchangeRatesPage /></RequireRole>} />
          <Route path="finance" element={<RequireRole roles={["admin"]}><AdminFinancePage /></RequireRole>} />
          <Route path="disputes" element={<RequireRole roles={["admin"]}><AdminDisputesPage /></RequireRole>} />
          <Route path="content" element={<RequireRole roles={["admin"]}><AdminContentQueuePage /></RequireRole>} />
          <Route path="content/:itemId" element={<RequireRole roles={["admin"]}><AdminContentReviewPage /></RequireRole>} />
          <Route path="reviews" element={<RequireRole roles={["admin"]}><AdminReviewsPage /></RequireRole>} />
          <Route path="forum" element={<RequireRole roles={["admin"]}><AdminForumFlagsPage /></RequireRole>} />
          <Route path="operations" element={<RequireRole roles={["admin"]}><AdminOperationsPage /></RequireRole>} />
          <Route path="*" element={<RequireRole roles={["admin"]}><NotFoundPage /></RequireRole>} />
        </Route>
      </Route>
    </Routes>
  );
}
