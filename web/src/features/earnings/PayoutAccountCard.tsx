import { useId, useMemo, useState, type ReactNode } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useMyPayoutAccount, useStartPayoutOnboarding, type PayoutAccount } from "../../api/payouts";
import { Alert } from "../../components/ui/Alert";
import { Badge, type BadgeTone } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { SelectField } from "../../components/ui/Field";
import { ArrowRightIcon, CheckCircleIcon, ShieldIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { errorMessage } from "../../lib/error-messages";
import { openUrl } from "../bookings/booking-format";
import { mentorCanAct, restrictionText } from "./payout-format";

const STATE_BADGES: Record<PayoutAccount["state"], { label: string; tone: BadgeTone }> = {
  not_started: { label: "Not set up", tone: "neutral" },
  onboarding: { label: "Setup not finished", tone: "warning" },
  ready: { label: "Payouts enabled", tone: "success" },
  restricted: { label: "Action needed", tone: "danger" },
};

function providerName(account: PayoutAccount): string {
  return account.gateway === "stripe" ? "Stripe" : "the test payment provider";
}

function countryName(code: string, names: Intl.DisplayNames | null): string {
  return names?.of(code) ?? code;
}

/** The browser's region ("de-DE" -> "DE") when payouts are available there. */
function guessCountry(countries: readonly string[]): string {
  for (const tag of navigator.languages ?? [navigator.language]) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && countries.includes(region)) return region;
    } catch {
      // An odd language tag: no guess from it.
    }
  }
  return "";
}

/**
 * The mentor's payout account: its state, and the way into the payment provider's hosted setup
 * ("Set up payouts" / "Continue setup"). Self-contained: it loads its own data.
 */
export function PayoutAccountCard({ className }: { className?: string }) {
  const [params] = useSearchParams();
  const returned = params.get("payouts");
  const account = useMyPayoutAccount(returned === "returned");
  const titleId = useId();

  return (
    <Card className={className}>
      <section aria-labelledby={titleId}>
        <CardHeader
          titleId={titleId}
          title="Payouts"
          description={account.data ? description(account.data) : "Where your earnings are paid."}
          action={account.data ? <Badge tone={STATE_BADGES[account.data.state].tone} dot>{STATE_BADGES[account.data.state].label}</Badge> : null}
        />
        <CardBody>
          {account.isPending ? (
            <div role="status" aria-label="Loading your payout account" className="space-y-3">
              <Skeleton className="h-4 w-3/4" />
              <Skeleton className="h-10 w-44" />
            </div>
          ) : account.isError ? (
            <ErrorState error={account.error} title="We couldn't load your payout account" onRetry={() => void account.refetch()} className="py-6" />
          ) : (
            <AccountBody account={account.data} returned={returned} />
          )}
        </CardBody>
      </section>
    </Card>
  );
}

function description(account: PayoutAccount): string {
  return account.payouts === "transfers"
    ? "Each session's earnings are sent to your payout account once its 48-hour complaint window has passed."
    : "Available earnings are paid out to you in payout runs.";
}

function AccountBody({ account, returned }: { account: PayoutAccount; returned: string | null }) {
  const navigate = useNavigate();
  const start = useStartPayoutOnboarding();
  const names = useMemo(() => (typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(undefined, { type: "region" }) : null), []);
  const countries = useMemo(
    () => [...account.countries].sort((a, b) => countryName(a, names).localeCompare(countryName(b, names))),
    [account.countries, names],
  );
  const [country, setCountry] = useState(() => guessCountry(account.countries));
  const [missingCountry, setMissingCountry] = useState(false);
  const provider = providerName(account);

  const go = () => {
    if (account.state === "not_started" && !country) {
      setMissingCountry(true);
      return;
    }
    start.mutate(account.state === "not_started" ? country : null, {
      onSuccess: ({ url }) => openUrl(url, (path) => void navigate(path)),
    });
  };

  const failure = start.error;
  const countryError = missingCountry
    ? "Choose the country you live in."
    : failure instanceof ApiError && failure.code === "invalid_payout_country"
      ? failure.fields.country ?? errorMessage(failure)
      : null;
  const otherError = failure && !(failure instanceof ApiError && failure.code === "invalid_payout_country") ? failure : null;
  const testNote = account.gateway === "test" ? (
    <p className="text-xs text-slate-500">Test mode: the setup page is simulated and no real money is paid out.</p>
  ) : null;

  if (account.state === "ready") {
    return (
      <div className="space-y-3">
        <p className="flex items-start gap-2 text-sm leading-6 text-slate-700">
          <CheckCircleIcon size={18} className="mt-0.5 shrink-0 text-emerald-600" />
          <span>Payouts enabled. Your payout account with {provider} is ready to receive your earnings.</span>
        </p>
        {testNote}
      </div>
    );
  }

  let intro: ReactNode;
  let action = "Continue setup";
  let canAct = true;
  if (account.state === "not_started") {
    intro = `Set up a payout account with ${provider} to get paid for your sessions. It takes a few minutes; you'll enter your bank details on ${provider}'s secure page, never on Mentora.`;
    action = "Set up payouts";
  } else if (account.state === "onboarding") {
    intro = `You started setting up your payout account. Finish entering your details on ${provider}'s secure page to get paid.`;
  } else {
    intro = restrictionText(account.reason);
    canAct = mentorCanAct(account.reason);
    action = "Update details";
  }

  return (
    <div className="space-y-4">
      {returned === "returned" && account.state === "onboarding" ? (
        <Alert tone="info" role="status" title="Checking your details">
          {provider === "Stripe" ? "Stripe is confirming your details; this page updates by itself." : "Your setup isn't finished yet."}
        </Alert>
      ) : null}
      {returned === "expired" && account.state !== "not_started" ? (
        <Alert tone="warning" role="status" title="Your setup link expired">
          Links to the setup page work once and only for a few minutes. Continue where you left off.
        </Alert>
      ) : null}
      <p className="text-sm leading-6 text-slate-700">{intro}</p>
      {account.state === "not_started" ? (
        <SelectField
          label="Country of residence"
          hint="Where you live, or where your business is registered. It can't be changed later."
          error={countryError}
          value={country}
          onChange={(event) => {
            setCountry(event.target.value);
            setMissingCountry(false);
          }}
          containerClassName="max-w-xs"
          required
        >
          <option value="">Choose a country…</option>
          {countries.map((code) => (
            <option key={code} value={code}>
              {countryName(code, names)}
            </option>
          ))}
        </SelectField>
      ) : null}
      {canAct ? (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <Button onClick={go} loading={start.isPending} icon={start.isPending ? undefined : <ShieldIcon size={16} />} className="w-full sm:w-auto">
            {action}
            <ArrowRightIcon size={16} aria-hidden="true" />
          </Button>
          <span className="text-xs text-slate-500">You'll continue on {provider}'s secure page.</span>
        </div>
      ) : null}
      {otherError ? (
        <Alert tone="danger" role="alert" title="We couldn't open the setup page">
          {errorMessage(otherError)}
        </Alert>
      ) : null}
      {testNote}
    </div>
  );
}

export default PayoutAccountCard;
