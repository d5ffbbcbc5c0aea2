import { useRef, type ReactNode } from "react";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Modal } from "../../components/ui/Modal";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  pending: boolean;
  /** The failure of the last attempt, in plain words. */
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks once more before a move that cannot be undone; focus starts on the safe choice. */
export function ConfirmDialog({ open, title, children, confirmLabel, cancelLabel = "Keep it", danger = false, pending, error, onConfirm, onClose }: ConfirmDialogProps) {
  const keep = useRef<HTMLButtonElement>(null);
  return (
    <Modal
      open={open}
      onClose={pending ? () => undefined : onClose}
      size="sm"
      title={title}
      initialFocus={keep}
      footer={
        <>
          <Button ref={keep} variant="secondary" onClick={onClose} disabled={pending}>
            {cancelLabel}
          </Button>
          <Button variant={danger ? "danger" : "primary"} onClick={onConfirm} loading={pending}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">{children}</div>
      {error ? (
        <Alert tone="danger" role="alert" className="mt-4">
          {error}
        </Alert>
      ) : null}
    </Modal>
  );
}
