import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useSettleTestPayoutAccount, useTestPayoutAccount, type TestAccountOutcome } from "../../api/payouts";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { AlertTriangleIcon, CheckCircleIcon, ShieldIcon } from "../../components/ui/icons";
import { EmptyState, ErrorState, LoadingState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { openUrl } from "../bookings/booking-format";
import { restrictionText } from "./payout-format";

const EARNINGS = "/mentor/earnings";

/**
 * The built-in test gateway's payout account setup: no bank details, just the outcome to
 * simulate (details confirmed, submitted without documents, or left unfinished); then back to
 * the earnings page.
 */
export default function TestPayoutAccountPage() {
  const { ref = "" } = useParams();
  const navigate = useNavigate();
  const account = useTestPayoutAccount(ref);
  const settle = useSettleTestPayoutAccount(ref);
  const [chosen, setChosen] = useState<TestAccountOutcome | null>(null);
  useDocumentTitle("Test payout account");
  const data = account.data;

  const back = (url: string | null | undefined) => openUrl(url ?? EARNINGS, (path) => void navigate(path, { replace: true }));
  const choose = (outcome: TestAccountOutcome) => {
    setChosen(outcome);
    settle.mutate(outcome, {
      onSuccess: (result) => back(result.redirect_url),
      onError: (failure) => {
        if (failure instanceof ApiError && failure.code === "payout_account_ready") void account.refetch();
      },
    });
  };

  const banner = (
    <div className="mb-6 flex items-center gap-2 rounded-xl bg-amber-50 px-4 py-3 text-sm font-semibold text-amber-900 ring-1 ring-amber-200 ring-inset">
      <AlertTriangleIcon size={18} className="shrink-0 text-amber-600" />
      Test payout account — no real money
    </div>
  );

  if (account.isPending) return <>{banner}<LoadingState label="Loading the payout setup…" /></>;
  if (account.isError || !data) {
    const missing = account.error instanceof ApiError && account.error.status === 404;
    return (
      <>
        {banner}
        {missing ? (
          <EmptyState title="This setup link isn't valid" description="Start the payout setup again from your earnings page." action={<ButtonLink to={EARNINGS}>Earnings</ButtonLink>} />
        ) : (
          <ErrorState error={account.error} title="We couldn't load this setup page" onRetry={() => void account.refetch()} />
        )}
      </>
    );
  }

  const busy = settle.isPending;
  const failure = settle.error && !(settle.error instanceof ApiError && settle.error.code === "payout_account_ready") ? settle.error : null;

  return (
    <>
      {banner}
      <section aria-labelledby="payout-title">
        <p className="text-sm font-medium text-brand-600">Mentora test gateway</p>
        <h1 id="payout-title" className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
          Set up your payout account
        </h1>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">E-mail</dt>
          <dd className="min-w-0 truncate font-medium text-slate-900">{data.email}</dd>
          <dt className="text-slate-500">Country</dt>
          <dd className="font-medium text-slate-900">{data.country}</dd>
        </dl>

        {data.state === "ready" ? (
          <Alert tone="success" className="mt-6" title="Payouts are enabled for this account">
            <ButtonLink to={EARNINGS} variant="subtle" size="sm" className="mt-2">Back to earnings</ButtonLink>
          </Alert>
        ) : (
          <div className="mt-6 space-y-3">
            {data.state === "restricted" ? (
              <Alert tone="warning" title="More information needed">{restrictionText(data.reason)}</Alert>
            ) : (
              <p className="text-sm leading-6 text-slate-600">
                A real payment provider would ask for your identity and bank details here. Choose what happens instead.
              </p>
            )}
            <Button className="w-full" size="lg" icon={<CheckCircleIcon size={16} />} onClick={() => choose("complete")} loading={busy && chosen === "complete"} disabled={busy}>
              Confirm details and enable payouts
            </Button>
            <Button className="w-full" variant="secondary" icon={<ShieldIcon size={16} />} onClick={() => choose("restrict")} loading={busy && chosen === "restrict"} disabled={busy}>
              Submit without the documents asked for
            </Button>
            <Button className="w-full" variant="ghost" onClick={() => choose("leave")} loading={busy && chosen === "leave"} disabled={busy}>
              Leave setup for now
            </Button>
          </div>
        )}
        {failure ? (
          <Alert tone="danger" role="alert" className="mt-4" title="That didn't work">
            {errorMessage(failure)}
          </Alert>
        ) : null}
      </section>
    </>
  );
}
