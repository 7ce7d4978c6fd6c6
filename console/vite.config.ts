import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The service builds this app itself (src/console-host) and serves it at /, its files under /assets/.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { sourcemap: false, chunkSizeWarningLimit: 1024 },
  // `npx vite console` for development: the API calls go to a running `npm start`
  server: { proxy: { "/data": "http://127.0.0.1:8080", "/ims": "http://127.0.0.1:8080" } },
});
