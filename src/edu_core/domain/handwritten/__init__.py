"""Handwritten notes (S18): documents of pages a mentor uploads (a PDF or photos), and the
annotations students and mentors draw on a handwritten content item's pages."""

from edu_core.domain.handwritten.annotations import (
    INK_DECIMALS,
    MAX_ANNOTATIONS_PER_ITEM,
    MAX_BODY,
    MAX_POINTS,
    MAX_POINTS_PER_STROKE,
    MAX_STROKES,
    PRESSURE_DECIMALS,
    Annotation,
    AnnotationLimitReached,
    AnnotationNotFound,
    CheckedAnnotation,
    InvalidAnnotation,
    ListedAnnotation,
    Motivation,
    PublishDenied,
    Visibility,
    check_annotation,
)
from edu_core.domain.handwritten.documents import (
    MAX_IMAGES,
    MAX_PDF_PAGES,
    MAX_TOTAL_BYTES,
    Document,
    DocumentFailure,
    DocumentNotFound,
    DocumentNotReady,
    DocumentStatus,
    InvalidDocument,
    Page,
    PdfActiveContent,
    PdfEncrypted,
    PdfRefused,
    SourceType,
    check_page_size,
    document_key,
)

__all__ = [
    "INK_DECIMALS", "MAX_ANNOTATIONS_PER_ITEM", "MAX_BODY", "MAX_IMAGES", "MAX_PDF_PAGES",
    "MAX_POINTS", "MAX_POINTS_PER_STROKE", "MAX_STROKES", "MAX_TOTAL_BYTES",
    "PRESSURE_DECIMALS", "Annotation", "AnnotationLimitReached", "AnnotationNotFound",
    "CheckedAnnotation", "Document", "DocumentFailure", "DocumentNotFound", "DocumentNotReady",
    "DocumentStatus", "InvalidAnnotation", "InvalidDocument", "ListedAnnotation", "Motivation",
    "Page", "PdfActiveContent", "PdfEncrypted", "PdfRefused", "PublishDenied", "SourceType",
    "Visibility", "check_annotation", "check_page_size", "document_key",
]
