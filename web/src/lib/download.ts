/** Saves `blob` as a file named `fileName` through the browser's download. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves `text` as a file named `fileName` through the browser's download. */
export function downloadText(fileName: string, text: string, type = "text/plain;charset=utf-8"): void {
  downloadBlob(fileName, new Blob([text], { type }));
}
