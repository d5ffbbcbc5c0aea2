import { useState } from "react";
import { useMyDocumentLink, useRemoveDocument, useUploadDocument } from "../../api/mentoring";
import type { MentorDocument } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { FileDrop } from "../../components/ui/FileDrop";
import { ArrowRightIcon, ExternalLinkIcon, FileTextIcon, ImageIcon, LockIcon, ShieldIcon, TrashIcon } from "../../components/ui/icons";
import { useToast } from "../../components/ui/toast-context";
import { UploadList } from "../../components/ui/UploadProgress";
import { errorMessage } from "../../lib/error-messages";
import { acceptAttribute, contentTypeFor, DOCUMENT_POLICY, fileProblem, formatBytes, isImageType } from "../../lib/files";
import { formatDate } from "../../lib/format";
import { useUploads } from "../../lib/use-uploads";
import { documentsLocked } from "./onboarding";
import type { StepProps } from "./ProfileStep";
import { StepFrame } from "./StepFrame";
import { uploadErrorMessage } from "../../lib/upload-errors";

const MAX_DOCUMENTS = 10;

function OpenLink({ document }: { document: MentorDocument }) {
  const link = useMyDocumentLink(document.id);
  if (!link.data) {
    return <span className="px-2.5 py-1.5 text-sm text-slate-400">{link.isError ? "Unavailable" : "View"}</span>;
  }
  return (
    <a
      href={link.data.url}
      target="_blank"
      rel="noopener noreferrer"
      className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50"
      aria-label={`View ${document.filename}`}
    >
      <ExternalLinkIcon size={15} /> View
    </a>
  );
}

export function DocumentList({ documents, onRemove, removing }: { documents: MentorDocument[]; onRemove?: (document: MentorDocument) => void; removing?: string | null }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-xl ring-1 ring-slate-200" aria-label="Uploaded documents">
      {documents.map((document) => (
        <li key={document.id} className="flex items-center gap-3 px-4 py-3">
          <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-500">
            {isImageType(document.content_type) ? <ImageIcon size={18} /> : <FileTextIcon size={18} />}
          </span>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-slate-900">{document.filename}</p>
            <p className="text-xs text-slate-500">
              {formatBytes(document.size)} · added {formatDate(document.uploaded_at)}
            </p>
          </div>
          <OpenLink document={document} />
          {onRemove ? (
            <Button
              variant="ghost"
              size="sm"
              className="text-slate-500 hover:text-rose-600"
              loading={removing === document.id}
              onClick={() => onRemove(document)}
              aria-label={`Remove ${document.filename}`}
              icon={<TrashIcon size={15} />}
            >
              <span className="hidden sm:inline">Remove</span>
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function DocumentsStep({ profile, onNext, onBack }: StepProps) {
  const toast = useToast();
  const upload = useUploadDocument();
  const remove = useRemoveDocument();
  const [removing, setRemoving] = useState<string | null>(null);
  const documents = profile.documents ?? [];
  const locked = documentsLocked(profile.status);
  const uploads = useUploads(
    ({ file, contentType }, { onProgress, signal }) => upload.mutateAsync({ file, contentType, onProgress, signal }),
    (error) => uploadErrorMessage(error, DOCUMENT_POLICY),
  );
  const room = MAX_DOCUMENTS - documents.length - uploads.items.filter((item) => item.status === "uploading").length;

  function choose(files: File[]) {
    files.forEach((file, index) => {
      const problem = index >= room ? `You can attach at most ${MAX_DOCUMENTS} documents.` : fileProblem(file, DOCUMENT_POLICY);
      uploads.add(file, contentTypeFor(file, DOCUMENT_POLICY), problem);
    });
  }

  function removeDocument(document: MentorDocument) {
    setRemoving(document.id);
    remove.mutate(document.id, {
      onSuccess: () => toast.success("Document removed", document.filename),
      onError: (error) => toast.error("Couldn't remove the document", errorMessage(error)),
      onSettled: () => setRemoving(null),
    });
  }

  return (
    <StepFrame
      title="Verification documents"
      description="Proof of the qualifications behind what you teach: a degree, a teaching certificate or similar, and an identity document."
      onBack={onBack}
      actions={
        <Button onClick={onNext} disabled={uploads.busy}>
          Continue <ArrowRightIcon size={16} />
        </Button>
      }
    >
      <p className="flex items-start gap-2.5 rounded-xl bg-slate-50 px-4 py-3 text-sm leading-6 text-slate-600">
        <ShieldIcon size={18} className="mt-0.5 shrink-0 text-brand-600" />
        Only Mentora's review team can open these files. They are never shown on your public profile.
      </p>
      {locked ? (
        <Alert tone="info" title="Documents are locked">
          <span className="inline-flex items-center gap-1.5">
            <LockIcon size={14} />
            {profile.status === "verified"
              ? "What our team checked stays on file. Contact support if a document needs replacing."
              : "They can't change while your application is under review."}
          </span>
        </Alert>
      ) : (
        <FileDrop
          label="Upload documents"
          multiple
          accept={acceptAttribute(DOCUMENT_POLICY)}
          disabled={room <= 0}
          onFiles={choose}
          hint={room <= 0 ? `You've attached the maximum of ${MAX_DOCUMENTS} documents.` : `${DOCUMENT_POLICY.label}, up to ${formatBytes(DOCUMENT_POLICY.maxBytes)} each`}
        />
      )}
      <UploadList label="Uploads" items={uploads.items} onCancel={uploads.cancel} onRetry={uploads.retry} onDismiss={uploads.dismiss} />
      {documents.length ? (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-900">
            Attached ({documents.length}/{MAX_DOCUMENTS})
          </h3>
          <DocumentList documents={documents} onRemove={locked ? undefined : removeDocument} removing={removing} />
        </div>
      ) : !uploads.items.length ? (
        <p className="text-center text-sm text-slate-500">No documents yet. Add at least one to submit your application.</p>
      ) : null}
    </StepFrame>
  );
}
