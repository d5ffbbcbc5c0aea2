import type { ContentItem } from "../../api/content";
import { ApiError } from "../../api/errors";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { SendIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { RotateCcwIcon } from "../editor/icons";
import { contentErrorMessage } from "./errors";

export function RestoreDialog({
  item,
  number,
  dirty,
  restoring,
  onRestore,
  onClose,
}: {
  item: ContentItem;
  /** The version to restore; null keeps the dialog closed. */
  number: number | null;
  dirty: boolean;
  restoring: boolean;
  onRestore: (number: number) => void;
  onClose: () => void;
}) {
  return (
    <Modal
      open={number !== null}
      onClose={onClose}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
          <RotateCcwIcon size={20} />
        </span>
      }
      title={number !== null ? `Restore version ${number}?` : ""}
      description={
        number !== null
          ? `Its title and content are saved again as version ${item.latest_version + 1}. Nothing is deleted: every version stays in the history.`
          : undefined
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={restoring} onClick={() => number !== null && onRestore(number)}>
            Restore version
          </Button>
        </>
      }
    >
      {dirty ? (
        <Alert tone="warning" title="You have unsaved changes">
          Restoring replaces them. Save them first if you want to keep them in the history.
        </Alert>
      ) : null}
    </Modal>
  );
}

export function WithdrawDialog({ item, open, withdrawing, onWithdraw, onClose }: { item: ContentItem; open: boolean; withdrawing: boolean; onWithdraw: () => void; onClose: () => void }) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      size="sm"
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-amber-50 text-amber-600">
          <RotateCcwIcon size={20} />
        </span>
      }
      title="Withdraw from review?"
      description={`Version ${item.latest_version} goes back to being a draft you can edit. Submit it again when it's ready.${
        item.live_version !== null ? ` Learners keep seeing version ${item.live_version}.` : ""
      }`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Keep it in review
          </Button>
          <Button loading={withdrawing} icon={<RotateCcwIcon size={16} />} onClick={onWithdraw}>
            Withdraw
          </Button>
        </>
      }
    />
  );
}

export function SubmitDialog({
  item,
  open,
  dirty,
  sending,
  error,
  onSubmit,
  onClose,
}: {
  item: ContentItem;
  open: boolean;
  /** Unsaved changes are saved first, as the next version. */
  dirty: boolean;
  sending: boolean;
  error: unknown;
  onSubmit: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
          <SendIcon size={20} />
        </span>
      }
      title={dirty ? "Save and send for review?" : `Send version ${item.latest_version} for review?`}
      description={
        <>
          {dirty ? `Your changes are saved as version ${item.latest_version + 1} first. ` : ""}A reviewer checks it for accuracy and clarity, usually within 2
          working days. You can't edit it while it's in review.
          {item.live_version !== null ? ` Learners keep seeing version ${item.live_version} until this one is approved.` : ""}
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Not yet
          </Button>
          <Button loading={sending} icon={<SendIcon size={16} />} onClick={onSubmit}>
            {dirty ? "Save and submit" : "Submit for review"}
          </Button>
        </>
      }
    >
      {error ? (
        <Alert
          tone="danger"
          role="alert"
          title="It wasn't sent"
          action={
            error instanceof ApiError && error.code === "mentor_not_verified" ? (
              <ButtonLink to="/mentor/onboarding" size="sm" variant="secondary">
                Your application
              </ButtonLink>
            ) : undefined
          }
        >
          {contentErrorMessage(error)}
        </Alert>
      ) : null}
    </Modal>
  );
}
