"""The Starlette layer: routes, security headers and the write token. Every page and API
answer is built by ``views`` from a store opened for the request; nothing here writes SQL."""

from __future__ import annotations

import hmac
import io
import ipaddress
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tabayyun import __version__
from tabayyun.corrections import CorrectionError, Target, make_correction
from tabayyun.report import exports
from tabayyun.store import Store, StoreError, open_store
from tabayyun.web import chart, views
from tabayyun.web.openapi import openapi_document
from tabayyun.web.uploads import ALLOWED, MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, UploadError, Uploads

# no inline script or style at all: the page's script is /static/app.js, the data it reads a
# JSON block (type application/json, never executed)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # not no-referrer: under it the browser sends `Origin: null` with the page's own form posts,
    # which the same-origin check below must refuse; same-origin still sends no referrer elsewhere
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# what a missing record of an API path is called in its 404 ("no such story")
NOUNS = {"documents": "document", "stories": "story", "uploads": "upload"}
# the browser's correction forms cannot send a header: their endpoints check the form's token field
FORM_WRITES = ("/corrections", "/upload")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SecurityHeaders:
    """Adds the Content-Security-Policy and the other headers to every response, and refuses
    a write (POST, PUT, PATCH, DELETE) without the token when a token is set."""

    def __init__(self, app: ASGIApp, token: str | None, tile_origin: str | None = None) -> None:
        self.app = app
        self.token = token
        csp = CSP if tile_origin is None else CSP.replace("img-src 'self' data:", f"img-src 'self' data: {tile_origin}")
        self.headers = [(b"content-security-policy", csp.encode()), *SECURITY_HEADERS[1:]]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.headers if k not in names]
            await send(message)

        write = scope["method"] not in SAFE_METHODS
        if write and not self._same_origin(scope):
            response = JSONResponse({"error": "a write must come from this site (Origin differs)"}, status_code=403)
            await response(scope, receive, send_with_headers)
            return
        if self.token and write and scope["path"] not in FORM_WRITES and not self._authorised(scope):
            response = JSONResponse({"error": "this server needs the token for writes (Authorization: Bearer …)"},
                                    status_code=401)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _same_origin(scope: Scope) -> bool:
        """A write another site's page sent through the analyst's browser carries that site's
        Origin: refused (no cross-site request forgery, even on loopback without a token)."""
        headers = dict(scope.get("headers", []))
        origin = headers.get(b"origin")
        if origin is None:
            return True  # not a browser's cross-site request (curl, scripts, same-origin GET forms)
        host = headers.get(b"host", b"")
        return origin.split(b"://", 1)[-1] == host

    def _authorised(self, scope: Scope) -> bool:
        assert self.token is not None
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                given = value.decode("latin-1")
                if given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), self.token.encode()):
                    return True
        return False


def _origin(url: str) -> str:
    """scheme://host of a tile URL template, for the CSP's img-src (its {s} subdomains as *)."""
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tabayyun.web", "templates"),
        autoescape=True,  # every template, whatever its name: article text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["q"] = lambda value: quote(str(value), safe="")
    env.filters["safe_url"] = views.safe_url
    env.globals["version"] = __version__
    return env


def create_app(db: str, token: str | None = None, tiles: str | None = None,
               tiles_attribution: str = "") -> Starlette:
    """The web app over the store at ``db`` (a SQLite file or a PostgreSQL URL). ``tiles``: a
    map tile URL template (https://…/{z}/{x}/{y}.png); without one the maps draw their points
    on a blank background (offline)."""
    if tiles is not None and views.safe_url(tiles.replace("{", "").replace("}", "")) is None:
        raise ValueError(f"the tile URL must be http(s)://HOST/…, not {tiles!r}")
    templates = Jinja2Templates(env=_environment())
    uploads = Uploads(db)

    @contextmanager
    def store() -> Iterator[Store]:
        with open_store(db) as s:
            yield s

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
        return templates.TemplateResponse(request, name, {"db": db, "tiles": tiles,
                                                          "tiles_attribution": tiles_attribution, **context},
                                          status_code=status_code)

    def with_store(handler: Callable[[Request, Store], Response]) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            api = request.url.path.startswith("/api/")
            try:
                with store() as s:
                    return handler(request, s)
            except views.BadQuery as exc:
                if api:
                    return JSONResponse({"error": str(exc)}, status_code=400)
                return page(request, "error.html", message=str(exc), status_code=400)
            except StoreError as exc:
                if api:
                    return JSONResponse({"error": str(exc)}, status_code=503)
                return page(request, "error.html", message=str(exc), status_code=503)
        return endpoint

    def not_found(request: Request, what: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": f"no such {what}"}, status_code=404)
        return page(request, "error.html", message=f"No such {what}.", status_code=404)

    # --- pages ------------------------------------------------------------------------------
    def home(request: Request) -> Response:
        return RedirectResponse("/stories", status_code=302)

    def stories_page(request: Request, s: Store) -> Response:
        listing = views.stories_listing(s, dict(request.query_params), default_limit=views.STORIES_PAGE)

        def link(offset: int) -> str:
            return "/stories?" + urlencode({"offset": max(offset, 0), "limit": listing.page.limit})

        return page(request, "stories.html", stories=listing.items, listing=listing, link=link, counts=s.counts(),
                    needs_token=bool(token))

    def story_page(request: Request, s: Store) -> Response:
        params = dict(request.query_params)
        found = views.story(s, request.path_params["story_id"], params)
        if found is None:
            return not_found(request, "story")
        charts = chart.timeline_charts(found["timelines"][:views.STORY_CHARTS], found["timeline_findings"])

        def link(**changes: int) -> str:
            """This page with other pages of its lists (the other list's page kept)."""
            kept = {k: v for k, v in params.items() if k in ("limit", "offset", "incident_limit", "incident_offset")}
            return f"/stories/{quote(found['story_id'], safe='')}?" + urlencode({**kept, **changes})

        return page(request, "story.html", story=found, charts=charts, link=link, reports=views.INCIDENT_REPORTS,
                    needs_token=bool(token))

    def claims_page(request: Request, s: Store) -> Response:
        params = dict(request.query_params)
        listing = views.claims_listing(s, params)
        kept = {k: v for k, v in params.items() if v and k not in ("offset",)}

        def link(**changes: Any) -> str:
            return "/claims?" + urlencode({**kept, **{k: v for k, v in changes.items()}})

        return page(request, "claims.html", listing=listing, params=params, options=views.filter_options(s, params.get("story")),
                    link=link)

    def document_page(request: Request, s: Store) -> Response:
        found = views.document(s, request.path_params["doc_id"])
        if found is None:
            return not_found(request, "document")
        return page(request, "document.html", doc=found, layers=views.DOC_LAYERS)

    def here(request: Request) -> Callable[..., str]:
        """Links to this page with some query parameters changed (another page of one of its lists)."""
        def link(**changes: Any) -> str:
            return quote(request.url.path) + "?" + urlencode({**request.query_params, **changes})
        return link

    def entity_page(request: Request, s: Store) -> Response:
        found = views.entity(s, request.path_params["entity_id"], dict(request.query_params))
        if found is None:
            return not_found(request, "entity")
        return page(request, "entity.html", entity=found, link=here(request))

    def outlet_page(request: Request, s: Store) -> Response:
        found = views.outlet(s, request.path_params["name"], dict(request.query_params))
        if found is None:
            return not_found(request, "outlet")
        return page(request, "outlet.html", outlet=found, link=here(request))

    def search_page(request: Request, s: Store) -> Response:
        found = views.search(s, dict(request.query_params))
        q = found["query"]

        def link(offset: int) -> str:
            return "/search?" + urlencode({"q": q, "offset": max(offset, 0)})

        return page(request, "search.html", found=found, link=link)

    def outlets_page(request: Request, s: Store) -> Response:
        return page(request, "outlets.html", outlets=sorted(s.outlets().items(), key=lambda kv: -kv[1]))

    # --- corrections --------------------------------------------------------------------------
    def corrections_page(request: Request, s: Store) -> Response:
        params = request.query_params
        return page(request, "corrections.html", corrections=[c.as_json() for c in s.corrections()],
                    target=params.get("target", ""), key=params.get("key", ""), text=params.get("text", ""),
                    back=params.get("back", ""), needs_token=bool(token), targets=[t.value for t in Target],
                    error=params.get("error", ""))

    def _store_correction(body: dict[str, Any]) -> dict[str, Any]:
        author = body.get("author")
        if not isinstance(author, str) or not author.strip():
            raise CorrectionError("author is required: who makes the correction")
        correction = make_correction(body, author.strip())
        with store() as s:
            return s.add_correction(correction).as_json()

    async def api_add_correction(request: Request) -> Response:
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise CorrectionError("the body must be a JSON object")
            return JSONResponse(await run_in_threadpool(_store_correction, body), status_code=201)
        except (CorrectionError, ValueError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    def _delete(correction_id: int) -> bool:
        with store() as s:
            return s.delete_correction(correction_id)

    async def api_delete_correction(request: Request) -> Response:
        try:
            correction_id = int(request.path_params["correction_id"])
        except ValueError:
            return JSONResponse({"error": "a correction id is a number"}, status_code=400)
        if not await run_in_threadpool(_delete, correction_id):
            return JSONResponse({"error": "no such correction"}, status_code=404)
        return JSONResponse({"deleted": correction_id})

    async def form_correction(request: Request) -> Response:
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        picked = [v for v in form.getlist("doc") if isinstance(v, str) and v]
        if token and not hmac.compare_digest(fields.get("token", "").encode(), token.encode()):
            return JSONResponse({"error": "wrong or missing token"}, status_code=401)
        back = fields.get("back", "")
        if not back.startswith("/") or back.startswith("//"):
            back = "/corrections"
        try:
            if fields.get("delete"):
                await run_in_threadpool(_delete, int(fields["delete"]))
                return RedirectResponse(back, status_code=303)
            changes: dict[str, Any] = {}
            for name in ("claimant", "claimant_kind", "measure", "unit", "date", "event_type", "sub_event_type",
                         "kind"):
                if fields.get(name, "").strip():
                    changes[name] = fields[name].strip()
            for name in ("low", "high"):
                if fields.get(name, "").strip():
                    changes[name] = float(fields[name])
            key = fields.get("key")
            if fields.get("target") == "story" and fields.get("action") == "split":  # the story page's ticks
                if not picked:
                    raise CorrectionError("tick the documents that leave the story")
                key = "|".join(picked)
            elif fields.get("target") == "story":  # the merge form: one document of each story
                key = f"{fields.get('story_a', '')}|{fields.get('story_b', '')}"
            body = {"target": fields.get("target"), "key": key, "action": fields.get("action"),
                    "changes": changes, "note": fields.get("note", ""), "author": fields.get("author", "")}
            await run_in_threadpool(_store_correction, body)
        except (CorrectionError, ValueError) as exc:
            return RedirectResponse("/corrections?" + urlencode({**{k: fields.get(k, "") for k in (
                "target", "key", "back")}, "error": str(exc)}), status_code=303)
        return RedirectResponse(back, status_code=303)

    # --- uploads --------------------------------------------------------------------------------
    def upload_form(request: Request, error: str = "", status_code: int = 200) -> Response:
        return page(request, "upload.html", status_code=status_code, allowed=ALLOWED,
                    max_mb=MAX_FILE_BYTES // 1_000_000, max_files=MAX_FILES,
                    max_total_mb=MAX_TOTAL_BYTES // 1_000_000, needs_token=bool(token), error=error)

    async def upload_page(request: Request) -> Response:
        return upload_form(request)

    def _token_given(request: Request, field_token: str) -> bool:
        if not token:
            return True
        header = request.headers.get("authorization", "")
        given = header[7:] if header.startswith("Bearer ") else field_token
        return hmac.compare_digest(given.encode(), token.encode())

    async def upload_post(request: Request) -> Response:
        form = await request.form(max_files=MAX_FILES + 1)
        field_token = form.get("token")
        if not _token_given(request, field_token if isinstance(field_token, str) else ""):
            return JSONResponse({"error": "wrong or missing token"}, status_code=401)
        files: list[tuple[str, bytes]] = []
        read = 0
        for item in form.getlist("files"):
            if isinstance(item, str):
                continue
            # never more than the limit + 1 bytes of a file: enough to refuse it
            data = await item.read(MAX_FILE_BYTES + 1)
            read += len(data)
            files.append((item.filename or "article.txt", data))
            if read > MAX_TOTAL_BYTES:
                break  # over the total already: refused below without reading the rest
        try:
            job = uploads.start(files)
        except UploadError as exc:
            return upload_form(request, error=str(exc), status_code=400)
        return RedirectResponse(f"/upload/{job.id}", status_code=303)

    async def upload_job(request: Request) -> Response:
        job = uploads.get(request.path_params["job_id"])
        if job is None:
            return not_found(request, "upload")
        if request.url.path.startswith("/api/"):
            return JSONResponse(job.as_json())
        return page(request, "upload_job.html", job=job.as_json())

    # --- API --------------------------------------------------------------------------------
    def api(build: Callable[[Request, Store], Any]) -> Callable[[Request, Store], Response]:
        def handler(request: Request, s: Store) -> Response:
            result = build(request, s)
            if result is None:
                return not_found(request, NOUNS.get(request.url.path.split("/")[2], "record"))
            return JSONResponse(result)
        return handler

    def q(request: Request) -> dict[str, str]:
        return dict(request.query_params)

    def api_document(request: Request, s: Store) -> Any:
        found = views.document(s, request.path_params["doc_id"])
        if found is None:
            return None
        return {**found["document"], "text": found["text"], "records": found["records"]}

    def api_story(request: Request, s: Store) -> Any:
        found = views.story(s, request.path_params["story_id"], q(request))
        if found is not None:
            found.pop("timeline_findings", None)
        return found

    def paged(records: list[dict[str, Any]], params: dict[str, str]) -> dict[str, Any]:
        p = views.page_of({k: v for k, v in params.items() if k != "sort"}, "mentions")
        return {"total": len(records), "limit": p.limit, "offset": p.offset,
                "items": records[p.offset:p.offset + (p.limit or len(records))]}

    api_routes: list[tuple[str, Callable[[Request, Store], Any]]] = [
        ("/api/documents", lambda r, s: views.documents_listing(s, q(r)).as_json()),
        ("/api/documents/{doc_id:path}", api_document),
        ("/api/mentions", lambda r, s: views.mentions_listing(s, q(r)).as_json()),
        ("/api/claims", lambda r, s: views.claims_listing(s, q(r)).as_json()),
        ("/api/events", lambda r, s: views.events_listing(s, q(r)).as_json()),
        ("/api/findings", lambda r, s: {k: v for k, v in views.findings_listing(s, q(r)).as_json().items()
                                        if k != "sort"}),
        ("/api/incidents", lambda r, s: paged(views.incidents(s, r.query_params.get("story_id") or None), q(r))),
        ("/api/stories", lambda r, s: {k: v for k, v in views.stories_listing(s, q(r)).as_json().items()
                                       if k != "sort"}),
        ("/api/stories/{story_id}", api_story),
        ("/api/search", lambda r, s: views.search(s, q(r))),
        ("/api/corrections", lambda r, s: {"items": [c.as_json() for c in s.corrections()]}),
    ]

    # --- exports: the files `tabayyun export` writes, from the same functions --------------------
    def export_csv(request: Request, s: Store) -> Response:
        out = io.StringIO()
        exports.export_acled_csv(s, out, excel=views.flag(request.query_params, "excel"))
        return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="tabayyun-acled.csv"'})

    def export_geojson(request: Request, s: Store) -> Response:
        out = io.StringIO()
        exports.export_geojson(s, out)
        return Response(out.getvalue().encode("utf-8"), media_type="application/geo+json",
                        headers={"content-disposition": 'attachment; filename="tabayyun.geojson"'})

    def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(__version__))

    def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    def favicon(request: Request) -> Response:
        return Response(status_code=204)

    static = resources.files("tabayyun.web") / "static"
    routes = [
        Route("/", home),
        Route("/stories", with_store(stories_page)),
        Route("/stories/{story_id}", with_store(story_page)),
        Route("/claims", with_store(claims_page)),
        Route("/documents/{doc_id:path}", with_store(document_page)),
        Route("/entities/{entity_id:path}", with_store(entity_page)),
        Route("/search", with_store(search_page)),
        Route("/upload", upload_page, methods=["GET"]),
        Route("/upload", upload_post, methods=["POST"]),
        Route("/upload/{job_id}", upload_job),
        Route("/api/uploads/{job_id}", upload_job),
        Route("/corrections", with_store(corrections_page), methods=["GET"]),
        Route("/corrections", form_correction, methods=["POST"]),
        Route("/api/corrections", api_add_correction, methods=["POST"]),
        Route("/api/corrections/{correction_id}", api_delete_correction, methods=["DELETE"]),
        Route("/outlets", with_store(outlets_page)),
        Route("/outlets/{name:path}", with_store(outlet_page)),
        Route("/openapi.json", openapi),
        Route("/healthz", health),
        Route("/favicon.ico", favicon),
        *[Route(path, with_store(api(build))) for path, build in api_routes],
        Route("/api/exports/acled.csv", with_store(export_csv)),
        Route("/api/exports/layers.geojson", with_store(export_geojson)),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(SecurityHeaders, token=token, tile_origin=_origin(tiles) if tiles else None)
    return app
