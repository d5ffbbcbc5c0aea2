import type { ReactNode } from "react";
import { useNavigate } from "react-router";
import { useMentorQueueCount } from "../../api/admin-marketplace";
import { useAdminUserCount, useAdminUsers } from "../../api/queries";
import type { AdminUser } from "../../api/types";
import { useUser } from "../../auth/session-context";
import { Avatar } from "../../components/ui/Avatar";
import { RoleBadge, StatusBadge } from "../../components/ui/Badge";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { DataTable, type Column } from "../../components/ui/DataTable";
import { AlertTriangleIcon, ArrowRightIcon, GraduationCapIcon, SparklesIcon, UserCheckIcon, UsersIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { formatRelative } from "../../lib/format";
import { firstName, greeting, hourIn } from "./greeting";
import { StatCard } from "./StatCard";

const numberFormat = new Intl.NumberFormat();

function Count({ query, label, icon, to, hint }: { query: Parameters<typeof useAdminUserCount>[0]; label: string; icon: ReactNode; to: string; hint: string }) {
  const count = useAdminUserCount(query);
  return (
    <StatCard
      label={label}
      icon={icon}
      to={to}
      hint={hint}
      loading={count.isPending}
      value={count.isError ? "—" : numberFormat.format(count.data ?? 0)}
    />
  );
}

const columns: Array<Column<AdminUser>> = [
  {
    key: "name",
    header: "User",
    className: "w-full max-w-0",
    cell: (user) => (
      <div className="flex items-center gap-3">
        <Avatar name={user.display_name} seed={user.id} size="sm" />
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900">{user.display_name}</p>
          <p className="truncate text-xs text-slate-500">{user.email}</p>
        </div>
      </div>
    ),
  },
  { key: "role", header: "Role", cell: (user) => <RoleBadge role={user.role} />, hideBelow: "sm" },
  { key: "status", header: "Status", cell: (user) => <StatusBadge status={user.status} />, hideBelow: "md" },
  { key: "joined", header: "Joined", cell: (user) => <span className="text-slate-500">{formatRelative(user.created_at)}</span>, hideBelow: "sm" },
];

export function AdminHome() {
  const user = useUser();
  const navigate = useNavigate();
  const recent = useAdminUsers({ page: 1, page_size: 5 });
  const waiting = useMentorQueueCount("submitted");
  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title={`${greeting(hourIn(user.timezone))}, ${firstName(user.display_name)}`}
        description="An overview of the people on Mentora and what needs your attention."
        actions={<ButtonLink to="/admin/users" icon={<UsersIcon size={18} />}>Manage users</ButtonLink>}
      />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Count query={{}} label="All users" icon={<UsersIcon size={18} />} to="/admin/users" hint="Every account, any status" />
        <Count query={{ role: "student" }} label="Students" icon={<GraduationCapIcon size={18} />} to="/admin/users?role=student" hint="Learners on the platform" />
        <Count query={{ role: "mentor" }} label="Mentors" icon={<SparklesIcon size={18} />} to="/admin/users?role=mentor" hint="Applicants and verified mentors" />
        <Count query={{ status: "suspended" }} label="Suspended" icon={<AlertTriangleIcon size={18} />} to="/admin/users?status=suspended" hint="Accounts that can't sign in" />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <Card className="overflow-hidden lg:col-span-3">
          <CardHeader
            title="Newest members"
            description="The latest sign-ups across all roles."
            action={<ButtonLink to="/admin/users" variant="ghost" size="sm">View all <ArrowRightIcon size={16} /></ButtonLink>}
          />
          {recent.isError ? (
            <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
          ) : (
            <DataTable
              caption="Newest members"
              columns={columns}
              rows={recent.data?.items}
              rowKey={(row) => row.id}
              loading={recent.isPending}
              skeletonRows={5}
              onRowClick={(row) => void navigate(`/admin/users/${row.id}`)}
              empty={<EmptyState title="No members yet" description="New sign-ups will appear here." />}
            />
          )}
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader title="Review applicants" description="Mentors waiting for a verification decision." />
          <EmptyState
            icon={<UserCheckIcon size={22} />}
            title={
              waiting.isPending
                ? "Checking applications…"
                : waiting.isError
                  ? "Applications"
                  : waiting.data === 0
                    ? "No applications waiting"
                    : `${numberFormat.format(waiting.data)} application${waiting.data === 1 ? "" : "s"} waiting`
            }
            description={
              waiting.data === 0
                ? "You're all caught up. New applications appear in the queue as soon as mentors submit them."
                : "Check each applicant's documents and topics, then verify them or ask for changes. Oldest first."
            }
            action={
              <ButtonLink to="/admin/mentors" variant={waiting.data ? "primary" : "secondary"}>
                {waiting.data ? "Review applications" : "Open the queue"}
              </ButtonLink>
            }
          />
        </Card>
      </div>
    </>
  );
}
