"""Embedding in someone else's page: a genuinely cross-site iframe (third-party storage denied),
sandbox flags, the compact layout from the first paint, and sizes that never need scrollbars.

Cross-site, not just cross-origin: another port of 127.0.0.1 is the same site, so the host page
is served on `localhost` and frames the tool from `127.0.0.1`. Chromium then denies the frame
IndexedDB, as third-party storage blocking does in real browsers.
"""

from __future__ import annotations

import pytest
from conftest import BOOT_TIMEOUT_MS, Server, open_app


def _host(tmp_path, page, server, attrs: str = "") -> Server:
    (tmp_path / "post.html").write_text(
        "<!doctype html><title>A blog post</title><p>Here is the tool:</p>"
        f'<iframe id="embed" src="{server.origin}/index.html?embed=1" width="720" height="600"{attrs}></iframe>'
        f'<iframe id="probe" src="{server.origin}/pyscript.toml" width="10" height="10"></iframe>'
    )
    host = Server(tmp_path)
    page.guard.origins.append(f"http://localhost:{host.port}")
    page.goto(f"http://localhost:{host.port}/post.html")
    return host


@pytest.mark.parametrize("sandbox", [None, "allow-scripts allow-same-origin"])
def test_runs_in_a_cross_site_iframe_where_storage_is_denied(guarded, server, tmp_path, sandbox):
    page = guarded
    host = _host(tmp_path, page, server, f' sandbox="{sandbox}"' if sandbox else "")
    try:
        frame = page.frame_locator("#embed")
        # The premise: a frame of the tool's origin in this host really is denied IndexedDB (as
        # Chrome incognito, Brave, Safari do). Asked in a second frame: the tool's own frame has
        # its stand-in in place by now.
        probe = next(f for f in page.frames if f.url.endswith("/pyscript.toml"))
        denied = probe.evaluate("""() => new Promise(resolve => {
            const r = indexedDB.open("probe-from-test");
            r.onsuccess = () => resolve(false); r.onerror = e => { e.preventDefault(); resolve(true); };
        })""")
        frame.locator("#app:not([data-ready='0'])").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
        assert frame.locator("#app").get_attribute("data-ready") == "1", frame.locator("#error").inner_text()
        assert denied, "the browser did not deny storage to the cross-site frame: the test proves nothing"
        tool = next(f for f in page.frames if "/index.html" in f.url)
        assert tool.evaluate("nnvizBoot.storage") == "memory"
        assert frame.locator("#network line").count() == 350
        frame.locator("#train").click()
        frame.locator("#iterations", has_text="100").wait_for(timeout=5000)
        frame.get_by_role("tab", name="Draw").click()
        frame.locator("#draw-grid [data-index='7']").click()
        frame.locator("#draw-grid [data-index='7'][aria-pressed='true']").wait_for(timeout=5000)
        # (fitting 720×600 without scrollbars: test_draw_tab_fits_the_720x600_embed)
    finally:
        host.close()


def test_sandbox_without_allow_same_origin_says_which_attribute_is_needed(guarded, server, tmp_path):
    page = guarded
    page.guard.allow_errors = True  # the module scripts are refused; that is the point
    host = _host(tmp_path, page, server, ' sandbox="allow-scripts"')
    try:
        frame = page.frame_locator("#embed")
        frame.locator("#app[data-ready='error']").wait_for(state="attached", timeout=30_000)
        assert frame.locator("#error").is_visible() and frame.locator("#loading").is_hidden()
        assert "sandbox" in frame.locator("#error .error-title").inner_text()
        assert 'sandbox="allow-scripts allow-same-origin"' in frame.locator("#error .error-hint").inner_text()
    finally:
        host.close()


def test_sandbox_without_scripts_shows_static_text_saying_what_is_needed(guarded, server, tmp_path):
    page = guarded
    host = _host(tmp_path, page, server, ' sandbox=""')
    try:
        frame = page.frame_locator("#embed")
        frame.locator("#app").wait_for(state="attached")
        text = frame.locator("#app").inner_text()
        assert "needs JavaScript" in text and "allow-scripts allow-same-origin" in text, text
        assert frame.locator("#loading").is_hidden()
    finally:
        host.close()


def test_embed_layout_applies_before_python_starts(guarded, server):
    page = guarded
    page.set_viewport_size({"width": 720, "height": 600})
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # hold the runtime back
    page.goto(f"{server.origin}/index.html?embed=1", wait_until="domcontentloaded")
    assert page.get_attribute("#app", "data-ready") == "0"
    assert page.locator(".tagline").is_hidden() and page.locator("#explanation").is_hidden()
    assert page.locator(".site-header").bounding_box()["height"] <= 1  # visually hidden; its h1 stays
    assert page.locator("#full-page-link").is_visible() and page.locator("#loading").is_visible()
    page.wait_for_selector("#loading", state="visible")  # still starting (the runtime is held back)
    for route in held:
        route.continue_()
    page.unroute("**/pyodide.asm.wasm")
    page.wait_for_selector('#app[data-ready="1"]', state="attached", timeout=BOOT_TIMEOUT_MS)
    assert page.locator(".tagline").is_hidden()


def _no_scrollbars(page) -> list:
    return page.evaluate("""() => { const e = document.documentElement;
        return [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]; }""")


def test_draw_tab_fits_the_720x600_embed(guarded, server):
    page = guarded
    page.set_viewport_size({"width": 720, "height": 600})
    open_app(page, server.origin, "?embed=1&tab=draw")
    assert page.locator("#draw-grid").is_visible()
    w, cw, h, ch = _no_scrollbars(page)
    assert w <= cw and h <= ch, f"Draw tab needs scrollbars at 720×600: {w}×{h}"
    page.locator("#draw-grid [data-index='12']").click()
    page.get_by_role("tab", name="Train").click()
    w, cw, h, ch = _no_scrollbars(page)
    assert w <= cw and h <= ch, f"Train tab needs scrollbars at 720×600: {w}×{h}"


@pytest.mark.parametrize("query", ["", "?tab=draw", "?embed=1", "?embed=1&tab=draw"])
def test_no_horizontal_scroll_at_320_px(guarded, server, query):
    page = guarded
    page.set_viewport_size({"width": 320, "height": 640})
    open_app(page, server.origin, query)
    page.click("#train")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > 320.5 && e.getClientRects().length)
        .map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)""")
    assert width <= 320, f"{width} px wide at 320 px: {wide}"


def test_the_page_never_opens_the_browsers_own_indexeddb(guarded, server):
    """PyScript gets the in-memory stand-in everywhere: the first open of the real IndexedDB in a new
    profile cost ~0.3 s of start-up, for storage nothing on the page needs to keep."""
    page = guarded
    page.add_init_script("""window.realIndexedDBOpens = [];
        const open = IDBFactory.prototype.open;
        IDBFactory.prototype.open = function (name, ...rest) {
            window.realIndexedDBOpens.push(name); return open.call(this, name, ...rest); };""")
    open_app(page, server.origin)
    assert page.evaluate("nnvizBoot.storage") == "memory"
    assert page.evaluate("window.realIndexedDBOpens") == []
    assert page.evaluate("indexedDB instanceof IDBFactory") is False
    page.click("#train")
    page.wait_for_function("() => nnviz.getState().iteration === 100")


def test_in_memory_storage_stand_in_behaves_like_indexeddb_for_what_pyscript_uses(guarded, server):
    page = guarded
    page.goto(f"{server.origin}/pyscript.toml")
    result = page.evaluate("""async () => {
        const { memoryIndexedDB: idb } = await import('/assets/memory-idb.js');
        const done = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
        const open = idb.open('IDBMap/test');
        let upgraded = false;
        open.onupgradeneeded = ({ target: { result: db, transaction } }) => {
            upgraded = !db.objectStoreNames.length; db.createObjectStore('entries');
            transaction.oncomplete = () => { upgraded = upgraded && 'complete'; };
        };
        const db = await done(open);
        const store = (mode) => db.transaction('entries', mode).objectStore('entries');
        const value = { a: [1, 2] };
        await done(store('readwrite').put(value, 'b'));
        await done(store('readwrite').put('x', 'a'));
        value.a.push(3);  // stored values are copies
        const got = await done(store('readonly').get('b'));
        const keys = await done(store('readonly').getAllKeys());
        const count = await done(store('readonly').count());
        const has = await done(store('readonly').getKey('zz'));
        let readOnly = '';
        try { store('readonly').put(1, 'c'); } catch (e) { readOnly = e.name; }
        await done(store('readwrite').delete('a'));
        const afterDelete = await done(store('readonly').count());
        await done(store('readwrite').clear());
        const afterClear = await done(store('readonly').count());
        const again = await done(idb.open('IDBMap/test'));
        return { upgraded, got, keys, count, has: has === undefined, readOnly, afterDelete, afterClear,
                 stores: Array.from(again.objectStoreNames) };
    }""")
    assert result == {"upgraded": "complete", "got": {"a": [1, 2]}, "keys": ["a", "b"], "count": 2, "has": True,
                      "readOnly": "ReadOnlyError", "afterDelete": 1, "afterClear": 0, "stores": ["entries"]}
