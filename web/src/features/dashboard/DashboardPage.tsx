import { useUser } from "../../auth/session-context";
import { useDocumentTitle } from "../../lib/document-title";
import { AdminHome } from "./AdminHome";
import { MentorHome } from "./MentorHome";
import { StudentHome } from "./StudentHome";

export default function DashboardPage() {
  const user = useUser();
  useDocumentTitle("Home");
  switch (user.role) {
    case "admin":
      return <AdminHome />;
    case "mentor":
      return <MentorHome />;
    default:
      return <StudentHome />;
  }
}
