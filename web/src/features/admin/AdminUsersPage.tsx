import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useAdminUsers } from "../../api/queries";
import type { AdminUser } from "../../api/types";
import { Avatar } from "../../components/ui/Avatar";
import { RoleBadge, StatusBadge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { DataTable, type Column } from "../../components/ui/DataTable";
import { Select, TextField } from "../../components/ui/Field";
import { CheckCircleIcon, SearchIcon, UsersIcon, XIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Pagination } from "../../components/ui/Pagination";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate, formatRelative, ROLE_LABELS, STATUS_LABELS } from "../../lib/format";
import { queryFromParams, ROLE_OPTIONS, STATUS_OPTIONS, withFilter } from "./filters";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";

const columns: Array<Column<AdminUser>> = [
  {
    key: "user",
    header: "User",
    // Takes the spare width; `max-w-0` lets long names and addresses truncate instead of
    // widening the table.
    className: "w-full max-w-0",
    cell: (user) => (
      <div className="flex min-w-0 items-center gap-3">
        <Avatar name={user.display_name} seed={user.id} size="sm" />
        <div className="min-w-0">
          <Link
            to={`/admin/users/${user.id}`}
            className="block truncate font-medium text-slate-900 hover:text-brand-700 focus-visible:rounded"
            onClick={(event) => event.stopPropagation()}
          >
            {user.display_name}
          </Link>
          <p className="truncate text-xs text-slate-500">{user.email}</p>
          <div className="mt-1.5 flex gap-1.5 sm:hidden">
            <RoleBadge role={user.role} />
            <StatusBadge status={user.status} />
          </div>
        </div>
      </div>
    ),
  },
  { key: "role", header: "Role", cell: (user) => <RoleBadge role={user.role} />, hideBelow: "sm" },
  { key: "status", header: "Status", cell: (user) => <StatusBadge status={user.status} />, hideBelow: "sm" },
  {
    key: "verified",
    header: "E-mail",
    hideBelow: "lg",
    cell: (user) =>
      user.email_verified ? (
        <span className="inline-flex items-center gap-1.5 text-emerald-700">
          <CheckCircleIcon size={16} /> Verified
        </span>
      ) : (
        <span className="text-slate-500">Unverified</span>
      ),
  },
  { key: "joined", header: "Joined", hideBelow: "md", cell: (user) => <span className="whitespace-nowrap text-slate-600">{formatDate(user.created_at)}</span> },
  { key: "last_login", header: "Last sign-in", hideBelow: "lg", cell: (user) => <span className="whitespace-nowrap text-slate-600">{formatRelative(user.last_login_at)}</span> },
];

export default function AdminUsersPage() {
  useDocumentTitle("Users");
  const [params, setParams] = useSearchParamsUpdate();
  const navigate = useNavigate();
  const query = queryFromParams(params);
  const users = useAdminUsers(query);
  const [text, setText] = useState(query.q ?? "");
  const filtered = Boolean(query.q || query.role || query.status);

  // Search as you type, once typing pauses.
  useEffect(() => {
    if (text.trim() === (query.q ?? "")) return undefined;
    const timer = window.setTimeout(() => setParams((current) => withFilter(current, "q", text.trim() || null), { replace: true }), 300);
    return () => window.clearTimeout(timer);
  }, [text, query.q, setParams]);

  function clearFilters() {
    setText("");
    setParams(() => new URLSearchParams());
  }

  const total = users.data?.total ?? 0;

  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Users"
        description="Search every account, review mentors and students, and step in when something's wrong."
      />
      <Card className="overflow-hidden">
        <div className="flex flex-col gap-3 border-b border-slate-100 p-4 sm:p-5 lg:flex-row lg:items-end">
          <form role="search" className="flex-1" onSubmit={(event) => event.preventDefault()}>
            <TextField
              label="Search users"
              hideLabel
              type="search"
              placeholder="Search by name or e-mail"
              value={text}
              onChange={(event) => setText(event.target.value)}
              leading={<SearchIcon size={18} />}
              maxLength={200}
            />
          </form>
          <div className="grid grid-cols-2 gap-3 sm:flex">
            <label className="sr-only" htmlFor="role-filter">Role</label>
            <Select
              id="role-filter"
              value={query.role ?? ""}
              onChange={(event) => setParams((current) => withFilter(current, "role", event.target.value || null))}
              className="sm:w-40"
            >
              <option value="">All roles</option>
              {ROLE_OPTIONS.map((role) => (
                <option key={role} value={role}>{ROLE_LABELS[role]}</option>
              ))}
            </Select>
            <label className="sr-only" htmlFor="status-filter">Status</label>
            <Select
              id="status-filter"
              value={query.status ?? ""}
              onChange={(event) => setParams((current) => withFilter(current, "status", event.target.value || null))}
              className="sm:w-40"
            >
              <option value="">All statuses</option>
              {STATUS_OPTIONS.map((status) => (
                <option key={status} value={status}>{STATUS_LABELS[status]}</option>
              ))}
            </Select>
            {filtered ? (
              <Button variant="ghost" onClick={clearFilters} icon={<XIcon size={16} />} className="col-span-2">
                Clear
              </Button>
            ) : null}
          </div>
        </div>
        {users.isError ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <DataTable
            caption="Users"
            columns={columns}
            rows={users.data?.items}
            rowKey={(user) => user.id}
            loading={users.isFetching}
            onRowClick={(user) => void navigate(`/admin/users/${user.id}`)}
            empty={
              <EmptyState
                icon={<UsersIcon size={22} />}
                title={filtered ? "No users match these filters" : "No users yet"}
                description={filtered ? "Try a different search, or clear the filters to see everyone." : "People who sign up will appear here."}
                action={filtered ? <Button variant="secondary" onClick={clearFilters}>Clear filters</Button> : undefined}
              />
            }
          />
        )}
        {users.data && total > 0 ? (
          <div className="border-t border-slate-100 px-4 py-3 sm:px-6">
            <Pagination
              page={users.data.page}
              pageSize={users.data.page_size}
              total={total}
              noun={total === 1 ? "user" : "users"}
              onPageChange={(page) => setParams((current) => withFilter(current, "page", page))}
            />
          </div>
        ) : null}
      </Card>
    </>
  );
}
