/**
 * Starts a module worker. Browsers only start workers from the page's own origin; when the
 * script is on another one (the widget's code served from Sift's host into a site), a
 * same-origin blob module that imports the real script stands in (its server must allow CORS).
 * `origin`, not `location.origin`: in a sandboxed frame (storage blocked) the page's origin is
 * opaque ("null") whatever its address says, and only the blob stub may start the worker.
 */
export function startModuleWorker(script: URL, name: string): Worker {
  const options: WorkerOptions = { type: 'module', name };
  return script.origin === globalThis.origin ? new Worker(script, options) : new Worker(URL.createObjectURL(new Blob([`import ${JSON.stringify(script.href)};`], { type: 'text/javascript' })), options);
}
