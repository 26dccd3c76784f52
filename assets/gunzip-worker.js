// Start-up helper for assets/pyodide-loader.mjs: downloads one part of the memory snapshot and gunzips
// it (3.4-4.2 MB -> ~12 MB) off the main thread, which is busy starting PyScript meanwhile;
// the bytes reach the main thread only once, gunzipped. The part's URL is this worker's name.
(async (url) => {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const bytes = await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    postMessage(bytes, [bytes]);
  } catch (error) {
    postMessage({ error: String(error?.message || error) });
  }
})(self.name);
