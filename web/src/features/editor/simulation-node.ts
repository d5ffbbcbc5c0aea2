/**
 * A simulation placed between paragraphs of lesson text: a block atom stored as
 *
 *   <div data-type="simulation" data-src="https://…" data-title="…"></div>
 *
 * exactly what the server's sanitiser keeps (it drops `data-src` unless the address is https on
 * an allowed host, and every raw <iframe>). Readers render the placeholder as a sandboxed frame
 * (`features/content/ContentBody`); in the editor a node view shows a live preview.
 *
 * Markdown has no embeds: the export writes `[Simulation: Title](url)`, a plain link that still
 * leads to the simulation; importing that Markdown gives back the link, not the embed.
 */
import { Node } from "@tiptap/core";
import { NodeSelection } from "@tiptap/pm/state";
import { ReactNodeViewRenderer } from "@tiptap/react";
import { embeddableSimulation, simulationTitle, SIMULATION_TYPE } from "../content/simulation-embed";
import { SimulationView } from "./SimulationView";

export interface SimulationTarget {
  /** The checked address; "" when the stored one was refused. */
  src: string;
  title: string;
  /** Position of the existing node; absent when inserting a new simulation. */
  pos?: number;
}

export interface SimulationOptions {
  /** Opens the simulation dialog for the node the author chose to edit. */
  onEdit?: (target: SimulationTarget) => void;
}

/** The simulation node currently selected (clicked, or reached with the arrow keys), if any. */
export function selectedSimulation(selection: unknown): SimulationTarget | null {
  if (!(selection instanceof NodeSelection) || selection.node.type.name !== SIMULATION_TYPE) return null;
  const { src, title } = selection.node.attrs as { src?: string | null; title?: string | null };
  return { src: src ?? "", title: title ?? "", pos: selection.from };
}

/** Markdown text that reads as itself: no emphasis, code or link syntax inside it. */
function markdownText(text: string): string {
  return text.replace(/[\\[\]*_`<>]/g, (char) => `\\${char}`);
}

/** `[Simulation: Energy Skate Park](https://…)`; the title alone for a refused address. */
export function simulationMarkdown(src: string, title: string): string {
  const label = title ? `Simulation: ${markdownText(title)}` : "Simulation";
  if (!src) return title ? label : "";
  // Checked addresses have no spaces or angle brackets; <…> keeps parentheses in them literal.
  const target = /[()]/.test(src) ? `<${src}>` : src;
  return `[${label}](${target})`;
}

export const Simulation = Node.create<SimulationOptions>({
  name: SIMULATION_TYPE,
  group: "block",
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { onEdit: undefined };
  },

  addAttributes() {
    return {
      src: {
        default: "",
        parseHTML: (element) => embeddableSimulation(element.getAttribute("data-src")) ?? "",
        rendered: false,
      },
      title: {
        default: "",
        parseHTML: (element) => simulationTitle(element.getAttribute("data-title")),
        rendered: false,
      },
    };
  },

  parseHTML() {
    return [{ tag: `div[data-type="${SIMULATION_TYPE}"]` }];
  },

  renderHTML({ node }) {
    const src = String(node.attrs.src ?? "");
    const title = String(node.attrs.title ?? "");
    return ["div", { "data-type": SIMULATION_TYPE, ...(src ? { "data-src": src } : {}), "data-title": title }];
  },

  renderText({ node }) {
    return `Simulation: ${String(node.attrs.title ?? "")}`;
  },

  renderMarkdown: (node) => simulationMarkdown(String(node.attrs?.src ?? ""), String(node.attrs?.title ?? "")),

  addNodeView() {
    return ReactNodeViewRenderer(SimulationView);
  },
});
