// Starts the decision toolkit's worker as soon as the page has fetched this module (it loads async,
// from the top of <head>: docs/overrides/main.html), so Python is on its way before the rest of the
// page has arrived.
import { getToolkit } from "./client.mjs";

getToolkit();
