/**
 * Resolves once the browser has rendered the DOM as it is now (the task after the next frame).
 * Work that reads layout (focus, which scrolls to what it focuses) waits for it, so that it finds
 * layout done instead of forcing it inside the task that changed the DOM.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
