"""Postgres repository of the video context: each method acts in the unit of work's transaction
at once (the service answers with what it stored), durable at the commit."""

from collections.abc import Collection
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Float,
    RowMapping,
    String,
    Text,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.tables import (
    SEARCH_CONFIG,
    content_versions,
    video_captions,
    video_positions,
    video_uploads,
    videos,
)
from adapters.pending_events import PendingEvents
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.search_text import websearch_text
from edu_core.domain.video import (
    Caption,
    Cue,
    ThumbnailSprite,
    UploadStatus,
    Video,
    VideoStatus,
    VideoUpload,
)

u, v, c, p = video_uploads.c, videos.c, video_captions.c, video_positions.c


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _upload(row: RowMapping) -> VideoUpload:
    return VideoUpload(id=row["id"], owner_id=row["owner_id"], filename=row["filename"],
                       size=row["size"], content_type=row["content_type"],
                       part_size=row["part_size"], storage_key=row["storage_key"],
                       storage_upload_id=row["storage_upload_id"],
                       status=UploadStatus(row["status"]), video_id=row["video_id"],
                       created_at=row["created_at"], expires_at=row["expires_at"])


def _upload_values(x: VideoUpload) -> dict[str, Any]:
    return {"id": x.id, "owner_id": x.owner_id, "filename": x.filename, "size": x.size,
            "content_type": x.content_type, "part_size": x.part_size,
            "storage_key": x.storage_key, "storage_upload_id": x.storage_upload_id,
            "status": x.status.value, "video_id": x.video_id, "created_at": x.created_at,
            "expires_at": x.expires_at}


def _sprite(raw: dict[str, Any] | None) -> ThumbnailSprite | None:
    if raw is None:
        return None
    return ThumbnailSprite(key=raw["key"], columns=raw["columns"], rows=raw["rows"],
                           interval_seconds=raw["interval_seconds"],
                           tile_width=raw["tile_width"], tile_height=raw["tile_height"],
                           count=raw["count"])


def _video(row: RowMapping) -> Video:
    return Video(id=row["id"], owner_id=row["owner_id"], filename=row["filename"],
                 source_key=row["source_key"], status=VideoStatus(row["status"]),
                 progress=float(row["progress"]), failure_code=row["failure_code"],
                 failure_message=row["failure_message"],
                 duration_seconds=_float(row["duration_seconds"]), width=row["width"],
                 height=row["height"], video_key=row["video_key"],
                 poster_key=row["poster_key"], sprite=_sprite(row["sprite"]),
                 created_at=row["created_at"], updated_at=row["updated_at"])


def _video_values(x: Video) -> dict[str, Any]:
    sprite = None if x.sprite is None else {
        "key": x.sprite.key, "columns": x.sprite.columns, "rows": x.sprite.rows,
        "interval_seconds": x.sprite.interval_seconds, "tile_width": x.sprite.tile_width,
        "tile_height": x.sprite.tile_height, "count": x.sprite.count}
    return {"id": x.id, "owner_id": x.owner_id, "filename": x.filename,
            "source_key": x.source_key, "status": x.status.value,
            "progress": round(x.progress, 4), "failure_code": x.failure_code,
            "failure_message": x.failure_message,
            "duration_seconds": None if x.duration_seconds is None
            else round(x.duration_seconds, 3),
            "width": x.width, "height": x.height, "video_key": x.video_key,
            "poster_key": x.poster_key, "sprite": sprite, "created_at": x.created_at,
            "updated_at": x.updated_at}


def _caption(row: RowMapping) -> Caption:
    return Caption(id=row["id"], video_id=row["video_id"], language=row["language"],
                   label=row["label"], key=row["blob_key"],
                   cues=[Cue(start=q["start"], end=q["end"], text=q["text"])
                         for q in row["cues"]],
                   created_at=row["created_at"])



# The first caption cue whose text matches the searched words, built once.
_cue = func.jsonb_array_elements(c.cues).table_valued("value").alias("cue")
_cue_start = cast(_cue.c.value.op("->>")("start"), Float)
_FIRST_CUE = (
    select(_cue_start).select_from(video_captions).join(_cue, true())
    .where(c.video_id == bindparam("video_id"),
           func.to_tsvector(literal_column(f"'{SEARCH_CONFIG}'"),
                            _cue.c.value.op("->>")("text")).op("@@")(
               func.websearch_to_tsquery(literal_column(f"'{SEARCH_CONFIG}'"),
                                         bindparam("words", type_=String))))
    .order_by(_cue_start).limit(1))

class PostgresVideoRepository:
    def __init__(self, session: Session, events: PendingEvents) -> None:
        self._s = session
        self._events = events

    async def add_upload(self, upload: VideoUpload) -> None:
        await self._s.execute(insert(video_uploads).values(**_upload_values(upload)))

    async def upload(self, upload_id: UUID, *, for_update: bool = False
                     ) -> VideoUpload | None:
        statement = select(video_uploads).where(u.id == upload_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._s.execute(statement)).mappings().first()
        return None if row is None else _upload(row)

    async def save_upload(self, upload: VideoUpload) -> None:
        await self._s.execute(update(video_uploads).where(u.id == upload.id)
                              .values(status=upload.status.value, video_id=upload.video_id))

    async def add_video(self, video: Video) -> None:
        await self._s.execute(insert(videos).values(**_video_values(video)))
        self._events.take_from(video)

    async def video(self, video_id: UUID, *, for_update: bool = False) -> Video | None:
        statement = select(videos).where(v.id == video_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._s.execute(statement)).mappings().first()
        return None if row is None else _video(row)

    async def save_video(self, video: Video) -> None:
        values = _video_values(video)
        del values["id"], values["owner_id"], values["created_at"]
        await self._s.execute(update(videos).where(v.id == video.id).values(**values))
        self._events.take_from(video)

    async def videos_of(self, owner_id: UUID, page: PageRequest) -> Page[Video]:
        total = (await self._s.execute(select(func.count()).select_from(videos)
                                       .where(v.owner_id == owner_id))).scalar_one()
        rows = await self._s.execute(
            select(videos).where(v.owner_id == owner_id)
            .order_by(v.created_at.desc(), v.id.desc())
            .offset(page.offset).limit(page.page_size))
        return Page(items=[_video(row) for row in rows.mappings()], total=int(total),
                    page=page.page, page_size=page.page_size)

    async def add_caption(self, caption: Caption) -> None:
        await self._s.execute(insert(video_captions).values(
            id=caption.id, video_id=caption.video_id, language=caption.language,
            label=caption.label, blob_key=caption.key, created_at=caption.created_at,
            cues=[{"start": q.start, "end": q.end, "text": q.text} for q in caption.cues]))

    async def captions(self, video_id: UUID) -> list[Caption]:
        rows = await self._s.execute(select(video_captions).where(c.video_id == video_id)
                                     .order_by(c.created_at, c.id))
        return [_caption(row) for row in rows.mappings()]

    async def remove_caption(self, video_id: UUID, caption_id: UUID) -> Caption | None:
        row = (await self._s.execute(
            delete(video_captions).where(c.video_id == video_id, c.id == caption_id)
            .returning(video_captions))).mappings().first()
        return None if row is None else _caption(row)

    async def set_position(self, item_id: UUID, student_id: UUID, seconds: float,
                           at: datetime) -> None:
        statement = pg_insert(video_positions).values(
            item_id=item_id, student_id=student_id, seconds=round(seconds, 3), updated_at=at)
        await self._s.execute(statement.on_conflict_do_update(
            index_elements=[p.item_id, p.student_id],
            set_={"seconds": statement.excluded.seconds,
                  "updated_at": statement.excluded.updated_at}))

    async def forget_positions(self, student_id: UUID) -> None:
        await self._s.execute(delete(video_positions).where(p.student_id == student_id))

    async def open_uploads_of(self, owner_id: UUID) -> list[VideoUpload]:
        rows = await self._s.execute(
            select(video_uploads).where(u.owner_id == owner_id,
                                        u.status == UploadStatus.UPLOADING.value)
            .order_by(u.created_at, u.id))
        return [_upload(row) for row in rows.mappings()]

    async def unused_videos_of(self, owner_id: UUID) -> list[Video]:
        named = select(content_versions.c.item_id).where(
            content_versions.c.body["video_id"].astext == cast(v.id, Text))
        rows = await self._s.execute(select(videos).where(v.owner_id == owner_id,
                                                          ~named.exists()))
        return [_video(row) for row in rows.mappings()]

    async def delete_videos(self, video_ids: Collection[UUID]) -> None:
        if video_ids:
            await self._s.execute(delete(videos).where(v.id.in_(list(video_ids))))

    async def items_showing(self, video_id: UUID) -> list[UUID]:
        rows = await self._s.execute(
            select(content_versions.c.item_id).distinct()
            .where(content_versions.c.body["video_id"].astext == str(video_id)))
        return list(rows.scalars())

    async def first_cue(self, video_id: UUID, query: str) -> float | None:
        words = websearch_text(query)
        if not words:
            return None
        found = (await self._s.execute(_FIRST_CUE, {"video_id": video_id, "words": words})
                 ).scalar_one_or_none()
        return None if found is None else float(found)

    async def position(self, item_id: UUID, student_id: UUID) -> float | None:
        found = (await self._s.execute(select(p.seconds).where(
            p.item_id == item_id, p.student_id == student_id))).scalar_one_or_none()
        return _float(found)
