import { ButtonLink } from "../../components/ui/Button";
import { ShieldOffIcon } from "../../components/ui/icons";
import { useDocumentTitle } from "../../lib/document-title";

/** Shown in place of a page the signed-in person's role may not open. */
export function NotAllowedPage() {
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
        This area is reserved for Mentora administrators. If you think you should have access, ask your administrator.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <ButtonLink to="/dashboard">Back to your dashboard</ButtonLink>
        <ButtonLink to="/settings" variant="secondary">Account settings</ButtonLink>
      </div>
    </section>
  );
}
