import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { useSettleTestCheckout, useTestCheckout, type TestOutcome } from "../../api/bookings";
import { ApiError } from "../../api/errors";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { AlertTriangleIcon, ClockIcon, LockIcon, ShieldIcon } from "../../components/ui/icons";
import { EmptyState, ErrorState, LoadingState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatMoney } from "../../lib/money";
import { formatCountdown, openUrl, useNow } from "./booking-format";

/**
 * The built-in test gateway's payment page: no card details, just the outcome to simulate
 * (paid, paid after a 3-D Secure step, declined, abandoned); then back to the platform.
 */
export default function TestPaymentPage() {
  const { ref = "" } = useParams();
  const navigate = useNavigate();
  const checkout = useTestCheckout(ref);
  const settle = useSettleTestCheckout(ref);
  const [step, setStep] = useState<"choose" | "bank">("choose");
  const [declined, setDeclined] = useState(false);
  const [chosen, setChosen] = useState<TestOutcome | null>(null);
  const data = checkout.data;
  const now = useNow(data?.status === "open");
  useDocumentTitle("Test payment");

  const choose = (outcome: TestOutcome) => {
    setChosen(outcome);
    setDeclined(false);
    settle.mutate(outcome, {
      onSuccess: (result) => {
        if (result.declined) {
          setDeclined(true);
          setStep("choose");
        } else if (result.redirect_url) {
          openUrl(result.redirect_url, (path) => void navigate(path, { replace: true }));
        }
      },
      onError: (failure) => {
        if (failure instanceof ApiError && failure.code === "checkout_closed") void checkout.refetch();
      },
    });
  };

  const banner = (
    <div className="mb-6 flex items-center gap-2 rounded-xl bg-amber-50 px-4 py-3 text-sm font-semibold text-amber-900 ring-1 ring-amber-200 ring-inset">
      <AlertTriangleIcon size={18} className="shrink-0 text-amber-600" />
      Test payment — no real money
    </div>
  );

  if (checkout.isPending) return <>{banner}<LoadingState label="Loading the payment…" /></>;
  if (checkout.isError || !data) {
    const missing = checkout.error instanceof ApiError && checkout.error.status === 404;
    return (
      <>
        {banner}
        {missing ? (
          <EmptyState title="This payment link isn't valid" description="Start the booking again from the mentor's profile." action={<ButtonLink to="/sessions">My sessions</ButtonLink>} />
        ) : (
          <ErrorState error={checkout.error} title="We couldn't load this payment" onRetry={() => void checkout.refetch()} />
        )}
      </>
    );
  }

  const expired = data.status === "expired" || (data.status === "open" && new Date(data.expires_at).getTime() <= now);
  const busy = settle.isPending;
  const failure = settle.error && !(settle.error instanceof ApiError && settle.error.code === "checkout_closed") ? settle.error : null;

  return (
    <>
      {banner}
      <section aria-labelledby="pay-title">
        <p className="text-sm font-medium text-brand-600">Mentora test gateway</p>
        <h1 id="pay-title" className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
          Pay <span className="tabular-nums">{formatMoney(data.amount, data.currency)}</span>
        </h1>
        <p className="mt-2 text-sm leading-6 text-slate-600">{data.description}</p>

        {data.status === "paid" ? (
          <Alert tone="success" className="mt-6" title="This payment is complete">
            <ButtonLink to="/sessions" variant="subtle" size="sm" className="mt-2">My sessions</ButtonLink>
          </Alert>
        ) : expired ? (
          <Alert tone="warning" className="mt-6" title="This payment has expired">
            The time held for it ran out, so the slot was released. Pick a time again on the mentor's profile.
            <div className="mt-2">
              <Button variant="subtle" size="sm" onClick={() => openUrl(data.cancel_url, (path) => void navigate(path, { replace: true }))}>
                Back to Mentora
              </Button>
            </div>
          </Alert>
        ) : step === "bank" ? (
          <div className="mt-6 rounded-2xl p-5 ring-1 ring-slate-200" role="group" aria-labelledby="bank-title">
            <div className="flex items-center gap-2 text-slate-900">
              <ShieldIcon size={18} className="text-brand-600" />
              <h2 id="bank-title" className="font-semibold">Confirm with your bank</h2>
            </div>
            <p className="mt-2 text-sm leading-6 text-slate-600">
              Your bank asks you to approve this payment of {formatMoney(data.amount, data.currency)} (a simulated 3-D Secure check).
            </p>
            <div className="mt-4 flex flex-col gap-2 sm:flex-row">
              <Button onClick={() => choose("succeed_after_3ds")} loading={busy && chosen === "succeed_after_3ds"} disabled={busy}>
                Approve payment
              </Button>
              <Button variant="secondary" onClick={() => setStep("choose")} disabled={busy}>
                Back
              </Button>
            </div>
          </div>
        ) : (
          <div className="mt-6 space-y-3">
            <p className="inline-flex items-center gap-1.5 text-sm text-slate-600" aria-live="off">
              <ClockIcon size={15} className="text-slate-400" />
              Time left to pay: <span className="font-medium text-slate-900 tabular-nums" data-testid="checkout-countdown">{formatCountdown(data.expires_at, now)}</span>
            </p>
            {declined ? (
              <Alert tone="danger" role="alert" title="Your card was declined">
                Nothing was charged. Try another way to pay.
              </Alert>
            ) : null}
            <Button className="w-full" size="lg" icon={<LockIcon size={16} />} onClick={() => choose("succeed")} loading={busy && chosen === "succeed"} disabled={busy}>
              Pay {formatMoney(data.amount, data.currency)}
            </Button>
            <Button className="w-full" variant="secondary" onClick={() => setStep("bank")} disabled={busy}>
              Pay with 3-D Secure
            </Button>
            <Button className="w-full" variant="secondary" onClick={() => choose("decline")} loading={busy && chosen === "decline"} disabled={busy}>
              Use a declined card
            </Button>
            <Button className="w-full" variant="ghost" onClick={() => choose("abandon")} loading={busy && chosen === "abandon"} disabled={busy}>
              Cancel
            </Button>
          </div>
        )}
        {failure ? (
          <Alert tone="danger" role="alert" className="mt-4" title="The payment didn't go through">
            {errorMessage(failure)}
          </Alert>
        ) : null}
      </section>
    </>
  );
}
