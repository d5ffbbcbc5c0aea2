import { Navigate, useLocation, useParams } from "react-router";
import { threadPath } from "./forum-filters";

/** `/forum/threads/<id>#post-N` (the form notifications and e-mails carry) to the thread page. */
export default function ThreadRedirect() {
  const { threadId = "" } = useParams();
  const { hash } = useLocation();
  return <Navigate to={`${threadPath(threadId)}${hash}`} replace />;
}
