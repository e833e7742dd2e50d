import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API to a running gateway (make up): same origin, as in production.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": process.env.API_URL ?? "http://127.0.0.1:8000" } },
  // the manifest tells bench/web_size.py which chunks a page loads first
  build: { sourcemap: false, manifest: true, chunkSizeWarningLimit: 600 },
});
