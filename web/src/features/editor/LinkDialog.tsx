import { useRef, useState, type FormEvent } from "react";
import { Button } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { Modal } from "../../components/ui/Modal";
import { TrashIcon } from "../../components/ui/icons";
import { isAllowedHref, normaliseHref } from "./links";
import { LinkIcon } from "./icons";

export interface LinkDialogProps {
  /** The current link's address when the cursor is on a link. */
  href: string;
  /** Ask for the text to show (nothing is selected to turn into a link). */
  needsText: boolean;
  onSubmit: (link: { href: string; text: string }) => void;
  onRemove?: () => void;
  onClose: () => void;
}

export function LinkDialog({ href, needsText, onSubmit, onRemove, onClose }: LinkDialogProps) {
  const [address, setAddress] = useState(href);
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<{ address?: string; text?: string }>({});
  const field = useRef<HTMLInputElement>(null);
  const editing = Boolean(href);

  function submit(event: FormEvent) {
    event.preventDefault();
    const target = normaliseHref(address);
    const found = {
      address: !target
        ? "Enter the address to link to."
        : isAllowedHref(target)
          ? undefined
          : "Use a web address (https://…), an e-mail address, or a Mentora page starting with /.",
      text: needsText && !text.trim() ? "Enter the text readers will click." : undefined,
    };
    setErrors(found);
    if (found.address || found.text) return;
    onSubmit({ href: target, text: text.trim() });
  }

  return (
    <Modal
      open
      onClose={onClose}
      initialFocus={field}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
          <LinkIcon size={20} />
        </span>
      }
      title={editing ? "Edit link" : "Add a link"}
      description="Links open the page in the reader's browser. Point them at sources you trust."
      footer={
        <>
          {editing && onRemove ? (
            <Button variant="danger-soft" onClick={onRemove} icon={<TrashIcon size={16} />} className="sm:mr-auto">
              Remove link
            </Button>
          ) : null}
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="link-dialog-form">
            {editing ? "Update link" : "Add link"}
          </Button>
        </>
      }
    >
      <form id="link-dialog-form" onSubmit={submit} noValidate className="space-y-4">
        <TextField
          ref={field}
          label="Address"
          inputMode="url"
          autoComplete="url"
          placeholder="https://"
          value={address}
          onChange={(event) => {
            setAddress(event.target.value);
            setErrors((current) => ({ ...current, address: undefined }));
          }}
          error={errors.address}
          hint="A web page, an e-mail address, or a Mentora page such as /mentors."
        />
        {needsText ? (
          <TextField
            label="Text to show"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setErrors((current) => ({ ...current, text: undefined }));
            }}
            error={errors.text}
            hint="Say where the link goes, e.g. “NASA's guide to orbits” rather than “click here”."
          />
        ) : null}
      </form>
    </Modal>
  );
}
