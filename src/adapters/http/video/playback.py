"""How a video body in a content response is filled: the video's status, freshly signed links,
captions and the reader's own ``resume_at`` (found by ``adapters.http.content.media_bodies``)."""

from adapters.http.content.bodies import VideoBody
from adapters.http.video.schemas import CaptionOut, ThumbnailsOut
from edu_core.application.video import VideoView


def fill_video(body: VideoBody, view: VideoView | None, resume_at: float | None) -> None:
    body.resume_at = resume_at
    if view is None:
        body.status = "failed"  # the video is gone (its account was erased)
        return
    video = view.video
    body.status = video.status.value
    body.duration_seconds, body.width, body.height = (video.duration_seconds, video.width,
                                                      video.height)
    body.video_url, body.poster_url = view.video_url, view.poster_url
    if view.thumbnails is not None:
        s = view.thumbnails.sprite
        body.thumbnails = ThumbnailsOut(url=view.thumbnails.url, columns=s.columns,
                                        rows=s.rows, interval_seconds=s.interval_seconds,
                                        tile_width=s.tile_width, tile_height=s.tile_height)
    body.captions = [CaptionOut.of(c) for c in view.captions]
