import type { ReactNode } from "react";
import { Button } from "../../components/ui/Button";
import { Modal } from "../../components/ui/Modal";
import type { useLeaveGuard } from "../../lib/use-leave-guard";

/** Asks before following an in-app link held back by `useLeaveGuard` while there are unsaved changes. */
export function LeaveDialog({
  leaving,
  description,
  stayLabel = "Stay",
  icon,
}: {
  leaving: ReturnType<typeof useLeaveGuard>;
  description: string;
  stayLabel?: string;
  icon?: ReactNode;
}) {
  return (
    <Modal
      open={leaving.pending !== null}
      onClose={leaving.stay}
      size="sm"
      icon={icon}
      title="Leave without saving?"
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={leaving.stay}>
            {stayLabel}
          </Button>
          <Button variant="danger" onClick={leaving.leave}>
            Leave without saving
          </Button>
        </>
      }
    />
  );
}
