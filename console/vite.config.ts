import { defineConfig, loadEnv } from "vite";
import react from "@vitejs/plugin-react";

// The service builds this app itself (src/console-host) and serves it at /, its files under /assets/.
export default defineConfig(({ mode }) => {
  // `npx vite console` for development: the API calls go to a running `npm start`, at the URL in API
  // (as `npm run demo` takes it), else on PORT as npm start's own setting, else on 8080
  const env = loadEnv(mode, ".", ["API", "PORT"]);
  const api = env.API || `http://127.0.0.1:${env.PORT || 8080}`;
  return {
    plugins: [react()],
    base: "/",
    build: { sourcemap: false, chunkSizeWarningLimit: 1024 },
    // the OpenAPI document too: the console reads from it which routes the service has
    server: { proxy: { "/data": api, "/ims": api, "/openapi.json": api } },
  };
});
