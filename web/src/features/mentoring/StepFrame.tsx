import type { FormEvent, ReactNode, Ref } from "react";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardFooter } from "../../components/ui/Card";
import { ArrowLeftIcon } from "../../components/ui/icons";

export interface StepFrameProps {
  title: string;
  description: ReactNode;
  optional?: boolean;
  children: ReactNode;
  /** Footer buttons on the right (Continue, Save…). */
  actions?: ReactNode;
  onBack?: (() => void) | undefined;
  onSubmit?: (event: FormEvent) => void;
  formRef?: Ref<HTMLFormElement>;
  note?: ReactNode;
}

/** One onboarding step: a titled card whose footer moves back and forth. */
export function StepFrame({ title, description, optional = false, children, actions, onBack, onSubmit, formRef, note }: StepFrameProps) {
  const body = (
    <>
      <div className="border-b border-slate-100 px-5 py-4 sm:px-6">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="step-title" className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          {optional ? <Badge>Optional</Badge> : null}
        </div>
        <p className="mt-1 text-sm leading-6 text-slate-500">{description}</p>
      </div>
      <CardBody className="space-y-6">{children}</CardBody>
      <CardFooter>
        {onBack ? (
          <Button variant="ghost" onClick={onBack} icon={<ArrowLeftIcon size={16} />} className="mr-auto">
            Back
          </Button>
        ) : null}
        <div className="ml-auto flex flex-wrap items-center justify-end gap-3">
          {note ? <span className="text-sm text-slate-500">{note}</span> : null}
          {actions}
        </div>
      </CardFooter>
    </>
  );
  return (
    <Card>
      {onSubmit ? (
        <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby="step-title">
          {body}
        </form>
      ) : (
        <section aria-labelledby="step-title">{body}</section>
      )}
    </Card>
  );
}
