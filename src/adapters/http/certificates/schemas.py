"""Shapes of course certificates."""

from datetime import datetime
from uuid import UUID

import msgspec

from edu_core.domain.courses import Certificate


class CertificateOut(msgspec.Struct):
    """What anyone holding the code may verify: who completed which course, taught by whom,
    and when."""

    code: str
    learner_name: str
    course_title: str
    mentor_name: str
    issued_at: datetime
    course_id: UUID | None  # None once the course was deleted; the certificate stays valid
    verify_path: str  # the public page that verifies it

    @classmethod
    def of(cls, c: Certificate) -> "CertificateOut":
        return cls(code=c.code, learner_name=c.learner_name, course_title=c.course_title,
                   mentor_name=c.mentor_name, issued_at=c.issued_at, course_id=c.course_id,
                   verify_path=verify_path(c.code))


def verify_path(code: str) -> str:
    return f"/certificates/{code}"
