"""The web app analysts work in (``tabayyun serve``): server-rendered pages and a JSON API over a store.

``views`` builds what a page or an API answer shows from the ``Store`` (no SQL, no HTTP);
``chart`` lays out the timeline charts; ``app`` is the thin Starlette layer (routes, headers,
the write token).
"""
