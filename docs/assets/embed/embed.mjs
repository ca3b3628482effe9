// Embed view: links that leave the page open in a new tab, so the frame keeps its place,
// and, only when a host page the council has named asks, the page reports its height so the
// host can size the frame (the optional auto-height handshake on the "Hosting and embedding" page).
// The height follows the step and the size of the case, so no other page may learn it: the
// origins allowed are the site's `extra.embed_origins` (mkdocs.yml), which the page carries in a
// meta tag, and the same setting names them in the Content-Security-Policy's frame-ancestors.

const HELLO = "ucb:embed-hello";
const HEIGHT = "ucb:embed-height";

document.documentElement.classList.add("ucb-embed");

function opensNewTab(link) {
  const target = new URL(link.href, location.href);
  const samePage = target.origin === location.origin && target.pathname === location.pathname;
  return !samePage && !link.hasAttribute("download");
}

function markLinks(root) {
  for (const link of root.querySelectorAll("a[href]")) {
    if (opensNewTab(link)) {
      link.target = "_blank";
      link.rel = "noopener";
    }
  }
}

markLinks(document);
new MutationObserver(() => markLinks(document)).observe(document.body, { childList: true, subtree: true });

const ALLOWED = new Set([
  location.origin,
  ...(document.querySelector('meta[name="ucb-embed-origins"]')?.content ?? "").split(/\s+/).filter(Boolean),
]);

// The host that asked for heights: replies go only to the parent frame, at the allowed origin it
// said hello from. Nothing but the page height is ever sent.
let host = null;

function reportHeight() {
  if (host === null) return;
  const height = Math.ceil(document.documentElement.scrollHeight);
  host.window.postMessage({ type: HEIGHT, height }, host.origin);
}

window.addEventListener("message", (event) => {
  if (event.source !== window.parent || window.parent === window) return;
  if (!ALLOWED.has(event.origin)) return;
  if (event.data === null || typeof event.data !== "object" || event.data.type !== HELLO) return;
  host = { window: event.source, origin: event.origin };
  reportHeight();
});

new ResizeObserver(reportHeight).observe(document.body);
