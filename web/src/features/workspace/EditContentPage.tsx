import { useParams } from "react-router";
import { useMyContent } from "../../api/content";
import { ApiError } from "../../api/errors";
import { Alert } from "../../components/ui/Alert";
import { Card } from "../../components/ui/Card";
import { FormPageSkeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime } from "../../lib/format";
import { isKind } from "../content/kinds";
import { ContentWorkspace } from "./ContentWorkspace";
import { BackToContent } from "./EditContentHeader";

export default function EditContentPage() {
  const { itemId = "" } = useParams();
  const item = useMyContent(itemId);
  useDocumentTitle(item.data ? item.data.title : "My content");
  if (item.isPending) return <FormPageSkeleton label="Loading the item" columns="lg:grid-cols-[minmax(0,1fr)_19rem]" />;
  if (item.isError) {
    const missing = item.error instanceof ApiError && (item.error.status === 404 || item.error.status === 400);
    return (
      <>
        <BackToContent />
        <Card>
          <ErrorState
            error={item.error}
            title={missing ? "This item doesn't exist, or it isn't yours" : "We couldn't load this item"}
            onRetry={missing ? undefined : () => void item.refetch()}
          />
        </Card>
      </>
    );
  }
  const kind = isKind(item.data.kind) ? item.data.kind : null;
  if (!kind) {
    return (
      <Alert tone="warning" title="This kind of content can't be edited here yet">
        “{item.data.title}” is a {item.data.kind}. Last changed {formatDateTime(item.data.updated_at)}.
      </Alert>
    );
  }
  // A different item (or kind) starts a fresh editing session.
  return <ContentWorkspace key={item.data.id} item={item.data} kind={kind} />;
}
