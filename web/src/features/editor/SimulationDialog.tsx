import { useId, useRef, useState, type FormEvent } from "react";
import { Button } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { Modal } from "../../components/ui/Modal";
import { TrashIcon } from "../../components/ui/icons";
import { MAX_SIMULATION_TITLE, simulationTitle } from "../content/simulation-embed";
import { checkSimulationUrl, SIMULATION_HOSTS, SIMULATION_SITE_NAMES } from "../content/simulation";
import { AtomIcon } from "./icons";
import type { SimulationTarget } from "./simulation-node";

export interface SimulationDialogProps {
  /** The simulation being changed (with `pos`), or an empty one to insert. */
  target: SimulationTarget;
  onSubmit: (simulation: { src: string; title: string }) => void;
  onRemove?: () => void;
  onClose: () => void;
}

/**
 * Places a simulation from one of the allowed sites in the text. The address is checked the way the
 * workspace's simulation form (and the server) check it, with the same message; the title names
 * the frame for screen readers.
 */
export function SimulationDialog({ target, onSubmit, onRemove, onClose }: SimulationDialogProps) {
  const [address, setAddress] = useState(target.src);
  const [title, setTitle] = useState(target.title);
  const [errors, setErrors] = useState<{ address?: string; title?: string }>({});
  const [suggestion, setSuggestion] = useState<string | undefined>();
  const addressField = useRef<HTMLInputElement>(null);
  const titleField = useRef<HTMLInputElement>(null);
  const formId = `${useId()}-simulation`;
  const editing = target.pos !== undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    const check = checkSimulationUrl(address);
    const name = simulationTitle(title);
    const found = {
      address: check.ok ? undefined : check.message,
      title: name ? undefined : "Name the simulation: screen readers announce it, and learners see it if it can't load.",
    };
    setErrors(found);
    setSuggestion(check.ok ? undefined : check.suggestion);
    if (found.address) addressField.current?.focus();
    else if (found.title) titleField.current?.focus();
    if (!check.ok || !name) return;
    onSubmit({ src: check.url, title: name });
  }

  return (
    <Modal
      open
      onClose={onClose}
      size="lg"
      initialFocus={addressField}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-emerald-50 text-emerald-600">
          <AtomIcon size={20} />
        </span>
      }
      title={editing ? "Edit simulation" : "Insert a simulation"}
      description={`An interactive simulation from ${SIMULATION_SITE_NAMES}, shown between your paragraphs in a sandboxed frame.`}
      footer={
        <>
          {editing && onRemove ? (
            <Button variant="danger-soft" onClick={onRemove} icon={<TrashIcon size={16} />} className="sm:mr-auto">
              Remove simulation
            </Button>
          ) : null}
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId}>
            {editing ? "Update simulation" : "Insert simulation"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="space-y-4">
        <div className="space-y-2">
          <TextField
            ref={addressField}
            label="Simulation address"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://phet.colorado.edu/sims/html/…"
            value={address}
            onChange={(event) => {
              setAddress(event.target.value);
              setErrors((current) => ({ ...current, address: undefined }));
              setSuggestion(undefined);
            }}
            error={errors.address}
            hint={`From ${SIMULATION_HOSTS.join(", ")}. Use the simulation's embed or full-screen address.`}
          />
          {suggestion && errors.address ? (
            <Button
              variant="subtle"
              size="sm"
              onClick={() => {
                setAddress(suggestion);
                setErrors((current) => ({ ...current, address: undefined }));
                setSuggestion(undefined);
                addressField.current?.focus();
              }}
            >
              Use {suggestion.length > 60 ? `${suggestion.slice(0, 57)}…` : suggestion}
            </Button>
          ) : null}
        </div>
        <TextField
          ref={titleField}
          label="Name for screen readers"
          maxLength={MAX_SIMULATION_TITLE}
          placeholder="e.g. PhET: Energy Skate Park"
          value={title}
          onChange={(event) => {
            setTitle(event.target.value);
            setErrors((current) => ({ ...current, title: undefined }));
          }}
          error={errors.title}
          hint="Announced when a screen-reader user reaches the simulation; shown instead of it if it can't load."
        />
      </form>
    </Modal>
  );
}
