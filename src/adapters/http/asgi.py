"""ASGI entry point for servers (``edu serve``): an app factory, called once per worker
process."""

import gc

from litestar import Litestar

from adapters.http.app import create_app

# Collect the youngest generation after this many new container objects (CPython: 700), and
# look at everything once per ~100 of those collections. Each live socket and request holds
# objects for a while; with the default thresholds the objects of a fan-out to a thousand
# sockets, still queued when a young collection ran, were promoted and triggered a full
# collection every second or two, a pause of 60-150 ms for every socket (measured with
# bench/fanout.py). Garbage in cycles is still collected, only in larger batches.
GC_THRESHOLDS = (20_000, 50, 100)


def freeze_start_up_heap() -> None:
    """Move everything alive after start-up (modules, routes, the container, the pools) out of
    the collector's reach, and collect less often from then on.

    Those objects (some 290,000) live as long as the process, yet every full collection
    walked all of them again, a pause of about 190 ms on a busy 2-core machine that landed in
    the tail latency of whatever requests were in flight. Collect once first so start-up
    garbage is not frozen with them.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def create() -> Litestar:
    app = create_app()
    # After the lifespan has started the container's pools and background tasks.
    app.on_startup.append(freeze_start_up_heap)
    return app
