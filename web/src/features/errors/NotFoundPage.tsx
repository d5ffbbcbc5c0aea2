import { ButtonLink } from "../../components/ui/Button";
import { CompassIcon } from "../../components/ui/icons";
import { useSession } from "../../auth/session-context";
import { useDocumentTitle } from "../../lib/document-title";

export default function NotFoundPage() {
  useDocumentTitle("Page not found");
  const { user } = useSession();
  return (
    <section aria-labelledby="not-found-title" className="flex min-h-[70vh] flex-col items-center justify-center px-6 text-center">
      <div className="flex size-14 items-center justify-center rounded-2xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
        <CompassIcon size={28} />
      </div>
      <p className="mt-6 text-sm font-semibold tracking-wide text-brand-600 uppercase">404</p>
      <h1 id="not-found-title" className="mt-2 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
        We couldn't find that page
      </h1>
      <p className="mt-3 max-w-md text-[0.95rem] leading-7 text-slate-600">
        The link may be broken or the page may have moved.
      </p>
      <div className="mt-8">
        <ButtonLink to={user ? "/dashboard" : "/"}>{user ? "Back to your dashboard" : "Go to the home page"}</ButtonLink>
      </div>
    </section>
  );
}
