"""Reflex state classes: thin, they resolve the actor and call services (no queries here).

Two kinds of module live in this package:

* a page's state: one module per page (``kegiatan_harian``, ``tpp``, ...) or one subpackage when a
  page is made of several states (``penilaian``). A page's state imports no other page's state;
* the shared layer below, which every page builds on and which imports no page's state: the root
  state and the access guard, the live-page machinery, the editor (the one shape of a write),
  paging, uploads and imports, and ``presentation`` (how shared records look on the pages).

tests/test_layering.py holds both rules.
"""

SHARED_LAYER = frozenset(
    {
        "actor_cache",  # who a session token belongs to, cached per worker
        "admin_common",  # the admin listings' paging, search and unit filter
        "app_state",  # the root state of every page
        "background",  # background events that run once at a time
        "editor",  # dialogs and forms: the one shape of a write
        "evidence",  # viewing an uploaded bukti
        "guard",  # the server-side access check of every handler
        "live",  # pages kept live as others change the data
        "paging",
        "presentation",  # records as the pages show them, month and period pickers
        "socket_binding",  # a session token counts on the connection that presented it
        "socket_middleware",
        "spreadsheet_import",
        "staged_upload",
    }
)
