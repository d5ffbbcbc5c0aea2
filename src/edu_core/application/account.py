"""Account self-service: a profile picture, and deleting one's own account (ADR 5).

A profile picture is checked by its bytes and header like every upload, then re-encoded (no
EXIF position, comments or anything hidden around the pixels survives) and stored under a
fresh key; the previous picture is deleted once the change is committed.
"""

from collections.abc import AsyncIterable, Iterable
from datetime import timedelta

from edu_core.application.actors import Principal
from edu_core.application.content_images import in_pieces, read_all
from edu_core.application.messagebus import Subscription, on
from edu_core.domain.audit import AuditEntry
from edu_core.domain.errors import Conflict, PermissionDenied
from edu_core.domain.files import (
    SNIFF_BYTES,
    FileKind,
    UnsupportedFileType,
    check_animation,
    check_image_dimensions,
    check_upload,
    new_blob_key,
)
from edu_core.domain.identity import InvalidCredentials, Role, User, UserDeleted, UserNotFound
from edu_core.ports.clock import Clock
from edu_core.ports.security import PasswordHasher
from edu_core.ports.storage import BlobStorage, ImageEncoder, ImageInspector
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

KIND = FileKind.AVATAR
# Re-encoding may grow a file a little (another compressor, a colour profile kept).
STORED_MAX_BYTES = 2 * KIND.policy.max_bytes
AVATAR_LINK_TTL = timedelta(hours=6)



class AdminCannotDeleteSelf(PermissionDenied):
    code = "admin_self_deletion"
    default_message = ("Admin accounts are deleted by another admin, so the platform is never "
                       "left without one.")


class AccountService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, hasher: PasswordHasher,
                 storage: BlobStorage, images: ImageInspector,
                 encoder: ImageEncoder) -> None:
        self._uow = uow
        self._clock = clock
        self._hasher = hasher
        self._storage = storage
        self._images = images
        self._encoder = encoder

    async def avatar_url(self, user: User) -> str | None:
        """A fresh signed link to the user's picture (links are never stored)."""
        if user.avatar_key is None:
            return None
        return await self._storage.signed_url(user.avatar_key, expires_in=AVATAR_LINK_TTL)

    async def upload_avatar(self, principal: Principal, chunks: AsyncIterable[bytes], *,
                            filename: str | None, content_type: str | None) -> User:
        """Nothing is stored when a check fails; the previous picture goes once the new one
        is committed."""
        data = await read_all(chunks, KIND.policy.max_bytes)
        found = check_upload(KIND, data[:SNIFF_BYTES], content_type=content_type,
                             filename=filename)
        # From the header only: a decompression bomb is refused before any pixel is decoded.
        check_image_dimensions(KIND, self._images.dimensions(data))
        image = await self._encoder.reencode(data, found, KIND)
        if image.file_type is not found:
            raise UnsupportedFileType("The image could not be read.")
        check_animation(KIND, image.frames, (image.width, image.height))
        blob = await self._storage.put(new_blob_key(KIND), in_pieces(image.data),
                                       content_type=found.value, max_bytes=STORED_MAX_BYTES)
        try:
            async with self._uow() as uow:
                user = await self._own(uow, principal)
                previous = user.set_avatar(blob.key, self._clock.now())
                await uow.commit()
        except BaseException:
            await self._storage.delete(blob.key)
            raise
        if previous:
            await self._storage.delete(previous)
        return user

    async def remove_avatar(self, principal: Principal) -> User:
        async with self._uow() as uow:
            user = await self._own(uow, principal)
            previous = user.set_avatar(None, self._clock.now())
            await uow.commit()
        if previous:
            await self._storage.delete(previous)
        return user

    async def delete_account(self, principal: Principal, password: str) -> None:
        """ADR 5, asked for by the person: the password confirms it is them (a session left
        open on a shared computer is not enough to erase an account)."""
        async with self._uow() as uow:
            user = await self._own(uow, principal)
            if user.role is Role.ADMIN:
                raise AdminCannotDeleteSelf()
            if not await self._hasher.verify(password, user.password_hash):
                message = "The current password is incorrect."
                raise InvalidCredentials(message,
                                         details={"fields": {"current_password": message}})
            now = self._clock.now()
            user.delete(now)
            await uow.sessions.revoke_all_for_user(user.id, "deleted", now)
            uow.audit.record(AuditEntry(actor_id=user.id, action="user.delete",
                                        target_type="user", target_id=str(user.id),
                                        occurred_at=now, details={"actor": "self"}))
            await uow.commit()

    @staticmethod
    async def _own(uow: UnitOfWork, principal: Principal) -> User:
        user = await uow.users.get(principal.user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        if not user.is_active:
            raise Conflict("This account can no longer be changed.")
        return user


class AccountErasureHandlers:
    """What goes with an account however it was deleted (by its owner or by an admin): what
    only the person could see. The profile picture, the notification choices, the threads
    they chose to watch or mute, their study time, XP and boards, the chat files they uploaded
    but never sent, their private annotations and the handwritten documents no lesson names
    (posts, sent messages, shared annotations and published ones stay, shown as "Deleted
    user")."""

    def __init__(self, *, uow: UnitOfWorkFactory, storage: BlobStorage) -> None:
        self._uow = uow
        self._storage = storage

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(UserDeleted, self.erase)]

    async def erase(self, event: UserDeleted) -> None:
        async with self._uow() as uow:
            await uow.notification_preferences.delete_for_user(event.user_id)
            await uow.forum.forget_watching(event.user_id)
            # Private annotations go; the ones an item's author published are part of the
            # lesson every learner reads, and stay, as published content does (ADR 35).
            await uow.handwritten.delete_annotations_of(event.user_id, keep_published=True)
            # Documents no lesson ever named were only ever the person's to see.
            unused = await uow.handwritten.unused_documents_of(event.user_id)
            for document in unused:
                for key in document.blob_keys():
                    await self._storage.delete(key)
            await uow.handwritten.delete_documents([x.id for x in unused])
            # Study time says when and how long the person read what: theirs alone.
            await uow.study.forget(event.user_id)
            # XP, streaks, achievements and seats: the account leaves every board.
            await uow.gamification.erase(event.user_id)
            # The files go before their rows' removal commits: a delivery that fails midway
            # is retried and finds the rows again, so no file of the account is left behind.
            for key in await uow.chat.discard_unsent_of(event.user_id):
                await self._storage.delete(key)
            await uow.commit()
        if event.avatar_key:
            await self._storage.delete(event.avatar_key)
