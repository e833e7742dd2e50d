import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** Lists the built files in offline-shell.json: public/sw.js keeps them, so the client starts offline. */
const offlineShell: Plugin = {
  name: "classe12-offline-shell",
  apply: "build",
  generateBundle(_options, bundle) {
    const files = Object.keys(bundle)
      .filter((name) => name.startsWith("assets/") && !name.endsWith(".woff")) // browsers take the woff2
      .map((name) => `/${name}`);
    this.emitFile({ type: "asset", fileName: "offline-shell.json", source: JSON.stringify(files) });
  },
};

// `npm run dev` proxies the API to a running gateway (make up): same origin, as in production.
export default defineConfig({
  plugins: [react(), offlineShell],
  server: { proxy: { "/api": process.env.API_URL ?? "http://127.0.0.1:8000" } },
  // the manifest tells bench/web_size.py which chunks a page loads first
  build: { sourcemap: false, manifest: true, chunkSizeWarningLimit: 600 },
});
