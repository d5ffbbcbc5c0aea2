"""Certificate routes: anyone with the code verifies a certificate; its owner downloads the
PDF."""

from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import PathParameter

from adapters.http.access import AUTHENTICATED, PUBLIC, policy, provide_principal
from adapters.http.certificates.pdf import certificate_pdf
from adapters.http.certificates.schemas import CertificateOut, verify_path
from adapters.http.dependencies import provide_courses, provide_settings
from adapters.http.errors import error_responses
from adapters.settings import Settings
from edu_core.application.actors import Principal
from edu_core.application.courses import CourseService

Code = Annotated[str, PathParameter(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                                    description="The certificate's verification code.")]


class CertificatesController(Controller):
    path = "/api/v1/certificates"
    tags = ["Courses"]
    dependencies = {"courses": Provide(provide_courses, sync_to_thread=False),
                    "principal": Provide(provide_principal),
                    "settings": Provide(provide_settings, sync_to_thread=False)}

    @get("/{code:str}", operation_id="verifyCertificate",
         summary="Verify a course certificate: learner, course, mentor and date",
         description="Public: the code printed on the certificate is the only key.",
         responses=error_responses(404, 429), **policy(PUBLIC, rate_limit="public"))
    async def verify(self, courses: NamedDependency[CourseService],
                     code: Code) -> CertificateOut:
        return CertificateOut.of(await courses.certificate(code))

    @get("/{code:str}/pdf", operation_id="downloadCertificate",
         summary="Download my certificate as a PDF",
         description="Only for the learner it was issued to (`not_found`, 404, for anyone "
                     "else).",
         media_type="application/pdf", responses=error_responses(401, 404),
         **policy(AUTHENTICATED))
    async def pdf(self, courses: NamedDependency[CourseService],
                  principal: NamedDependency[Principal], settings: NamedDependency[Settings],
                  code: Code) -> Response[bytes]:
        certificate = await courses.my_certificate(principal, code)
        url = settings.public_url.rstrip("/") + verify_path(certificate.code)
        return Response(
            certificate_pdf(certificate, url), media_type="application/pdf",
            headers={"Content-Disposition":
                     f'attachment; filename="mentora-certificate-{certificate.code[:8]}.pdf"',
                     "Cache-Control": "private, no-store"})
