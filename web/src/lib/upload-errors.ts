import { ApiError } from "../api/errors";
import { errorMessage } from "./error-messages";
import { formatBytes, type FilePolicy } from "./files";

/** An upload refusal in words that say what to do about it for this kind of file. */
export function uploadErrorMessage(error: unknown, policy: FilePolicy): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case "unsupported_file_type":
        return `This file isn't a real ${policy.label} file. Export it again in one of those formats.`;
      case "file_too_large":
      case "payload_too_large":
        return `The file is larger than ${formatBytes(policy.maxBytes)}. Compress it or choose a smaller one.`;
      case "empty_file":
        return "The file is empty.";
      default:
        break;
    }
  }
  return errorMessage(error);
}
