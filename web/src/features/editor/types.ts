export interface RichTextEditorProps {
  /** The stored HTML ("" for nothing). */
  value: string;
  onChange?: (html: string) => void;
  /** Accessible name of the text area (used when `labelledBy` is absent, and in toolbar names). */
  label: string;
  /** Id of a visible label element. */
  labelledBy?: string;
  describedBy?: string;
  invalid?: boolean;
  placeholder?: string;
  /** "full": every tool, for lesson text; "compact": inline tools, for prompts and explanations. */
  variant?: "full" | "compact";
  /** Shows the document without any editing chrome (version previews). */
  readOnly?: boolean;
  disabled?: boolean;
  /** Names the Markdown download. */
  documentName?: string;
  /** Id of the editable element. */
  id?: string;
  className?: string;
}
