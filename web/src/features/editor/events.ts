import type { FormulaTarget } from "./extensions";
import type { SimulationTarget } from "./simulation-node";

export interface EditorEventMap {
  formula: FormulaTarget;
  link: undefined;
  simulation: SimulationTarget;
  toolbar: undefined;
}

type Listener<K extends keyof EditorEventMap> = (payload: EditorEventMap[K]) => void;

/**
 * What the editor's keymap and node views ask of the React side (open a dialog, focus the
 * toolbar). The extensions are built once; listeners come and go with renders.
 */
export class EditorEvents {
  private listeners = new Map<keyof EditorEventMap, Set<Listener<never>>>();

  on<K extends keyof EditorEventMap>(type: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
    return () => set.delete(listener);
  }

  /** Returns whether anyone listened (a keymap then knows the key was handled). */
  emit<K extends keyof EditorEventMap>(type: K, payload: EditorEventMap[K]): boolean {
    const set = this.listeners.get(type);
    if (!set?.size) return false;
    set.forEach((listener) => (listener as Listener<K>)(payload));
    return true;
  }
}
