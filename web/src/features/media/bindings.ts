/**
 * The injected APIs of this feature bound to the app's client, for the features that show
 * media (workspace, learn, admin review). The multipart calls go through `postForm` for progress.
 */
import { annotationSharing, annotationsOf, captionsUrl, getHandwrittenDocument, getVideo, HANDWRITTEN_DOCUMENTS_URL, removeVideoCaption, saveVideoPosition, videoUploads } from "../../api/media";
import type { CaptionInput } from "./CaptionsEditor";
import type { Caption, HandwrittenDocument } from "./contract";
import { notesForm, postForm } from "./form-upload";
import { formatDateTime } from "../../lib/format";
import { chatSearchWindow, openChats } from "./share-targets";
import type { ShareApi } from "./ShareAnnotationDialog";
import type { NotesFieldApi } from "./NotesUploadField";
import type { AnnotationsSource } from "./use-annotations";
import type { VideoFieldApi } from "./VideoUploadField";

function captionForm({ file, language, label }: CaptionInput): FormData {
  const form = new FormData();
  form.append("file", file, file.name);
  form.append("language", language);
  form.append("label", label);
  return form;
}

export const videoFieldApi: VideoFieldApi = {
  uploads: videoUploads,
  getVideo,
  addCaption: (videoId, input) => postForm<Caption>(captionsUrl(videoId), captionForm(input)),
  removeCaption: removeVideoCaption,
};

export const notesFieldApi: NotesFieldApi = {
  upload: (files, options) => postForm<HandwrittenDocument>(HANDWRITTEN_DOCUMENTS_URL, notesForm(files), options),
  getDocument: getHandwrittenDocument,
};

export function annotationsSource(itemId: string): AnnotationsSource {
  return annotationsOf(itemId);
}

export function positionSaver(itemId: string): (seconds: number) => Promise<void> {
  return (seconds) => saveVideoPosition(itemId, seconds);
}

export const shareApi: ShareApi = {
  threads: annotationSharing.threads,
  chats: async () => {
    const now = new Date();
    const { from, to } = chatSearchWindow(now);
    return openChats(await annotationSharing.sessions(from, to), now, (iso) => formatDateTime(iso));
  },
  startThread: annotationSharing.startThread,
  reply: annotationSharing.reply,
  sendToChat: annotationSharing.sendToChat,
};
