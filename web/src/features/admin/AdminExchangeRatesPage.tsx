import { useState, type FormEvent } from "react";
import { useExchangeRates, useSetExchangeRate } from "../../api/exchange-rates";
import { ApiError } from "../../api/errors";
import type { ExchangeRate } from "../../api/types";
import { Button } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { TextField } from "../../components/ui/Field";
import { PageHeader } from "../../components/ui/PageHeader";
import { Skeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime } from "../../lib/format";
import { currencyLabel } from "../../lib/money";
import { rateProblem } from "./exchange-rates";

function RateRow({ row, reference }: { row: ExchangeRate; reference: string }) {
  const toast = useToast();
  const save = useSetExchangeRate();
  const [text, setText] = useState(row.rate ?? "");
  const [error, setError] = useState<string | null>(null);
  const changed = text.trim() !== (row.rate ?? "");

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = rateProblem(text);
    setError(problem);
    if (problem) return;
    save.mutate(
      { currency: row.currency, rate: text.trim() },
      {
        onSuccess: (saved) => {
          setText(saved.rate ?? "");
          toast.success("Rate saved", `1 ${saved.currency} = ${saved.rate} ${reference}. Mentor search uses it from now on.`);
        },
        onError: (failure) => {
          setError(failure instanceof ApiError ? (failure.fields.rate ?? failure.message) : errorMessage(failure));
        },
      },
    );
  }

  return (
    <li className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-start sm:justify-between sm:px-6">
      <div className="min-w-0 pt-1.5">
        <p className="text-sm font-semibold text-slate-900">{currencyLabel(row.currency)}</p>
        <p className="mt-0.5 text-xs text-slate-500">
          {row.minor_digits === 0 ? "No minor unit (prices in whole units)" : `${row.minor_digits} decimal places`}
          {row.updated_at ? ` · updated ${formatDateTime(row.updated_at)}` : " · no rate yet: prices can't be compared"}
        </p>
      </div>
      {row.reference ? (
        <p className="text-sm text-slate-600 sm:pt-1.5">Reference currency: always 1</p>
      ) : (
        <form className="flex items-start gap-2 sm:w-80" onSubmit={submit} noValidate aria-label={`${row.currency} rate`}>
          <TextField
            label={`1 ${row.currency} in ${reference}`}
            hideLabel
            containerClassName="flex-1"
            inputMode="decimal"
            autoComplete="off"
            placeholder="e.g. 0.012"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
            }}
            error={error ?? undefined}
            maxLength={20}
            leading={<span className="text-xs font-medium">1 {row.currency} =</span>}
            className="pl-20"
          />
          <Button type="submit" variant="secondary" disabled={!changed} loading={save.isPending}>
            Save
          </Button>
        </form>
      )}
    </li>
  );
}

export default function AdminExchangeRatesPage() {
  useDocumentTitle("Exchange rates");
  const rates = useExchangeRates();
  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Exchange rates"
        description="Mentor search converts every hourly rate into the viewer's currency with these rates, to sort and filter by price and to show an approximate price. Nobody is charged at a converted price."
      />
      <Card>
        <CardHeader
          title="Rates"
          description={rates.data ? `What one unit of each currency is worth in ${rates.data.reference_currency}. Every change is recorded in the audit log.` : undefined}
        />
        {rates.isError ? (
          <ErrorState error={rates.error} title="We couldn't load the rates" onRetry={() => void rates.refetch()} />
        ) : !rates.data ? (
          <div className="space-y-4 px-5 py-5 sm:px-6" role="status" aria-label="Loading rates">
            {Array.from({ length: 5 }, (_, index) => (
              <Skeleton key={index} className="h-10 w-full" />
            ))}
          </div>
        ) : (
          <ul className="divide-y divide-slate-100">
            {rates.data.items.map((row) => (
              <RateRow key={`${row.currency}-${row.rate ?? ""}`} row={row} reference={rates.data.reference_currency} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
