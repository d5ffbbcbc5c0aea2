const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** "Mod+Shift+X" as people on this platform read it: "Ctrl+Shift+X" or "⌘⇧X". */
export function shortcutLabel(shortcut: string): string {
  if (!IS_MAC) return shortcut.replace("Mod", "Ctrl");
  return shortcut.replace("Mod+", "⌘").replace("Shift+", "⇧").replace("Alt+", "⌥");
}

/** The same shortcut in `aria-keyshortcuts` syntax ("Control+B"). */
export function ariaShortcut(shortcut: string): string {
  return shortcut.replace("Mod", IS_MAC ? "Meta" : "Control");
}
