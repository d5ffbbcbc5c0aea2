/**
 * What each kind of upload accepts. The server reads the real type from the bytes and is the
 * authority; these checks only spare people a long upload that would be refused.
 */
export interface FilePolicy {
  /** e.g. "PDF, PNG or JPEG" */
  label: string;
  types: Record<string, readonly string[]>;
  maxBytes: number;
}

const MB = 1024 * 1024;

export const PHOTO_POLICY: FilePolicy = {
  label: "PNG, JPEG or WebP",
  types: { "image/png": ["png"], "image/jpeg": ["jpg", "jpeg"], "image/webp": ["webp"] },
  maxBytes: 5 * MB,
};

export const DOCUMENT_POLICY: FilePolicy = {
  label: "PDF, PNG or JPEG",
  types: { "application/pdf": ["pdf"], "image/png": ["png"], "image/jpeg": ["jpg", "jpeg"] },
  maxBytes: 10 * MB,
};

export const PORTFOLIO_POLICY: FilePolicy = { ...DOCUMENT_POLICY, maxBytes: 20 * MB };

/** Files sent in a session's chat. */
export const CHAT_ATTACHMENT_POLICY: FilePolicy = {
  label: "PDF, PNG, JPEG, WebP or GIF",
  types: { ...DOCUMENT_POLICY.types, "image/webp": ["webp"], "image/gif": ["gif"] },
  maxBytes: 10 * MB,
};

export function acceptAttribute(policy: FilePolicy): string {
  const extensions = Object.values(policy.types).flat().map((extension) => `.${extension}`);
  return [...Object.keys(policy.types), ...extensions].join(",");
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/** The content type to declare: the browser's, or the one the extension implies. */
export function contentTypeFor(file: { name: string; type: string }, policy: FilePolicy): string | null {
  if (file.type && file.type in policy.types) return file.type;
  if (file.type) return null;
  const extension = extensionOf(file.name);
  const found = Object.entries(policy.types).find(([, extensions]) => extensions.includes(extension));
  return found ? found[0] : null;
}

/** Why a file can't be uploaded under a policy, or null when it looks acceptable. */
export function fileProblem(file: { name: string; type: string; size: number }, policy: FilePolicy): string | null {
  if (!contentTypeFor(file, policy)) return `${file.name} isn't a ${policy.label} file.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > policy.maxBytes) return `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(policy.maxBytes)}.`;
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value >= 10 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export function isImageType(contentType: string): boolean {
  return contentType.startsWith("image/");
}

/** Whole percent of an upload, clamped to 0..100. */
export function uploadPercent(loaded: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((loaded / total) * 100)));
}
