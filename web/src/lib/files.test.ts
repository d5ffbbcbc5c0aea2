import { describe, expect, it } from "vitest";
import { acceptAttribute, contentTypeFor, DOCUMENT_POLICY, fileProblem, formatBytes, PHOTO_POLICY } from "./files";

const file = (name: string, type: string, size = 100) => ({ name, type, size });

describe("upload pre-checks", () => {
  it("accepts the policy's types, by type or by extension when the browser gives none", () => {
    expect(contentTypeFor(file("cv.pdf", "application/pdf"), DOCUMENT_POLICY)).toBe("application/pdf");
    expect(contentTypeFor(file("me.WEBP", ""), PHOTO_POLICY)).toBe("image/webp");
    expect(contentTypeFor(file("cv.pdf", "text/plain"), DOCUMENT_POLICY)).toBeNull();
    expect(contentTypeFor(file("me.webp", "image/webp"), DOCUMENT_POLICY)).toBeNull();
  });

  it("says what is wrong: type, emptiness or size", () => {
    expect(fileProblem(file("a.pdf", "application/pdf"), DOCUMENT_POLICY)).toBeNull();
    expect(fileProblem(file("a.exe", "application/x-msdownload"), DOCUMENT_POLICY)).toBe("a.exe isn't a PDF, PNG or JPEG file.");
    expect(fileProblem(file("a.pdf", "application/pdf", 0), DOCUMENT_POLICY)).toBe("a.pdf is empty.");
    expect(fileProblem(file("a.png", "image/png", 6 * 1024 * 1024), PHOTO_POLICY)).toBe("a.png is 6 MB; the limit is 5 MB.");
  });

  it("builds the picker's accept list and readable sizes", () => {
    expect(acceptAttribute(PHOTO_POLICY)).toBe("image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(10 * 1024 * 1024)).toBe("10 MB");
  });
});
