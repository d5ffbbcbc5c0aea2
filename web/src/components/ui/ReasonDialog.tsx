import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { required, useFormErrors } from "../../lib/use-form-errors";
import { Alert } from "./Alert";
import { Button } from "./Button";
import type { ButtonVariant } from "./button-classes";
import { TextAreaField } from "./Field";
import { Modal, type ModalProps } from "./Modal";

export interface ReasonDialogProps {
  title: ReactNode;
  description?: ReactNode;
  icon?: ReactNode;
  size?: ModalProps["size"];
  /** The field's label. */
  label?: string;
  hint?: ReactNode;
  /** The server's limit on the reason. */
  maxLength: number;
  /** Said when the field is left empty; without it the reason is optional. */
  requiredMessage?: string;
  submitLabel: string;
  submitIcon?: ReactNode;
  submitVariant?: ButtonVariant;
  cancelLabel?: string;
  /** Above the server's answer when sending fails. */
  errorTitle: string;
  /** Sends the trimmed reason. The dialog closes once this resolves; when it rejects, the
   * dialog stays open and says why (a problem with the reason itself shows on the field). */
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
}

const FIELDS = ["reason"] as const;

/** A dialog that asks for one reason and sends it: for hiding, reporting, flagging, deciding. */
export function ReasonDialog({
  title,
  description,
  icon,
  size,
  label = "Reason",
  hint,
  maxLength,
  requiredMessage,
  submitLabel,
  submitIcon,
  submitVariant = "danger",
  cancelLabel = "Cancel",
  errorTitle,
  onSubmit,
  onClose,
}: ReasonDialogProps) {
  const formId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState("");
  const [sending, setSending] = useState(false);
  const { formRef, fieldErrors, formError, fromApi, check, clearField } = useFormErrors(FIELDS);
  // The caller usually unmounts the dialog as it closes; nothing is set on it afterwards.
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    if (requiredMessage && !check({ reason: required(reason, requiredMessage) })) return;
    setSending(true);
    onSubmit(reason.trim()).then(
      () => {
        if (mounted.current) setSending(false);
        onClose();
      },
      (failure: unknown) => {
        if (!mounted.current) return;
        setSending(false);
        fromApi(failure);
      },
    );
  };

  return (
    <Modal
      open
      onClose={onClose}
      size={size}
      title={title}
      description={description}
      icon={icon}
      initialFocus={field}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={sending}>
            {cancelLabel}
          </Button>
          <Button type="submit" form={formId} variant={submitVariant} loading={sending} icon={submitIcon}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id={formId} ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        <TextAreaField
          ref={field}
          label={label}
          hint={hint}
          optional={!requiredMessage}
          value={reason}
          maxLength={maxLength}
          rows={3}
          error={fieldErrors.reason}
          onChange={(event) => {
            setReason(event.target.value);
            clearField("reason");
          }}
        />
        {formError ? (
          <Alert tone="danger" role="alert" title={errorTitle}>
            {formError}
          </Alert>
        ) : null}
      </form>
    </Modal>
  );
}
