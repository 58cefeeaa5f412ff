import { defineConfig } from "vite";

// The dashboard, built into dist/web and served by the NameServer's HTTP listener. Every asset is
// in the build (no CDN): the page works on a network with no way out.
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 200,
  },
  logLevel: "warn",
});
