import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeXhr, installFakeXhr } from "../../test/fake-xhr";
import type { HandwrittenDocument } from "./contract";
import { notesForm, postForm } from "./form-upload";
import { notesFiles } from "./media-files";
import { NotesUploadField, type NotesFieldApi } from "./NotesUploadField";

const MB = 1024 * 1024;

function doc(overrides: Partial<HandwrittenDocument> = {}): HandwrittenDocument {
  return {
    id: "doc-1",
    status: "processing",
    failure: null,
    source_type: "application/pdf",
    page_count: 2,
    pages: [1, 2].map((number) => ({ number, width: 595, height: 842, image_url: null, thumbnail_url: `/thumbs/${number}.webp` })),
    pdf_url: "/notes.pdf",
    created_at: "",
    ...overrides,
  };
}

const file = (name: string, type: string, size = 10) => new File([new Uint8Array(size)], name, { type });

describe("choosing the files of handwritten notes", () => {
  it("takes one PDF or images in natural name order, within the limits", () => {
    expect(notesFiles([file("notes.pdf", "application/pdf")]).files?.map((f) => f.name)).toEqual(["notes.pdf"]);
    expect(notesFiles([file("IMG_10.jpg", "image/jpeg"), file("IMG_2.jpg", "image/jpeg"), file("img_1.png", "image/png")]).files?.map((f) => f.name)).toEqual(["img_1.png", "IMG_2.jpg", "IMG_10.jpg"]);
    expect(notesFiles([file("a.pdf", "application/pdf"), file("b.jpg", "image/jpeg")]).problem).toBe("Upload one PDF, or the pages as images, not both.");
    expect(notesFiles([file("a.docx", "application/msword")]).problem).toBe("a.docx isn't a PDF, PNG, JPEG or WebP file.");
    expect(notesFiles(Array.from({ length: 51 }, (_, i) => file(`${i}.png`, "image/png"))).problem).toBe("Upload at most 50 pages at once.");
    expect(notesFiles([file("a.png", "image/png", 30 * MB), file("b.png", "image/png", 30 * MB)]).problem).toBe("These files are 60 MB together; the limit is 50 MB.");
  });
});

describe("posting the notes form", () => {
  beforeEach(() => installFakeXhr());
  afterEach(() => vi.unstubAllGlobals());

  it("sends every file under `files` with the CSRF token and lets the browser set the boundary", async () => {
    document.cookie = "edu_csrf=t-1; path=/";
    const progress = vi.fn();
    const sent = postForm<{ id: string }>("/api/v1/handwritten/documents", notesForm([file("1.png", "image/png"), file("2.png", "image/png")]), { onProgress: progress });
    const xhr = FakeXhr.last!;
    expect(xhr.headers).toEqual({ Accept: "application/json", "X-CSRF-Token": "t-1" });
    expect((xhr.body as FormData).getAll("files").map((value) => (value as File).name)).toEqual(["1.png", "2.png"]);
    xhr.progress(5, 20);
    expect(progress).toHaveBeenLastCalledWith({ loaded: 5, total: 20 });
    xhr.respond(201, { id: "doc-1" });
    await expect(sent).resolves.toEqual({ id: "doc-1" });
  });
});

describe("NotesUploadField", () => {
  function setup(api: NotesFieldApi, documentId: string | null = null) {
    const onChange = vi.fn();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const view = render(
      <QueryClientProvider client={client}>
        <NotesUploadField documentId={documentId} onChange={onChange} api={api} pollIntervalMs={20} />
      </QueryClientProvider>,
    );
    return { onChange, client, view };
  }

  it("uploads with progress, then reports the new document and shows its pages once ready", async () => {
    let finish: (value: HandwrittenDocument) => void = () => undefined;
    let report: (loaded: number) => void = () => undefined;
    let ready = false;
    const api: NotesFieldApi = {
      upload: vi.fn((_files: File[], { onProgress }: { onProgress: (p: { loaded: number; total: number }) => void }) => {
        report = (loaded) => onProgress({ loaded, total: 20 });
        return new Promise<HandwrittenDocument>((resolve) => (finish = resolve));
      }),
      getDocument: vi.fn(() => Promise.resolve(ready ? doc({ status: "ready" }) : doc())),
    };
    const { onChange, view, client } = setup(api);
    await userEvent.upload(screen.getByLabelText("Upload handwritten notes"), [file("p2.png", "image/png"), file("p1.png", "image/png")]);
    expect(vi.mocked(api.upload).mock.calls[0]![0].map((f) => f.name)).toEqual(["p1.png", "p2.png"]);
    act(() => report(10));
    expect(screen.getByRole("progressbar", { name: "Uploading 2 pages" })).toHaveAttribute("aria-valuenow", "50");
    act(() => finish(doc()));
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith("doc-1", { ready: false, busy: false }));

    ready = true;
    view.rerender(
      <QueryClientProvider client={client}>
        <NotesUploadField documentId="doc-1" onChange={onChange} api={api} pollIntervalMs={20} />
      </QueryClientProvider>,
    );
    expect(await screen.findByRole("img", { name: "Page 2" })).toHaveAttribute("src", "/thumbs/2.webp");
    expect(screen.getByText("2 pages · PDF")).toBeInTheDocument();
    await vi.waitFor(() => expect(onChange).toHaveBeenLastCalledWith("doc-1", { ready: true, busy: false }));
  });

  it("shows why the server refused the files", async () => {
    setup({ upload: vi.fn(), getDocument: () => Promise.resolve(doc({ status: "failed", failure: { code: "pdf_has_javascript", message: "This PDF contains scripts, which we don't accept." } })) }, "doc-1");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("We couldn't use these files");
    expect(alert).toHaveTextContent("This PDF contains scripts, which we don't accept.");
  });
});
