import type { Role } from "../../api/types";
import { ButtonLink } from "../../components/ui/Button";
import { ShieldOffIcon } from "../../components/ui/icons";
import { useDocumentTitle } from "../../lib/document-title";

const AUDIENCE: Record<Role, string> = {
  admin: "Mentora administrators",
  mentor: "mentors",
  student: "students",
};

function audience(roles: readonly Role[]): string {
  const names = roles.map((role) => AUDIENCE[role]);
  try {
    return new Intl.ListFormat("en", { type: "conjunction" }).format(names);
  } catch {
    return names.join(" and ");
  }
}

/** Shown in place of a page the signed-in person's role may not open. */
export function NotAllowedPage({ roles = ["admin"] }: { roles?: readonly Role[] }) {
  useDocumentTitle("Not allowed");
  return (
    <section aria-labelledby="not-allowed-title" className="flex min-h-[60vh] flex-col items-center justify-center px-6 text-center">
      <div className="flex size-14 items-center justify-center rounded-2xl bg-amber-50 text-amber-600 ring-1 ring-amber-100">
        <ShieldOffIcon size={28} />
      </div>
      <p className="mt-6 text-sm font-semibold tracking-wide text-amber-600 uppercase">403 · Not allowed</p>
      <h1 id="not-allowed-title" className="mt-2 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
        You don't have access to this page
      </h1>
      <p className="mt-3 max-w-md text-[0.95rem] leading-7 text-slate-600">
        This area is reserved for {audience(roles)}. If you think you should have access, contact our support team.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <ButtonLink to="/dashboard">Back to your dashboard</ButtonLink>
        <ButtonLink to="/settings" variant="secondary">Account settings</ButtonLink>
      </div>
    </section>
  );
}
