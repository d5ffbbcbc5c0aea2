import { Link, useLocation } from "react-router";
import { withNext } from "../../auth/next";
import { ButtonLink } from "../../components/ui/Button";
import { ArrowRightIcon, LockIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";

/** "Sign up to continue": both ways in bring the visitor back to this very page. */
export function SignUpPrompt({ title, text, className }: { title: string; text: string; className?: string }) {
  const location = useLocation();
  const here = `${location.pathname}${location.search}${location.hash}`;
  return (
    <section
      aria-label="Sign up to continue"
      className={cn("rounded-2xl bg-gradient-to-br from-brand-600 to-indigo-700 p-6 text-white shadow-lg sm:p-8", className)}
    >
      <div className="flex items-start gap-4">
        <span className="hidden size-11 shrink-0 items-center justify-center rounded-xl bg-white/15 sm:flex">
          <LockIcon size={22} />
        </span>
        <div className="min-w-0">
          <h2 className="text-xl font-semibold tracking-tight">{title}</h2>
          <p className="mt-2 text-[0.95rem] leading-7 text-brand-100">{text}</p>
          <div className="mt-5 flex flex-col gap-3 sm:flex-row sm:items-center">
            <ButtonLink to={withNext("/register", here)} variant="secondary" size="lg">
              Sign up to continue <ArrowRightIcon size={18} />
            </ButtonLink>
            <p className="text-sm text-brand-100">
              Already have an account?{" "}
              <Link to={withNext("/login", here)} className="font-semibold text-white underline underline-offset-2 hover:no-underline">
                Sign in
              </Link>
            </p>
          </div>
        </div>
      </div>
    </section>
  );
}
