import { Link, useParams } from "react-router";
import { certificatePdfUrl, useCertificate, useMyLearning } from "../../api/courses";
import { ApiError } from "../../api/errors";
import { useSession } from "../../auth/session-context";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { AwardIcon, BadgeCheckIcon, DownloadIcon } from "../../components/ui/icons";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate } from "../../lib/format";

/** The public verification page a certificate's address leads to: anyone can check it. */
export default function CertificatePage() {
  const { code = "" } = useParams();
  const certificate = useCertificate(code);
  const { user } = useSession();
  // Only its owner downloads the PDF; their own overview lists the certificates they hold.
  const learning = useMyLearning(user?.role === "student");
  useDocumentTitle(certificate.data ? `Certificate: ${certificate.data.course_title}` : "Certificate");
  const mine = learning.data?.courses.some((course) => course.certificate_code === code) ?? false;

  if (certificate.isPending) {
    return (
      <div role="status" aria-label="Checking the certificate">
        <Card className="mx-auto max-w-2xl p-8">
          <SkeletonText lines={5} />
        </Card>
      </div>
    );
  }
  if (certificate.isError) {
    const missing = certificate.error instanceof ApiError && (certificate.error.status === 404 || certificate.error.status === 400);
    return (
      <Card className="mx-auto max-w-2xl">
        {missing ? (
          <EmptyState
            icon={<AwardIcon size={22} />}
            title="No certificate with this code"
            description="Check the address against the one printed on the certificate."
            action={<ButtonLink to="/courses">Browse courses</ButtonLink>}
          />
        ) : (
          <ErrorState error={certificate.error} title="We couldn't check this certificate" onRetry={() => void certificate.refetch()} />
        )}
      </Card>
    );
  }
  const data = certificate.data;
  return (
    <Card className="mx-auto max-w-2xl overflow-hidden">
      <div className="border-b border-amber-200 bg-gradient-to-br from-amber-50 to-white px-6 py-8 text-center sm:px-10">
        <span className="mx-auto flex size-12 items-center justify-center rounded-full bg-amber-100 text-amber-700">
          <AwardIcon size={24} aria-hidden="true" />
        </span>
        <p className="mt-4 text-sm font-medium tracking-wide text-amber-800 uppercase">Certificate of completion</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{data.learner_name}</h1>
        <p className="mt-3 text-slate-600">completed the course</p>
        <p className="mt-1 text-lg font-semibold text-slate-900">
          {data.course_id ? (
            <Link to={`/courses/${data.course_id}`} className="hover:text-brand-700">
              {data.course_title}
            </Link>
          ) : (
            data.course_title
          )}
        </p>
        <p className="mt-3 text-sm text-slate-600">
          taught by {data.mentor_name} · {formatDate(data.issued_at)}
        </p>
      </div>
      <div className="flex flex-col gap-3 px-6 py-5 sm:flex-row sm:items-center sm:justify-between sm:px-10">
        <p className="flex items-center gap-2 text-sm font-medium text-emerald-700">
          <BadgeCheckIcon size={18} aria-hidden="true" /> Verified by Mentora
        </p>
        {mine ? (
          <a
            href={certificatePdfUrl(data.code)}
            download
            className="inline-flex items-center justify-center gap-1.5 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-xs transition hover:bg-brand-700 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2 focus-visible:outline-none"
          >
            <DownloadIcon size={16} aria-hidden="true" /> Download PDF
          </a>
        ) : null}
      </div>
    </Card>
  );
}
