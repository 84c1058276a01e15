// Vite builds the UI into static files that `saraban serve --webui-dir` serves.
// The daemon's Content-Security-Policy allows only files from its own origin
// (no inline script or style), so the build must not inline anything:
// assetsInlineLimit 0 keeps fonts and images as files, and check-dist.mjs
// fails the build if an inline <script> or <style> or style attribute appears.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: {
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  },
  build: {
    outDir: process.env.SARABAN_WEBUI_OUT || 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    // Office PCs run current Chromium/Firefox/Edge; phones current Chrome/Safari.
    target: 'es2020',
    sourcemap: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': { target: process.env.SARABAN_URL || 'http://127.0.0.1:8080', ws: true } },
  },
});
